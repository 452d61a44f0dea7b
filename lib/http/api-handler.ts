import { NextResponse } from "next/server";
import { ZodError } from "zod";
import { isDatabaseUnavailable } from "../database-unavailable";
import { DomainError, httpStatus } from "../errors";

export type ApiErrorBody = {
  error: { code: string; message: string; field?: string; [detail: string]: unknown };
};

// RFC 6750: a 401 names the scheme it expects (sessions use a cookie, machines a bearer key).
const UNAUTHORIZED_HEADERS = { "WWW-Authenticate": 'Bearer realm="driftwatch"' };

/** Seconds a client should wait before retrying while the database is unreachable. */
export const RETRY_AFTER_SECONDS = 10;

/** Maps a thrown error to the JSON answer of a route handler; unknown errors never leak a stack. */
export function errorResponse(error: unknown): NextResponse<ApiErrorBody> {
  if (error instanceof DomainError) {
    return NextResponse.json(
      {
        error: {
          code: error.code,
          message: error.message,
          ...(error.field ? { field: error.field } : {}),
          ...error.details,
        },
      },
      {
        status: httpStatus[error.code],
        headers: error.code === "UNAUTHORIZED" ? UNAUTHORIZED_HEADERS : undefined,
      },
    );
  }
  if (error instanceof ZodError) {
    const issue = error.issues[0];
    const field = issue.path.join(".") || "body";
    return NextResponse.json(
      { error: { code: "INVALID", message: `${field}: ${issue.message}`, field } },
      { status: 400 },
    );
  }
  if (isDatabaseUnavailable(error)) {
    // Temporary: a client that retries (an ETL job re-sending its batch) should wait and try again.
    console.error("Database unavailable:", error instanceof Error ? error.message : error);
    return NextResponse.json(
      {
        error: {
          code: "UNAVAILABLE",
          message: `The database is not reachable just now; retry in ${RETRY_AFTER_SECONDS} s.`,
        },
      },
      { status: 503, headers: { "Retry-After": String(RETRY_AFTER_SECONDS) } },
    );
  }
  console.error(error);
  return NextResponse.json(
    { error: { code: "INTERNAL", message: "Something went wrong on our side." } },
    { status: 500 },
  );
}

/** What every API answer may be cached as, unless its handler says otherwise: by no one. */
export const API_CACHE_CONTROL = "private, no-store";

/**
 * Wraps a route handler so domain and validation errors become 4xx JSON answers (503 while the
 * database is unreachable), and so no answer — which carries a user's data or a machine's
 * result — is kept by a browser or a shared cache (`Cache-Control: private, no-store`).
 */
export function apiHandler<Args extends unknown[]>(
  handler: (...args: Args) => Promise<Response>,
): (...args: Args) => Promise<Response> {
  return async (...args) => {
    let response: Response;
    try {
      response = await handler(...args);
    } catch (error) {
      response = errorResponse(error);
    }
    if (!response.headers.has("cache-control")) response.headers.set("Cache-Control", API_CACHE_CONTROL);
    return response;
  };
}
