import "server-only";
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { z } from "zod";
import { isDatabaseUnavailable } from "../api/error-payload";
import { recordAuditEvent } from "../audit/record-audit-event";
import { db } from "../db";
import { env } from "../env";
import { clientIp, userAgent } from "../security/client-ip";
import {
  accountKey,
  ACCOUNT_LIMIT,
  clearFailures,
  IP_LIMIT,
  ipKey,
  lockedForMs,
  recordFailure,
} from "../security/sign-in-throttle";
import type { RoleName } from "./roles";
import { verifyPassword } from "./password";
import { safeAuthRedirect } from "./safe-callback";
import { lockedErrorCode, UNAVAILABLE_ERROR } from "./sign-in-errors";

const credentialsSchema = z.object({
  email: z.string().trim().toLowerCase().max(320).pipe(z.email()),
  password: z.string().min(1).max(1024),
});

export const SESSION_MAX_AGE_S = 12 * 60 * 60; // one working day, then sign in again

let cached: NextAuthOptions | undefined;

/** Built on first use: reading the environment at import time would break `next build`. */
export function authOptions(): NextAuthOptions {
  cached ??= buildOptions();
  return cached;
}

type AuthorizedUser = { id: string; email: string; name: string; role: RoleName };

/**
 * Email + password against the database, rate-limited per account and per client address (lib/security/
 * sign-in-throttle.ts). Every outcome is audited. A lock-out is thrown so the login page can say how long it lasts.
 */
export async function authorizeCredentials(
  raw: unknown,
  headers: Record<string, string | string[] | undefined>,
): Promise<AuthorizedUser | null> {
  const ip = clientIp(headers);
  const agent = userAgent(headers);
  const parsed = credentialsSchema.safeParse(raw);
  const email = parsed.success ? parsed.data.email : typedEmail(raw);
  const keys = [...(email ? [accountKey(email)] : []), ...(ip ? [ipKey(ip)] : [])];
  const audit = (
    action: "auth.sign_in" | "auth.sign_in_failed" | "auth.sign_in_locked",
    actorId: string | null,
    details?: Record<string, unknown>,
  ) =>
    recordAuditEvent({
      actorId,
      actorLabel: email,
      action,
      targetType: "user",
      targetId: actorId,
      targetLabel: email,
      details,
      ip,
      userAgent: agent,
    });
  try {
    const locked = await lockedForMs(keys);
    if (locked > 0) {
      await audit("auth.sign_in_locked", null, {
        retryAfterSeconds: Math.ceil(locked / 1000),
        summary: `Refused without checking the password: locked for ${Math.ceil(locked / 60_000)} more min`,
      });
      throw new Error(lockedErrorCode(locked));
    }
    const user = parsed.success
      ? await db.user.findUnique({
          where: { email: parsed.data.email },
          select: { id: true, email: true, name: true, role: true, active: true, passwordHash: true },
        })
      : null;
    // Verify even when the user is unknown, so response time does not reveal which emails exist.
    const ok = await verifyPassword(
      user?.passwordHash ?? DUMMY_HASH,
      parsed.success ? parsed.data.password : "",
    );
    if (!user || !ok || !user.active) {
      const lockMs = Math.max(
        email ? await recordFailure(accountKey(email), ACCOUNT_LIMIT) : 0,
        ip ? await recordFailure(ipKey(ip), IP_LIMIT) : 0,
      );
      const reason = !user ? "unknown email" : !ok ? "wrong password" : "account deactivated";
      await audit("auth.sign_in_failed", user?.id ?? null, {
        reason,
        ...(lockMs > 0 ? { lockedForSeconds: Math.ceil(lockMs / 1000) } : {}),
        summary: `${reason[0]!.toUpperCase()}${reason.slice(1)}${lockMs > 0 ? `; now locked for ${Math.ceil(lockMs / 60_000)} min` : ""}`,
      });
      if (lockMs > 0) throw new Error(lockedErrorCode(lockMs));
      return null;
    }
    await clearFailures(accountKey(user.email));
    await db.user.update({
      where: { id: user.id },
      data: { lastSignInAt: new Date() },
      select: { id: true },
    });
    await audit("auth.sign_in", user.id);
    return { id: user.id, email: user.email, name: user.name, role: user.role };
  } catch (error) {
    if (isDatabaseUnavailable(error)) {
      console.error("[auth] database unavailable during sign-in:", error);
      throw new Error(UNAVAILABLE_ERROR);
    }
    throw error;
  }
}

/** The email field of a submission that failed validation, for the per-account counter and the audit log. */
function typedEmail(raw: unknown): string | null {
  const value = (raw as { email?: unknown } | null)?.email;
  return typeof value === "string" && value.trim() ? value.trim().toLowerCase().slice(0, 320) : null;
}

const buildOptions = (): NextAuthOptions => ({
  secret: env().NEXTAUTH_SECRET,
  // Cookies: HttpOnly and SameSite=Lax (next-auth's defaults); Secure with the __Secure- prefix behind https.
  useSecureCookies: env().behindTls,
  session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_S },
  jwt: { maxAge: SESSION_MAX_AGE_S },
  pages: { signIn: "/login" },
  providers: [
    CredentialsProvider({
      name: "Email and password",
      credentials: {
        email: { label: "Email", type: "email" },
        password: { label: "Password", type: "password" },
      },
      authorize: (raw, req) =>
        authorizeCredentials(raw, (req.headers ?? {}) as Record<string, string | undefined>),
    }),
  ],
  callbacks: {
    // next-auth's own redirects (sign-in, sign-out) stay on this site, with the same rule as the login page.
    redirect: ({ url, baseUrl }) => safeAuthRedirect(url, baseUrl),
    jwt({ token, user }) {
      if (user) {
        token.uid = user.id;
        token.role = (user as unknown as AuthorizedUser).role;
        token.signedInAt = Date.now();
      }
      return token;
    },
    session({ session, token }) {
      if (session.user) {
        session.user.id = token.uid as string;
        session.user.role = token.role as RoleName;
        session.user.signedInAt = typeof token.signedInAt === "number" ? token.signedInAt : 0;
      }
      return session;
    },
  },
  events: {
    async signOut({ token }) {
      const id = typeof token?.uid === "string" ? token.uid : null;
      if (id)
        await recordAuditEvent({ actorId: id, action: "auth.sign_out", targetType: "user", targetId: id });
    },
  },
});

// argon2id hash of a random string: verifying against it costs the same as a real check.
const DUMMY_HASH =
  "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$0pcxmOQfkXa0GmrW1Fh0iXWZD4oSS/KmvzlB1ND6uHY";
