import "server-only";
import { NextResponse } from "next/server";
import type { z } from "zod";
import { runWithAuditContext } from "../audit/request-context";
import { getRequestUser, type CurrentUser } from "../auth/session";
import { can, ROLE_LABELS, type Permission } from "../auth/roles";
import { env } from "../env";
import { clientIp, userAgent } from "../security/client-ip";
import { findUnstorableText } from "../security/storable-text";
import { crossOriginReason } from "../security/request-origin";
import { AppError, validationError } from "./errors";
import { readBodyWithLimit } from "./read-body";

/** JSON bodies above this are refused with 413 before they are parsed. */
export const MAX_JSON_BODY_BYTES = 1024 * 1024;

type RouteContext<P> = { params: Promise<P> };
type Handler<P> = (req: Request, ctx: { user: CurrentUser; params: P }) => Promise<Response>;

/**
 * Cross-site mutations refused (CSRF), session or 401, permission or 403, every thrown error mapped to the one
 * error body. The handler runs with the actor and client address in the audit context (lib/audit).
 * The returned function carries its `permission`, so the route-walk test can check what each route declares.
 */
export function withSession<P = Record<string, never>>(
  handler: Handler<P>,
  options: { permission?: Permission } = {},
) {
  const wrapped = async (req: Request, ctx: RouteContext<P>): Promise<Response> => {
    try {
      const crossOrigin = crossOriginReason(req, env().publicUrl);
      if (crossOrigin) throw new AppError("FORBIDDEN", `${crossOrigin} Use the dashboard itself to make changes.`);
      const user = await getRequestUser(req);
      if (!user) throw new AppError("UNAUTHENTICATED", "Sign in to continue.");
      if (options.permission && !can(user.role, options.permission)) {
        throw new AppError("FORBIDDEN", `Your role (${ROLE_LABELS[user.role]}) does not allow this. Ask an admin if you need it.`);
      }
      const audit = { ip: clientIp(req.headers), userAgent: userAgent(req.headers), actorId: user.id, actorLabel: user.email };
      const params = await ctx.params;
      return await runWithAuditContext(audit, () => handler(req, { user, params }));
    } catch (error) {
      return errorResponse(error);
    }
  };
  return Object.assign(wrapped, { permission: options.permission ?? null });
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

/** Reads and validates a JSON body (at most MAX_JSON_BODY_BYTES); 415/413/400/422 with a readable message otherwise. */
export async function parseJsonBody<S extends z.ZodType>(req: Request, schema: S, what = "request body") {
  const type = req.headers.get("content-type") ?? "";
  if (!type.includes("application/json")) {
    throw new AppError("UNSUPPORTED_MEDIA_TYPE", "Send the body as JSON (Content-Type: application/json).");
  }
  const bytes = await readBodyWithLimit(req, MAX_JSON_BODY_BYTES);
  let raw: unknown;
  try {
    raw = JSON.parse(bytes.toString("utf8"));
  } catch {
    throw new AppError("BAD_REQUEST", "The body is not valid JSON.");
  }
  // Text the database cannot store (NUL, lone surrogates) is refused here by name, not by a failed INSERT (500).
  const badTextAt = findUnstorableText(raw);
  if (badTextAt) {
    const message = "contains characters that cannot be stored (NUL or an unpaired surrogate)";
    throw new AppError("VALIDATION_FAILED", `Invalid ${what}: ${badTextAt}: ${message}`, { issues: [{ path: badTextAt, message }] });
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
      /ECONNREFUSED|Can't reach database server|Connection terminated|terminating connection|the database system is (starting|shutting) up|is not queryable/i.test(
        obj.message,
      )
    ) {
      return true;
    }
    e = obj.meta?.driverAdapterError ?? obj.cause;
  }
  return false;
}
