import { log } from "../observability/logger";
import { AppError, type ErrorBody } from "./errors";

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
      body: { error: { code: "SERVICE_UNAVAILABLE", message: "The database is unavailable. Try again in a moment." } },
      headers: { "Retry-After": "5" },
    };
  }
  log("api").error({ err: error }, "unhandled error");
  return {
    status: 500,
    body: { error: { code: "INTERNAL", message: "Something went wrong on our side. The error was logged." } },
  };
}

// pg/libpq connection failures, PostgreSQL "shutting down / starting up", and Prisma's connection codes.
// pg's "Client has encountered a connection error and is not queryable" (a pooled client whose socket died
// mid-transaction) has no code, hence the message patterns below.
const CONNECTION_ERROR_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "57P01",
  "57P02",
  "57P03",
  "08000",
  "08001",
  "08003",
  "08006",
  "P1001",
  "P1002",
  "P1008",
  "P1017",
  "P2024",
  // Prisma could not start an interactive transaction in time: the pool is exhausted (overload), so the caller
  // should come back (503 + Retry-After; Connectly retries a webhook) rather than see a 500.
  "P2028",
]);
const ADAPTER_CONNECTION_KINDS = new Set([
  "DatabaseNotReachable",
  "ConnectionClosed",
  "SocketTimeout",
  "TooManyConnections",
]);

/** Connection-level failures of PostgreSQL (server down or restarting), through pg or Prisma's adapter. */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && depth < 5; depth++) {
    const obj = e as {
      code?: unknown;
      kind?: unknown;
      cause?: unknown;
      message?: unknown;
      meta?: { driverAdapterError?: unknown };
    };
    if (typeof obj.code === "string" && CONNECTION_ERROR_CODES.has(obj.code)) return true;
    if (typeof obj.kind === "string" && ADAPTER_CONNECTION_KINDS.has(obj.kind)) return true;
    if (
      typeof obj.message === "string" &&
      /ECONNREFUSED|Can't reach database server|Connection terminated|terminating connection|the database system is (starting|shutting) up|is not queryable|timeout exceeded when trying to connect/i.test(
        obj.message,
      )
    ) {
      return true;
    }
    e = obj.meta?.driverAdapterError ?? obj.cause;
  }
  return false;
}
