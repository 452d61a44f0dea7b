import { NextResponse } from "next/server";
import { ZodError } from "zod";
import { DomainError, httpStatus } from "../errors";

export type ApiErrorBody = {
  error: { code: string; message: string; field?: string; [detail: string]: unknown };
};

// RFC 6750: a 401 names the scheme it expects (sessions use a cookie, machines a bearer key).
const UNAUTHORIZED_HEADERS = { "WWW-Authenticate": 'Bearer realm="driftwatch"' };

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
  console.error(error);
  return NextResponse.json(
    { error: { code: "INTERNAL", message: "Something went wrong on our side." } },
    { status: 500 },
  );
}

/** Wraps a route handler so domain and validation errors become 4xx JSON answers. */
export function apiHandler<Args extends unknown[]>(
  handler: (...args: Args) => Promise<Response>,
): (...args: Args) => Promise<Response> {
  return async (...args) => {
    try {
      return await handler(...args);
    } catch (error) {
      return errorResponse(error);
    }
  };
}
