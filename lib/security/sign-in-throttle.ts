import "server-only";
import { db } from "../db";

// Failed sign-ins, counted in PostgreSQL so every app instance shares them, under two kinds of key:
// - one account from one client address ("account:<email>|<address>"): progressive delays (a few free tries,
//   then 15 s, 30 s, 1 min … up to 15 min between attempts). Nobody elsewhere can lock an account out: a guesser
//   only slows down their own address.
// - one client address across every account ("ip:<address>"): a plain lock after many failures (spraying).
// The address is the trusted one (lib/security/trusted-proxy.ts), so rotating X-Forwarded-For does not help.
// While a key is held, the password is not even checked. Times come from the database's clock.

export type AddressLimit = { maxFailures: number; windowMinutes: number; lockMinutes: number };

// Generous: an office behind one NAT address shares it.
export const IP_LIMIT: AddressLimit = { maxFailures: 50, windowMinutes: 15, lockMinutes: 15 };

export const ACCOUNT_DELAY = {
  freeFailures: 3,
  firstDelaySeconds: 15,
  maxDelaySeconds: 15 * 60,
  // A quiet hour forgets the count.
  resetMinutes: 60,
} as const;

/** The wait after the n-th consecutive failure of one account from one address. */
export function accountDelaySeconds(failures: number): number {
  const over = failures - ACCOUNT_DELAY.freeFailures;
  if (over <= 0) return 0;
  return Math.min(
    ACCOUNT_DELAY.maxDelaySeconds,
    ACCOUNT_DELAY.firstDelaySeconds * 2 ** Math.min(over - 1, 20),
  );
}

const UNKNOWN_ADDRESS = "unknown";
const normalEmail = (email: string) => email.trim().toLowerCase();
export const accountAddressKey = (email: string, ip: string | null) =>
  `account:${normalEmail(email)}|${ip ?? UNKNOWN_ADDRESS}`;
/** Every account+address key of one account (an email's domain cannot contain "|", so the prefix is exact). */
const accountKeyPrefix = (email: string) => `account:${normalEmail(email)}|`;
export const ipKey = (ip: string) => `ip:${ip}`;

/** Milliseconds until the longest hold among the keys ends; 0 when none is held. */
export async function lockedForMs(keys: string[]): Promise<number> {
  if (keys.length === 0) return 0;
  const rows = await db.$queryRaw<{ ms: number | null }[]>`
    SELECT GREATEST(0, EXTRACT(EPOCH FROM (MAX("lockedUntil") - now())) * 1000)::float8 AS ms
    FROM "SignInThrottle" WHERE key = ANY(${keys}) AND "lockedUntil" > now()`;
  return Math.ceil(rows[0]?.ms ?? 0);
}

/** Counts one failure of an account from an address (atomically, across instances); returns the delay it set. */
export async function recordAccountFailure(email: string, ip: string | null): Promise<number> {
  const key = accountAddressKey(email, ip);
  const reset = `${ACCOUNT_DELAY.resetMinutes} minutes`;
  const rows = await db.$queryRaw<{ failures: number }[]>`
    INSERT INTO "SignInThrottle" AS t (key, failures, "windowStart", "updatedAt")
    VALUES (${key}, 1, now(), now())
    ON CONFLICT (key) DO UPDATE SET
      failures = CASE WHEN t."updatedAt" < now() - ${reset}::interval THEN 1 ELSE t.failures + 1 END,
      "windowStart" = CASE WHEN t."updatedAt" < now() - ${reset}::interval THEN now() ELSE t."windowStart" END,
      "updatedAt" = now()
    RETURNING failures`;
  const seconds = accountDelaySeconds(rows[0]?.failures ?? 1);
  if (seconds === 0) return 0;
  await db.$executeRaw`
    UPDATE "SignInThrottle" SET "lockedUntil" = now() + make_interval(secs => ${seconds}) WHERE key = ${key}`;
  return seconds * 1000;
}

/** Counts one failure against an address (atomically, across instances); returns the lock it caused, if any. */
export async function recordAddressFailure(ip: string, limit: AddressLimit = IP_LIMIT): Promise<number> {
  const key = ipKey(ip);
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

/** A successful sign-in clears the account's count from that address (not the address's own count). */
export async function clearAccountFailures(email: string, ip: string | null): Promise<void> {
  await db.signInThrottle.deleteMany({ where: { key: accountAddressKey(email, ip) } });
}

/** An admin's unlock: every address's count and delay for this account. Returns how many were cleared. */
export async function clearAllAccountFailures(email: string): Promise<number> {
  const { count } = await db.signInThrottle.deleteMany({
    where: { key: { startsWith: accountKeyPrefix(email) } },
  });
  return count;
}

/** The accounts (by email) that some address is currently held back on, with the latest release time. */
export async function heldAccounts(): Promise<Map<string, Date>> {
  const rows = await db.$queryRaw<{ email: string; until: Date }[]>`
    SELECT substring(key FROM 9 FOR position('|' IN key) - 9) AS email, MAX("lockedUntil") AS until
    FROM "SignInThrottle" WHERE key LIKE 'account:%|%' AND "lockedUntil" > now() GROUP BY 1`;
  return new Map(rows.map((r) => [r.email, r.until]));
}
