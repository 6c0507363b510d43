import "server-only";
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { z } from "zod";
import { isDatabaseUnavailable } from "../db-errors";
import { recordAuditEvent } from "../audit/record-audit-event";
import { db } from "../db";
import { env } from "../env";
import { clientIp, userAgent } from "../security/client-ip";
import {
  accountAddressKey,
  clearAccountFailures,
  ipKey,
  lockedForMs,
  recordAccountFailure,
  recordAddressFailure,
} from "../security/sign-in-throttle";
import type { RoleName } from "./roles";
import { verifyPassword } from "./password";
import { safeAuthRedirect } from "./safe-callback";
import { createSession, revokeSession } from "./sessions";
import {
  lockedErrorCode,
  TWO_FACTOR_INVALID,
  TWO_FACTOR_REQUIRED,
  UNAVAILABLE_ERROR,
} from "./sign-in-errors";
import { auditRecoveryCodeUsed, checkSecondFactor } from "./two-factor";
import { log } from "../observability/logger";

const credentialsSchema = z.object({
  email: z.string().trim().toLowerCase().max(320).pipe(z.email()),
  password: z.string().min(1).max(1024),
  // The second step of two-factor sign-in: a TOTP code or a recovery code (absent on the first try).
  code: z.string().trim().max(32).optional(),
});

const SESSION_MAX_AGE_S = 12 * 60 * 60; // one working day, then sign in again

let cached: NextAuthOptions | undefined;

/** Built on first use: reading the environment at import time would break `next build`. */
export function authOptions(): NextAuthOptions {
  cached ??= buildOptions();
  return cached;
}

type AuthorizedUser = { id: string; email: string; name: string; role: RoleName; sessionId: string };

/**
 * Email + password against the database, slowed per account+address and limited per client address (lib/security/
 * sign-in-throttle.ts). Every outcome is audited. A hold is thrown so the login page can say how long it lasts.
 */
export async function authorizeCredentials(
  raw: unknown,
  headers: Record<string, string | string[] | undefined>,
): Promise<AuthorizedUser | null> {
  const ip = clientIp(headers);
  const agent = userAgent(headers);
  const parsed = credentialsSchema.safeParse(raw);
  const email = parsed.success ? parsed.data.email : typedEmail(raw);
  const keys = [...(email ? [accountAddressKey(email, ip)] : []), ...(ip ? [ipKey(ip)] : [])];
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
        summary: `Refused without checking the password: held for ${describeWait(locked)} more`,
      });
      throw new Error(lockedErrorCode(locked));
    }
    const user = parsed.success
      ? await db.user.findUnique({
          where: { email: parsed.data.email },
          select: {
            id: true,
            email: true,
            name: true,
            role: true,
            active: true,
            passwordHash: true,
            totpEnabledAt: true,
          },
        })
      : null;
    // Verify even when the user is unknown, so response time does not reveal which emails exist.
    const ok = await verifyPassword(
      user?.passwordHash ?? DUMMY_HASH,
      parsed.success ? parsed.data.password : "",
    );
    if (!user || !ok || !user.active) {
      const lockMs = Math.max(
        email ? await recordAccountFailure(email, ip) : 0,
        ip ? await recordAddressFailure(ip) : 0,
      );
      const reason = !user ? "unknown email" : !ok ? "wrong password" : "account deactivated";
      await audit("auth.sign_in_failed", user?.id ?? null, {
        reason,
        ...(lockMs > 0 ? { lockedForSeconds: Math.ceil(lockMs / 1000) } : {}),
        summary: `${reason[0]!.toUpperCase()}${reason.slice(1)}${lockMs > 0 ? `; next try from this address in ${describeWait(lockMs)}` : ""}`,
      });
      if (lockMs > 0) throw new Error(lockedErrorCode(lockMs));
      return null;
    }
    if (user.totpEnabledAt) {
      const code = parsed.success ? parsed.data.code : undefined;
      // The password was right: ask for the code (the login page shows its field), counting nothing.
      if (!code) throw new Error(TWO_FACTOR_REQUIRED);
      const second = await checkSecondFactor(user.id, code);
      if (second === "invalid") {
        const lockMs = Math.max(
          await recordAccountFailure(user.email, ip),
          ip ? await recordAddressFailure(ip) : 0,
        );
        await audit("auth.sign_in_failed", user.id, {
          reason: "wrong two-factor code",
          ...(lockMs > 0 ? { lockedForSeconds: Math.ceil(lockMs / 1000) } : {}),
          summary: `Wrong two-factor code${lockMs > 0 ? `; next try from this address in ${describeWait(lockMs)}` : ""}`,
        });
        throw new Error(lockMs > 0 ? lockedErrorCode(lockMs) : TWO_FACTOR_INVALID);
      }
      if (second === "recovery") await auditRecoveryCodeUsed(user.id);
    }
    await clearAccountFailures(user.email, ip);
    await db.user.update({
      where: { id: user.id },
      data: { lastSignInAt: new Date() },
      select: { id: true },
    });
    const sessionId = await createSession(user.id, { ip, userAgent: agent });
    await audit("auth.sign_in", user.id);
    return { id: user.id, email: user.email, name: user.name, role: user.role, sessionId };
  } catch (error) {
    if (isDatabaseUnavailable(error)) {
      log("auth").error({ err: error }, "database unavailable during sign-in");
      throw new Error(UNAVAILABLE_ERROR);
    }
    throw error;
  }
}

function describeWait(ms: number): string {
  return ms < 60_000 ? `${Math.ceil(ms / 1000)} s` : `${Math.ceil(ms / 60_000)} min`;
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
        code: { label: "Two-factor code", type: "text" },
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
        token.sid = (user as unknown as AuthorizedUser).sessionId;
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
      if (typeof token?.sid === "string") await revokeSession(token.sid);
      const id = typeof token?.uid === "string" ? token.uid : null;
      if (id)
        await recordAuditEvent({ actorId: id, action: "auth.sign_out", targetType: "user", targetId: id });
    },
  },
});

// argon2id hash of a random string: verifying against it costs the same as a real check.
const DUMMY_HASH =
  "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$0pcxmOQfkXa0GmrW1Fh0iXWZD4oSS/KmvzlB1ND6uHY";
