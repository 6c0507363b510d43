import "server-only";
import { getServerSession } from "next-auth";
import { getToken } from "next-auth/jwt";
import { redirect } from "next/navigation";
import { connection } from "next/server";
import { db } from "../db";
import { env } from "../env";
import { authOptions } from "./options";
import { can, type Permission, type RoleName } from "./roles";

export type CurrentUser = { id: string; email: string; name: string; role: RoleName };

/**
 * The signed-in user for a server page, re-read from the database on every call: a deactivated user or a changed
 * role takes effect at once rather than when the session cookie expires.
 */
export async function getCurrentUser(): Promise<CurrentUser | null> {
  await connection(); // per-request by nature: never prerendered at build time
  const session = await getServerSession(authOptions());
  return activeUser(session?.user?.id, session?.user?.signedInAt);
}

/**
 * The same for a route handler, from the request's own session cookie (next-auth's JWT, decrypted with
 * NEXTAUTH_SECRET). Route handlers get the Request, so they need no request-scoped `next/headers`; this is also
 * what lets the integration suite call handlers with a real signed-in cookie.
 */
export async function getRequestUser(req: Request): Promise<CurrentUser | null> {
  // next-auth reads `req.cookies` (NextRequest has it; a plain Request does not), so hand it the parsed header.
  const token = await getToken({
    req: { headers: req.headers, cookies: parseCookies(req.headers.get("cookie")) } as unknown as Parameters<
      typeof getToken
    >[0]["req"],
    secret: env().NEXTAUTH_SECRET,
    secureCookie: env().behindTls,
  });
  return activeUser(token?.uid, token?.signedInAt);
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

async function activeUser(
  id: string | undefined,
  signedInAt: number | undefined,
): Promise<CurrentUser | null> {
  if (!id) return null;
  const user = await db.user.findUnique({
    where: { id },
    select: { id: true, email: true, name: true, role: true, active: true, sessionsRevokedAt: true },
  });
  if (!user?.active) return null;
  if (user.sessionsRevokedAt && (signedInAt ?? 0) < user.sessionsRevokedAt.getTime()) return null;
  return { id: user.id, email: user.email, name: user.name, role: user.role };
}

/** For server pages: the user, or a redirect to the login page (or the "not allowed" page when the role lacks access). */
export async function requirePageUser(permission?: Permission): Promise<CurrentUser> {
  const user = await getCurrentUser();
  if (!user) redirect("/login");
  if (permission && !can(user.role, permission)) redirect("/forbidden");
  return user;
}
