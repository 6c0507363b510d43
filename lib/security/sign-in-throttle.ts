import "server-only";
import { db } from "../db";

// Failed sign-ins counted per account and per client address, in PostgreSQL so every app instance shares them.
// A key that reaches its limit inside the window is locked; while locked, the password is not even checked.
// Times come from the database's clock, so instances with skewed clocks still agree.

export type ThrottleLimit = { maxFailures: number; windowMinutes: number; lockMinutes: number };

// lockMinutes >= windowMinutes, so a lock always outlives the window that caused it and the next failure after
// the lock starts a fresh count.
export const ACCOUNT_LIMIT: ThrottleLimit = { maxFailures: 5, windowMinutes: 15, lockMinutes: 15 };
// Generous: an office behind one NAT address shares it.
export const IP_LIMIT: ThrottleLimit = { maxFailures: 50, windowMinutes: 15, lockMinutes: 15 };

export const accountKey = (email: string) => `account:${email.trim().toLowerCase()}`;
export const ipKey = (ip: string) => `ip:${ip}`;

/** Milliseconds until the longest lock among the keys ends; 0 when none is locked. */
export async function lockedForMs(keys: string[]): Promise<number> {
  if (keys.length === 0) return 0;
  const rows = await db.$queryRaw<{ ms: number | null }[]>`
    SELECT GREATEST(0, EXTRACT(EPOCH FROM (MAX("lockedUntil") - now())) * 1000)::float8 AS ms
    FROM "SignInThrottle" WHERE key = ANY(${keys}) AND "lockedUntil" > now()`;
  return Math.ceil(rows[0]?.ms ?? 0);
}

/** Counts one failure against the key (atomically, across instances); returns the lock it caused, if any. */
export async function recordFailure(key: string, limit: ThrottleLimit): Promise<number> {
  const window = `${limit.windowMinutes} minutes`;
  const lock = `${limit.lockMinutes} minutes`;
  const rows = await db.$queryRaw<{ ms: number | null }[]>`
    INSERT INTO "SignInThrottle" AS t (key, failures, "windowStart", "lockedUntil", "updatedAt")
    VALUES (${key}, 1, now(), CASE WHEN 1 >= ${limit.maxFailures} THEN now() + ${lock}::interval END, now())
    ON CONFLICT (key) DO UPDATE SET
      failures = CASE WHEN t."windowStart" < now() - ${window}::interval THEN 1 ELSE t.failures + 1 END,
      "windowStart" = CASE WHEN t."windowStart" < now() - ${window}::interval THEN now() ELSE t."windowStart" END,
      "lockedUntil" = CASE
        WHEN (CASE WHEN t."windowStart" < now() - ${window}::interval THEN 1 ELSE t.failures + 1 END) >= ${limit.maxFailures}
          THEN now() + ${lock}::interval
        ELSE t."lockedUntil" END,
      "updatedAt" = now()
    RETURNING GREATEST(0, EXTRACT(EPOCH FROM ("lockedUntil" - now())) * 1000)::float8 AS ms`;
  return Math.ceil(rows[0]?.ms ?? 0);
}

/** A successful sign-in clears the account's count (not the address's: one good password must not reset it). */
export async function clearFailures(key: string): Promise<void> {
  await db.signInThrottle.deleteMany({ where: { key } });
}
