import "server-only";
import { NextResponse } from "next/server";
import type { z } from "zod";
import { getCurrentUser, type CurrentUser } from "../auth/session";
import { can, type Permission } from "../auth/roles";
import { AppError, validationError } from "./errors";

type RouteContext<P> = { params: Promise<P> };
type Handler<P> = (req: Request, ctx: { user: CurrentUser; params: P }) => Promise<Response>;

/** Session or 401, permission or 403, and every thrown error mapped to the one error body. */
export function withSession<P = Record<string, never>>(
  handler: Handler<P>,
  options: { permission?: Permission } = {},
) {
  return async (req: Request, ctx: RouteContext<P>): Promise<Response> => {
    try {
      const user = await getCurrentUser();
      if (!user) throw new AppError("UNAUTHENTICATED", "Sign in to continue.");
      if (options.permission && !can(user.role, options.permission)) {
        throw new AppError("FORBIDDEN", `Your role (${user.role}) is not allowed to do this.`);
      }
      return await handler(req, { user, params: await ctx.params });
    } catch (error) {
      return errorResponse(error);
    }
  };
}

export function errorResponse(error: unknown): Response {
  if (error instanceof AppError) return NextResponse.json(error.toBody(), { status: error.status });
  if (isDatabaseUnavailable(error)) {
    console.error("[api] database unavailable:", error);
    return NextResponse.json(
      {
        error: {
          code: "SERVICE_UNAVAILABLE",
          message: "The database is unavailable. Try again in a moment.",
        },
      },
      { status: 503, headers: { "Retry-After": "5" } },
    );
  }
  console.error("[api] unhandled error:", error);
  return NextResponse.json(
    { error: { code: "INTERNAL", message: "Something went wrong on our side. The error was logged." } },
    { status: 500 },
  );
}

/** Reads and validates a JSON body; 415/400/422 with a readable message otherwise. */
export async function parseJsonBody<S extends z.ZodType>(req: Request, schema: S, what = "request body") {
  const type = req.headers.get("content-type") ?? "";
  if (!type.includes("application/json")) {
    throw new AppError("UNSUPPORTED_MEDIA_TYPE", "Send the body as JSON (Content-Type: application/json).");
  }
  let raw: unknown;
  try {
    raw = await req.json();
  } catch {
    throw new AppError("BAD_REQUEST", "The body is not valid JSON.");
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw validationError(parsed.error, what);
  return parsed.data as z.output<S>;
}

export function parseSearchParams<S extends z.ZodType>(req: Request, schema: S): z.output<S> {
  const params = Object.fromEntries(new URL(req.url).searchParams.entries());
  const parsed = schema.safeParse(params);
  if (!parsed.success) throw validationError(parsed.error, "query");
  return parsed.data as z.output<S>;
}

// pg/libpq connection failures, PostgreSQL "shutting down / starting up", and Prisma's connection codes.
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
      /ECONNREFUSED|Can't reach database server|Connection terminated|terminating connection|the database system is (starting|shutting) up/i.test(
        obj.message,
      )
    ) {
      return true;
    }
    e = obj.meta?.driverAdapterError ?? obj.cause;
  }
  return false;
}
