/** A delivery attempt that did not succeed; the message is what lands on the alert's timeline. */
export class DeliveryError extends Error {
  constructor(
    message: string,
    readonly retryable = true,
  ) {
    super(message);
    this.name = "DeliveryError";
  }
}

const TIMEOUT_MS = 10_000;

/**
 * POSTs a JSON (or pre-serialised) body; any non-2xx answer or network failure becomes a
 * DeliveryError with the status and the start of the receiver's answer. 4xx other than 408/429
 * are not retried: the same request would be refused again.
 */
export async function postJson(
  url: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<void> {
  const text = typeof body === "string" ? body : JSON.stringify(body);
  let response: Response;
  try {
    response = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json", "user-agent": "Driftwatch", ...headers },
      body: text,
      signal: AbortSignal.timeout(TIMEOUT_MS),
      redirect: "error",
    });
  } catch (error) {
    const cause =
      error instanceof Error
        ? error.cause instanceof Error
          ? error.cause.message
          : error.message
        : String(error);
    throw new DeliveryError(`request to ${new URL(url).host} failed: ${cause}`);
  }
  if (response.ok) {
    await response.body?.cancel();
    return;
  }
  const answer = (await response.text().catch(() => "")).slice(0, 200);
  const retryable = response.status >= 500 || response.status === 408 || response.status === 429;
  throw new DeliveryError(
    `HTTP ${response.status} from ${new URL(url).host}${answer ? `: ${answer}` : ""}`,
    retryable,
  );
}
