import { type z } from "zod";

// One error class, one body shape: { "error": { "code", "message", ...details } }.
// Services throw AppError; route handlers map it to a response in exactly one place (lib/api/handler.ts).

const ERROR_STATUS = {
  BAD_REQUEST: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  VALIDATION_FAILED: 422,
  WINDOW_CLOSED: 422,
  UPSTREAM_REJECTED: 422,
  RATE_LIMITED: 429,
  INTERNAL: 500,
  UPSTREAM_ERROR: 502,
  SERVICE_UNAVAILABLE: 503,
  UPSTREAM_TIMEOUT: 504,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export type ErrorBody = {
  error: { code: ErrorCode; message: string; details?: Record<string, unknown> };
};

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details?: Record<string, unknown>;

  constructor(code: ErrorCode, message: string, details?: Record<string, unknown>) {
    super(message);
    this.name = "AppError";
    this.code = code;
    this.details = details;
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }

  toBody(): ErrorBody {
    return {
      error: { code: this.code, message: this.message, ...(this.details ? { details: this.details } : {}) },
    };
  }
}

/** A zod failure as a readable 422: the first problem in the message, every problem in details. */
export function validationError(error: z.ZodError, what = "request"): AppError {
  const issues = error.issues.map((i) => ({ path: formatPath(i.path), message: i.message }));
  const first = issues[0];
  const message = first
    ? `Invalid ${what}: ${first.path ? `${first.path}: ` : ""}${first.message}`
    : `Invalid ${what}`;
  return new AppError("VALIDATION_FAILED", message, { issues });
}

function formatPath(path: PropertyKey[]): string {
  return path
    .map((p, i) => (typeof p === "number" ? `[${p}]` : `${i === 0 ? "" : "."}${String(p)}`))
    .join("");
}
