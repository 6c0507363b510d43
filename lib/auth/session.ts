import "server-only";
import { getToken } from "next-auth/jwt";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { connection } from "next/server";
import { env } from "../env";
import { can, type Permission, type RoleName } from "./roles";
import { findSessionUser } from "./sessions";

export type CurrentUser = {
  id: string;
  email: string;
  name: string;
  role: RoleName;
  /** Settings require two-factor sign-in for admins and this admin has none yet: only enrolment is open. */
  mustEnrolTwoFactor?: boolean;
};

export const TWO_FACTOR_PAGE = "/account/two-factor";

/**
 * The signed-in user for a server page, re-read from the database on every call: a deactivated user, a changed
 * role, a signed-out or idle session take effect at once rather than when the session cookie expires.
 */
export async function getCurrentUser(): Promise<CurrentUser | null> {
  await connection(); // per-request by nature: never prerendered at build time
  return (await sessionFromHeaders(await headers()))?.user ?? null;
}

/**
 * The same for a route handler, from the request's own session cookie (next-auth's JWT, decrypted with
 * NEXTAUTH_SECRET). Route handlers get the Request, so they need no request-scoped `next/headers`; this is also
 * what lets the integration suite call handlers with a real signed-in cookie.
 */
export async function getRequestUser(req: Request): Promise<CurrentUser | null> {
  return (await sessionFromHeaders(req.headers))?.user ?? null;
}

/** The user and the server-side session id (lib/auth/sessions.ts), for code that re-checks the session later. */
export async function getRequestSession(req: Request): Promise<RequestSession | null> {
  return sessionFromHeaders(req.headers);
}

type RequestSession = { user: CurrentUser; sessionId: string; signedInAt: number | undefined };

async function sessionFromHeaders(
  source: Headers | Awaited<ReturnType<typeof headers>>,
): Promise<RequestSession | null> {
  // next-auth reads `req.cookies` (NextRequest has it; a plain Request does not), so hand it the parsed header.
  const token = await getToken({
    req: { headers: source, cookies: parseCookies(source.get("cookie")) } as unknown as Parameters<
      typeof getToken
    >[0]["req"],
    secret: env().NEXTAUTH_SECRET,
    secureCookie: env().behindTls,
  });
  if (!token?.uid || !token.sid) return null; // a cookie from before server-side sessions: sign in again
  const user = await liveSessionUser(token.sid, token.uid, token.signedInAt, { touch: true });
  return user ? { user, sessionId: token.sid, signedInAt: token.signedInAt } : null;
}

function parseCookies(header: string | null): Record<string, string> {
  const cookies: Record<string, string> = {};
  for (const part of header?.split(";") ?? []) {
    const eq = part.indexOf("=");
    if (eq <= 0) continue;
    const name = part.slice(0, eq).trim();
    try {
      cookies[name] = decodeURIComponent(part.slice(eq + 1).trim());
    } catch {
      // a malformed value is no session
    }
  }
  return cookies;
}

/** The session's user while it may still act: session live, user active, not revoked since this sign-in. */
export async function liveSessionUser(
  sessionId: string,
  uid: string,
  signedInAt: number | undefined,
  options: { touch: boolean },
): Promise<CurrentUser | null> {
  const user = await findSessionUser(sessionId, options);
  if (!user || user.id !== uid || !user.active) return null;
  if (user.sessionsRevokedAt && (signedInAt ?? 0) < user.sessionsRevokedAt.getTime()) return null;
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    role: user.role,
    mustEnrolTwoFactor: user.mustEnrolTwoFactor,
  };
}

/** For server pages: the user, or a redirect to the login page (or the "not allowed" page when the role lacks access). */
export async function requirePageUser(
  permission?: Permission,
  options: { allowWithoutTwoFactor?: boolean } = {},
): Promise<CurrentUser> {
  const user = await getCurrentUser();
  if (!user) redirect("/login");
  if (user.mustEnrolTwoFactor && !options.allowWithoutTwoFactor) redirect(TWO_FACTOR_PAGE);
  if (permission && !can(user.role, permission)) redirect("/forbidden");
  return user;
}
