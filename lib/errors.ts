/** The closed set of domain errors; app/ maps them to HTTP statuses and UI messages in one place. */
export type DomainErrorCode =
  | "UNAUTHORIZED"
  | "FORBIDDEN"
  | "NOT_FOUND"
  | "CONFLICT"
  | "INVALID"
  | "TOO_LARGE"
  | "UNSUPPORTED_MEDIA_TYPE";

export class DomainError extends Error {
  constructor(
    readonly code: DomainErrorCode,
    message: string,
    /** For INVALID: the field that is wrong, as the caller named it. */
    readonly field?: string,
    /** Extra fields of the JSON answer, e.g. the failing rows of a batch. */
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = "DomainError";
  }
}

export const unauthorized = (message = "Sign in to continue.") => new DomainError("UNAUTHORIZED", message);
export const forbidden = (message: string) => new DomainError("FORBIDDEN", message);
export const notFound = (message: string) => new DomainError("NOT_FOUND", message);
export const conflict = (message: string) => new DomainError("CONFLICT", message);
export const invalid = (field: string, message: string) => new DomainError("INVALID", message, field);
export const tooLarge = (message: string) => new DomainError("TOO_LARGE", message);
export const unsupportedMediaType = (message: string) => new DomainError("UNSUPPORTED_MEDIA_TYPE", message);

export const httpStatus: Record<DomainErrorCode, number> = {
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  INVALID: 400,
  TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
};
