import { Prisma } from "./generated/prisma/client";

// What a database error means, in one place: a connection-level outage (the caller should come back: 503 +
// Retry-After, or a retry loop) or a unique-constraint violation (a name taken, an idempotent insert lost a race).

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

/** A unique constraint refused the row (Prisma P2002, or PostgreSQL 23505 through the driver). */
export function isUniqueViolation(error: unknown): boolean {
  if (error instanceof Prisma.PrismaClientKnownRequestError) return error.code === "P2002";
  return (
    typeof (error as { code?: unknown } | null)?.code === "string" &&
    (error as { code: string }).code === "23505"
  );
}
