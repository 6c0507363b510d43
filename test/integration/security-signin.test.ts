import { beforeEach, describe, expect, it } from "vitest";
import { authorizeCredentials } from "../../lib/auth/options";
import { signInErrorMessage } from "../../lib/auth/sign-in-errors";
import { db } from "../../lib/db";
import { clientIp, REMOTE_ADDRESS_HEADER } from "../../lib/security/client-ip";
import {
  ACCOUNT_DELAY,
  accountAddressKey,
  accountDelaySeconds,
  IP_LIMIT,
} from "../../lib/security/sign-in-throttle";
import * as unlockRoute from "../../app/api/team/members/[id]/unlock/route";
import * as teamRoute from "../../app/api/team/route";
import type { TeamDto } from "../../lib/team/read-models";
import { truncateAll } from "./helpers";
import { createUser, ctx, json, request, sessionCookie, TEST_PASSWORD } from "./security-helpers";

// The credentials check behind next-auth's sign-in, with its PostgreSQL-backed rate limit and audit trail.

let ipSeq = 0;
// As scripts/server.ts stamps it: the socket's peer address.
const from = (ip: string) => ({ [REMOTE_ADDRESS_HEADER]: ip, "user-agent": "vitest" });
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

describe("throttle", () => {
  const expireHolds = () =>
    db.$executeRaw`UPDATE "SignInThrottle" SET "lockedUntil" = now() - interval '1 second'`;

  it("slows one account from one address progressively: free tries, then 15 s, 30 s …", async () => {
    const user = await createUser("AGENT");
    const ip = freshIp();
    for (let n = 1; n < ACCOUNT_DELAY.freeFailures + 1; n++)
      expect((await attempt(user.email, "nope", ip)).error).toBeNull();
    const first = await attempt(user.email, "nope", ip);
    expect(signInErrorMessage(first.error)).toBe("Too many attempts. Try again in 15 seconds.");
    // Held: even the right password is not checked.
    const held = await attempt(user.email, TEST_PASSWORD, ip);
    expect(held.user).toBeNull();
    expect(signInErrorMessage(held.error)).toMatch(/^Too many attempts\. Try again in 1[45] seconds\.$/);
    expect(await db.auditLog.count({ where: { action: "auth.sign_in_locked" } })).toBe(1);
    await expireHolds();
    expect(signInErrorMessage((await attempt(user.email, "nope", ip)).error)).toBe(
      "Too many attempts. Try again in 30 seconds.",
    );
    await expireHolds();
    expect((await attempt(user.email, TEST_PASSWORD, ip)).user).not.toBeNull();
    expect(await db.signInThrottle.count({ where: { key: { startsWith: `account:${user.email}|` } } })).toBe(
      0,
    );
    expect(accountDelaySeconds(100)).toBe(ACCOUNT_DELAY.maxDelaySeconds);
  });

  it("does not let failures from elsewhere lock the account (the only admin included)", async () => {
    const admin = await createUser("ADMIN");
    const attacker = "203.0.113.66";
    for (let n = 0; n < 12; n++) {
      await attempt(admin.email, "guess", attacker);
      await expireHolds();
    }
    expect(signInErrorMessage((await attempt(admin.email, "guess", attacker)).error)).toMatch(
      /^Too many attempts/,
    );
    expect((await attempt(admin.email, TEST_PASSWORD, "192.0.2.200")).user).toMatchObject({ id: admin.id });
  });

  it("ignores a client-written X-Forwarded-For: rotating it neither dodges the count nor frames another address", async () => {
    const user = await createUser("AGENT");
    const socket = "198.51.100.250";
    for (let n = 0; n < ACCOUNT_DELAY.freeFailures; n++)
      await authorizeCredentials(
        { email: user.email, password: "nope" },
        { ...from(socket), "x-forwarded-for": `10.9.9.${n}` },
      );
    const rotated = await authorizeCredentials(
      { email: user.email, password: "nope" },
      { ...from(socket), "x-forwarded-for": "10.9.9.99" },
    ).catch((e: Error) => e.message);
    expect(signInErrorMessage(rotated as string)).toBe("Too many attempts. Try again in 15 seconds.");
    expect(await db.signInThrottle.count({ where: { key: { contains: "10.9.9." } } })).toBe(0);
    expect(await db.auditLog.findFirstOrThrow({ where: { action: "auth.sign_in_failed" } })).toMatchObject({
      ip: socket,
    });
  });

  it("believes X-Forwarded-For from a trusted proxy only", async () => {
    const headers = { [REMOTE_ADDRESS_HEADER]: "10.0.0.2", "x-forwarded-for": "1.1.1.1, 203.0.113.5" };
    expect(clientIp(headers)).toBe("10.0.0.2");
    expect(clientIp(headers, ["10.0.0.0/8"])).toBe("203.0.113.5");
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
    const ip = freshIp();
    await Promise.all(Array.from({ length: 3 }, () => attempt(email, "nope", ip)));
    const row = await db.signInThrottle.findUniqueOrThrow({ where: { key: accountAddressKey(email, ip) } });
    expect(row.failures).toBe(3);
  });
});

describe("admin unlock", () => {
  it("lifts the delays on an account from every address, shows them on the team page, and is audited", async () => {
    const admin = await createUser("ADMIN");
    const agent = await createUser("AGENT");
    for (const ip of ["192.0.2.31", "192.0.2.32"])
      for (let n = 0; n <= ACCOUNT_DELAY.freeFailures; n++) await attempt(agent.email, "nope", ip);
    const cookie = await sessionCookie(admin);
    const team = await json<TeamDto>(await teamRoute.GET(request("/api/team", { cookie }), ctx()));
    expect(team.body.members.find((m) => m.id === agent.id)?.signInHeldUntil).not.toBeNull();
    expect(team.body.members.find((m) => m.id === admin.id)?.signInHeldUntil).toBeNull();

    // Only an admin may unlock.
    const agentCookie = await sessionCookie(agent);
    expect(
      (
        await unlockRoute.POST(
          request(`/api/team/members/${agent.id}/unlock`, { method: "POST", cookie: agentCookie }),
          ctx({ id: agent.id }),
        )
      ).status,
    ).toBe(403);
    const res = await json<{ cleared: number }>(
      await unlockRoute.POST(
        request(`/api/team/members/${agent.id}/unlock`, { method: "POST", cookie }),
        ctx({ id: agent.id }),
      ),
    );
    expect(res).toMatchObject({ status: 200, body: { cleared: 2 } });
    expect((await attempt(agent.email, TEST_PASSWORD, "192.0.2.31")).user).not.toBeNull();
    expect(await db.auditLog.findFirstOrThrow({ where: { action: "user.sign_in_unlocked" } })).toMatchObject({
      actorId: admin.id,
      targetId: agent.id,
    });
    const missing = await unlockRoute.POST(
      request("/api/team/members/nope/unlock", { method: "POST", cookie }),
      ctx({ id: "nope" }),
    );
    expect(missing.status).toBe(404);
  });
});
