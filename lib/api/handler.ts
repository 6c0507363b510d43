import "server-only";
import { NextResponse } from "next/server";
import type { z } from "zod";
import { runWithAuditContext } from "../audit/request-context";
import { getRequestSession, getRequestUser, type CurrentUser } from "../auth/session";
import { can, ROLE_LABELS, type Permission } from "../auth/roles";
import { env } from "../env";
import { clientIp, userAgent } from "../security/client-ip";
import { jsonDepthExceeds, nestingMessage } from "../security/json-depth";
import { findUnstorableText } from "../security/storable-text";
import { crossOriginReason } from "../security/request-origin";
import { AppError, validationError } from "../app-error";
import { errorPayload } from "./error-payload";
import { readBodyWithLimit } from "./read-body";

/** JSON bodies above this are refused with 413 before they are parsed. */
const MAX_JSON_BODY_BYTES = 1024 * 1024;

type RouteContext<P> = { params: Promise<P> };
type Handler<P> = (
  req: Request,
  ctx: {
    user: CurrentUser;
    params: P;
    /** The server-side session behind the request (id, sign-in time), for a handler that re-checks it later. */
    requestSession: () => ReturnType<typeof getRequestSession>;
  },
) => Promise<Response>;

/**
 * Cross-site mutations refused (CSRF), session or 401, permission or 403, every thrown error mapped to the one
 * error body. The handler runs with the actor and client address in the audit context (lib/audit).
 * The returned function carries its `permission`, so the route-walk test can check what each route declares.
 */
export function withSession<P = Record<string, never>>(
  handler: Handler<P>,
  options: { permission?: Permission; allowWithoutTwoFactor?: boolean } = {},
) {
  const wrapped = async (req: Request, ctx: RouteContext<P>): Promise<Response> => {
    try {
      const crossOrigin = crossOriginReason(req, env().publicUrl);
      if (crossOrigin)
        throw new AppError("FORBIDDEN", `${crossOrigin} Use the dashboard itself to make changes.`);
      const user = await getRequestUser(req);
      if (!user) throw new AppError("UNAUTHENTICATED", "Sign in to continue.");
      if (user.mustEnrolTwoFactor && !options.allowWithoutTwoFactor) {
        throw new AppError(
          "FORBIDDEN",
          "Admins must use two-factor sign-in: set it up at /account/two-factor first.",
        );
      }
      if (options.permission && !can(user.role, options.permission)) {
        throw new AppError(
          "FORBIDDEN",
          `Your role (${ROLE_LABELS[user.role]}) does not allow this. Ask an admin if you need it.`,
        );
      }
      const audit = {
        ip: clientIp(req.headers),
        userAgent: userAgent(req.headers),
        actorId: user.id,
        actorLabel: user.email,
      };
      const params = await ctx.params;
      refuseUnstorableUrlText(req, params);
      const requestSession = () => getRequestSession(req);
      return await runWithAuditContext(audit, () => handler(req, { user, params, requestSession }));
    } catch (error) {
      return errorResponse(error);
    }
  };
  return Object.assign(wrapped, { permission: options.permission ?? null });
}

export function errorResponse(error: unknown): Response {
  const { status, body, headers } = errorPayload(error);
  return NextResponse.json(body, { status, headers });
}

/** Reads and validates a JSON body (at most MAX_JSON_BODY_BYTES); 415/413/400/422 with a readable message otherwise. */
export async function parseJsonBody<S extends z.ZodType>(req: Request, schema: S, what = "request body") {
  const type = req.headers.get("content-type") ?? "";
  if (!type.includes("application/json")) {
    throw new AppError("UNSUPPORTED_MEDIA_TYPE", "Send the body as JSON (Content-Type: application/json).");
  }
  const bytes = await readBodyWithLimit(req, MAX_JSON_BODY_BYTES);
  return parseJsonText(bytes.toString("utf8"), schema, what);
}

/**
 * JSON text from a client (a body, or JSON carried in a query parameter) parsed and validated: 400 when it is not
 * JSON, 422 when it nests deeper than MAX_JSON_DEPTH (checked on the text, before any recursive walk), holds text
 * the database cannot store, or fails the schema.
 */
export function parseJsonText<S extends z.ZodType>(
  text: string,
  schema: S,
  what = "request body",
): z.output<S> {
  if (jsonDepthExceeds(text)) {
    const message = nestingMessage();
    throw new AppError("VALIDATION_FAILED", `Invalid ${what}: ${message}`, {
      issues: [{ path: "", message }],
    });
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new AppError("BAD_REQUEST", `The ${what} is not valid JSON.`);
  }
  refuseUnstorable(raw, what);
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw validationError(parsed.error, what);
  return parsed.data as z.output<S>;
}

const UNSTORABLE_MESSAGE = "contains characters that cannot be stored (NUL or an unpaired surrogate)";

// Text the database cannot store (NUL, lone surrogates) is refused here by name, not by a failed INSERT (500).
function refuseUnstorable(value: unknown, what: string) {
  const badTextAt = findUnstorableText(value);
  if (badTextAt) {
    throw new AppError("VALIDATION_FAILED", `Invalid ${what}: ${badTextAt}: ${UNSTORABLE_MESSAGE}`, {
      issues: [{ path: badTextAt, message: UNSTORABLE_MESSAGE }],
    });
  }
}

/**
 * The same storable-text rule as bodies, for every route: query parameters (names and values) and path segments
 * holding NUL or a lone surrogate are a 422 before the handler runs, whether or not it validates them itself.
 */
function refuseUnstorableUrlText(req: Request, params: unknown) {
  refuseUnstorable(params ?? {}, "path");
  // Each pair on its own: a repeated name (?q=a&q=%00) must not hide one of its values.
  for (const [key, value] of new URL(req.url).searchParams) refuseUnstorable({ [key]: value }, "query");
}

export function parseSearchParams<S extends z.ZodType>(req: Request, schema: S): z.output<S> {
  const params = Object.fromEntries(new URL(req.url).searchParams.entries());
  const parsed = schema.safeParse(params);
  if (!parsed.success) throw validationError(parsed.error, "query");
  return parsed.data as z.output<S>;
}
