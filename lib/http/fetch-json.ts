/** An API error answer, with the field the server named when input was wrong. */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly field?: string,
  ) {
    super(message);
    this.name = "ApiError";
  }
}

/** fetch + JSON for the app's own route handlers; a non-2xx answer throws its `error.message`. */
export async function fetchJson<T>(url: string, init?: RequestInit): Promise<T> {
  const response = await fetch(url, {
    ...init,
    headers: { "content-type": "application/json", ...init?.headers },
  });
  const body = await response.json().catch(() => null);
  if (!response.ok) {
    const error = body?.error as { message?: string; field?: string } | undefined;
    throw new ApiError(
      error?.message ?? `The server answered ${response.status}.`,
      response.status,
      error?.field,
    );
  }
  return body as T;
}
