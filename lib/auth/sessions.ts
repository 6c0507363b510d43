import "server-only";
import { randomBytes } from "node:crypto";
import { db } from "../db";
import type { RoleName } from "./roles";

// Server-side sessions behind next-auth's JWT cookie. The cookie carries the session id (`sid`); each request
// looks the row up, so sign-out, deactivation and the idle timeout end a session at once, not when the cookie
// expires (12 h). Times come from the database's clock.

export const DEFAULT_SESSION_IDLE_MINUTES = 8 * 60;
// lastSeenAt is written at most this often per session: one UPDATE a minute, not one per request.
const TOUCH_EVERY_SECONDS = 60;

export type SessionUser = {
  id: string;
  email: string;
  name: string;
  role: RoleName;
  active: boolean;
  sessionsRevokedAt: Date | null;
  /** An admin without two-factor sign-in while Settings require it: may only enrol. */
  mustEnrolTwoFactor: boolean;
};

export async function createSession(
  userId: string,
  meta: { ip: string | null; userAgent: string | null },
): Promise<string> {
  const id = randomBytes(32).toString("base64url");
  await db.session.create({
    data: { id, userId, ip: meta.ip, userAgent: meta.userAgent },
    select: { id: true },
  });
  return id;
}

/** Sign-out: the cookie may live on in a copy, but the session it names is over. */
export async function revokeSession(sessionId: string): Promise<void> {
  await db.session.updateMany({ where: { id: sessionId, revokedAt: null }, data: { revokedAt: new Date() } });
}

/**
 * The user of a live session: not revoked, used within the idle timeout (Settings; default 8 h). `touch` marks
 * it used now (a request the person made); the event stream's periodic re-check does not, so an idle open tab
 * still times out.
 */
export async function findSessionUser(
  sessionId: string,
  { touch }: { touch: boolean },
): Promise<SessionUser | null> {
  const rows = await db.$queryRaw<(SessionUser & { userId: string })[]>`
    WITH settings AS (
      SELECT "sessionIdleMinutes", "requireAdminTwoFactor" FROM "Workspace" ORDER BY "createdAt" LIMIT 1
    ), live AS (
      SELECT s.id, s."userId" FROM "Session" s
      WHERE s.id = ${sessionId} AND s."revokedAt" IS NULL
        AND s."lastSeenAt" > now() - make_interval(mins => COALESCE(
          (SELECT "sessionIdleMinutes" FROM settings), ${DEFAULT_SESSION_IDLE_MINUTES}))
    ), touched AS (
      UPDATE "Session" SET "lastSeenAt" = now()
      WHERE ${touch} AND id IN (SELECT id FROM live)
        AND "lastSeenAt" < now() - make_interval(secs => ${TOUCH_EVERY_SECONDS})
      RETURNING id
    )
    SELECT u.id, u.email, u.name, u.role::text AS role, u.active, u."sessionsRevokedAt", live."userId",
      (u.role = 'ADMIN' AND u."totpEnabledAt" IS NULL
        AND COALESCE((SELECT "requireAdminTwoFactor" FROM settings), false)) AS "mustEnrolTwoFactor"
    FROM live JOIN "User" u ON u.id = live."userId"`;
  return rows[0] ?? null;
}
