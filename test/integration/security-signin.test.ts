import { beforeEach, describe, expect, it } from "vitest";
import { authorizeCredentials } from "../../lib/auth/options";
import { signInErrorMessage } from "../../lib/auth/sign-in-errors";
import { db } from "../../lib/db";
import { ACCOUNT_LIMIT, IP_LIMIT } from "../../lib/security/sign-in-throttle";
import { truncateAll } from "./helpers";
import { createUser, TEST_PASSWORD } from "./security-helpers";

// The credentials check behind next-auth's sign-in, with its PostgreSQL-backed rate limit and audit trail.

let ipSeq = 0;
const from = (ip: string) => ({ "x-forwarded-for": ip, "user-agent": "vitest" });
const freshIp = () => `198.51.100.${++ipSeq}`;

async function attempt(email: string, password: string, ip: string) {
  try {
    return { user: await authorizeCredentials({ email, password }, from(ip)), error: null };
  } catch (error) {
    return { user: null, error: (error as Error).message };
  }
}

beforeEach(async () => {
  await truncateAll();
  await db.signInThrottle.deleteMany();
});

describe("sign-in", () => {
  it("accepts the right password, records the sign-in time and audits it with the address", async () => {
    const user = await createUser("AGENT");
    const result = await attempt(user.email.toUpperCase(), TEST_PASSWORD, "203.0.113.9");
    expect(result.user).toMatchObject({ id: user.id, role: "AGENT" });
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).lastSignInAt).not.toBeNull();
    expect(await db.auditLog.findFirstOrThrow({ where: { action: "auth.sign_in" } })).toMatchObject({
      actorId: user.id,
      ip: "203.0.113.9",
      userAgent: "vitest",
    });
  });

  it.each([
    ["a wrong password", async () => (await createUser("AGENT")).email, "wrong password", "wrong password"],
    ["an unknown email", async () => "nobody@example.com", TEST_PASSWORD, "unknown email"],
    [
      "a deactivated account",
      async () => (await createUser("AGENT", { active: false })).email,
      TEST_PASSWORD,
      "account deactivated",
    ],
  ])("refuses %s, with the same answer, audited with the reason", async (_label, email, password, reason) => {
    const typed = await email();
    const result = await attempt(typed, password, freshIp());
    expect(result).toEqual({ user: null, error: null });
    const audit = await db.auditLog.findFirstOrThrow({ where: { action: "auth.sign_in_failed" } });
    expect(audit.actorLabel).toBe(typed);
    expect(audit.details).toMatchObject({ reason });
  });
});

describe("rate limit", () => {
  it(`locks an account after ${ACCOUNT_LIMIT.maxFailures} failures, from any address, even for the right password`, async () => {
    const user = await createUser("AGENT");
    for (let n = 1; n < ACCOUNT_LIMIT.maxFailures; n++)
      expect((await attempt(user.email, "nope", freshIp())).error).toBeNull();
    const last = await attempt(user.email, "nope", freshIp());
    expect(signInErrorMessage(last.error)).toBe(
      `Too many attempts. Try again in ${ACCOUNT_LIMIT.lockMinutes} minutes.`,
    );
    const right = await attempt(user.email, TEST_PASSWORD, freshIp());
    expect(right.user).toBeNull();
    expect(signInErrorMessage(right.error)).toMatch(/^Too many attempts\. Try again in (14|15) minutes\.$/);
    expect(await db.auditLog.count({ where: { action: "auth.sign_in_locked" } })).toBe(1);
    // Other accounts are not affected.
    const other = await createUser("AGENT");
    expect((await attempt(other.email, TEST_PASSWORD, freshIp())).user).not.toBeNull();
  });

  it("unlocks when the lock expires, and a success clears the account's count", async () => {
    const user = await createUser("AGENT");
    for (let n = 0; n < ACCOUNT_LIMIT.maxFailures; n++) await attempt(user.email, "nope", freshIp());
    expect((await attempt(user.email, TEST_PASSWORD, freshIp())).user).toBeNull();
    // Time passes (the lock and the window are in the database's clock).
    await db.$executeRaw`UPDATE "SignInThrottle" SET "lockedUntil" = now() - interval '1 second', "windowStart" = now() - interval '16 minutes'`;
    expect((await attempt(user.email, TEST_PASSWORD, freshIp())).user).not.toBeNull();
    expect(await db.signInThrottle.findUnique({ where: { key: `account:${user.email}` } })).toBeNull();
  });

  it(`locks an address after ${IP_LIMIT.maxFailures} failures across many accounts`, async () => {
    const ip = "192.0.2.77";
    for (let n = 1; n < IP_LIMIT.maxFailures; n++)
      expect((await attempt(`spray${n}@example.com`, "guess", ip)).error).toBeNull();
    expect(signInErrorMessage((await attempt("spray-last@example.com", "guess", ip)).error)).toMatch(
      /^Too many attempts/,
    );
    const user = await createUser("AGENT");
    expect(signInErrorMessage((await attempt(user.email, TEST_PASSWORD, ip)).error)).toMatch(
      /^Too many attempts/,
    );
    expect((await attempt(user.email, TEST_PASSWORD, "192.0.2.78")).user).not.toBeNull();
  }, 20_000);

  it("counts concurrent failures exactly (one row per key, updated atomically)", async () => {
    const email = "parallel@example.com";
    await Promise.all(Array.from({ length: 4 }, () => attempt(email, "nope", freshIp())));
    expect((await db.signInThrottle.findUniqueOrThrow({ where: { key: `account:${email}` } })).failures).toBe(
      4,
    );
  });
});
