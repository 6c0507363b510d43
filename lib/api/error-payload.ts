import { log } from "../observability/logger";
import { AppError, type ErrorBody } from "../app-error";
import { isDatabaseUnavailable } from "../db-errors";

// Every thrown error mapped to one status and one body shape, without any framework: used by the route
// handlers (lib/api/handler.ts, as a NextResponse) and by the app server's direct webhook path
// (lib/webhooks/node-webhook-handler.ts, written to a node:http response).

export type ErrorPayload = { status: number; body: ErrorBody; headers?: Record<string, string> };

export function errorPayload(error: unknown): ErrorPayload {
  if (error instanceof AppError) return { status: error.status, body: error.toBody() };
  if (isDatabaseUnavailable(error)) {
    log("api").error({ err: error }, "database unavailable");
    return {
      status: 503,
      body: {
        error: {
          code: "SERVICE_UNAVAILABLE",
          message: "The database is unavailable. Try again in a moment.",
        },
      },
      headers: { "Retry-After": "5" },
    };
  }
  log("api").error({ err: error }, "unhandled error");
  return {
    status: 500,
    body: { error: { code: "INTERNAL", message: "Something went wrong on our side. The error was logged." } },
  };
}
