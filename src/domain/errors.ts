/**
 * The one error type of Stepwise. `code` is stable and maps to an HTTP status
 * (HTTP_STATUS below, used by src/http/app.ts) and to the CLI's exit code.
 */
export type ErrorCode =
  | "validation_failed"
  | "unauthenticated"
  | "forbidden"
  | "not_found"
  | "conflict"
  | "payload_too_large"
  | "unsupported_media_type"
  | "rate_limited"
  | "internal";

export interface ErrorDetail {
  /** Field path (`value`, `steps.3.enteredAt`) or `file:line:column`. */
  path: string;
  message: string;
  value?: unknown;
}

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: ErrorDetail[],
  ) {
    super(message);
    this.name = "AppError";
  }
}

export const HTTP_STATUS: Record<ErrorCode, number> = {
  validation_failed: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  internal: 500,
};
