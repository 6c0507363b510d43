import { beforeEach, describe, expect, it } from "vitest";
import * as twoFactorRoute from "../../app/api/account/two-factor/route";
import * as recoveryRoute from "../../app/api/account/two-factor/recovery-codes/route";
import * as securityRoute from "../../app/api/settings/security/route";
import * as teamRoute from "../../app/api/team/route";
import { authorizeCredentials } from "../../lib/auth/options";
import type { TwoFactorView } from "../../lib/auth/queries";
import { signInErrorMessage, TWO_FACTOR_INVALID, TWO_FACTOR_REQUIRED } from "../../lib/auth/sign-in-errors";
import { totpCode } from "../../lib/auth/totp";
import { db } from "../../lib/db";
import { REMOTE_ADDRESS_HEADER } from "../../lib/security/client-ip";
import type { SecuritySettingsView } from "../../lib/settings/get-security-settings";
import { truncateAll } from "./helpers";
import { createUser, ctx, json, request, sessionCookie, TEST_PASSWORD } from "./security-helpers";

// Two-factor sign-in through the real route handlers and the real credentials check: enrol, sign in with a code
// or a recovery code (each once), and the admin rule in Settings → Security.

beforeEach(async () => {
  await truncateAll();
  await db.signInThrottle.deleteMany();
});

const from = { [REMOTE_ADDRESS_HEADER]: "192.0.2.9", "user-agent": "vitest" };
async function signIn(email: string, code?: string) {
  try {
    return {
      user: await authorizeCredentials({ email, password: TEST_PASSWORD, ...(code ? { code } : {}) }, from),
      error: null,
    };
  } catch (error) {
    return { user: null, error: (error as Error).message };
  }
}

async function enrol(user: { id: string; role: string }) {
  const cookie = await sessionCookie(user);
  const view = await json<TwoFactorView>(
    await twoFactorRoute.GET(request("/api/account/two-factor", { cookie }), ctx()),
  );
  expect(view.body.status.enabled).toBe(false);
  const secret = view.body.setup!.secret;
  expect(view.body.setup!.uri).toContain(`secret=${secret}`);
  // A wrong first code is refused (422 on the code field) and nothing is stored.
  const wrong = await twoFactorRoute.POST(
    request("/api/account/two-factor", { cookie, body: { secret, code: "000000" } }),
    ctx(),
  );
  expect(wrong.status).toBe(422);
  const now = Date.now();
  const res = await json<{ recoveryCodes: string[] }>(
    await twoFactorRoute.POST(
      request("/api/account/two-factor", { cookie, body: { secret, code: totpCode(secret, now) } }),
      ctx(),
    ),
  );
  expect(res.status).toBe(200);
  expect(res.body.recoveryCodes).toHaveLength(10);
  return { cookie, secret, recoveryCodes: res.body.recoveryCodes };
}

describe("enrolment", () => {
  it("stores the secret encrypted and only hashes of the recovery codes, audited", async () => {
    const agent = await createUser("AGENT");
    const { secret, recoveryCodes } = await enrol(agent);
    const row = await db.user.findUniqueOrThrow({ where: { id: agent.id } });
    expect(row.totpEnabledAt).not.toBeNull();
    expect(row.totpSecretEncrypted).not.toContain(secret);
    const hashes = await db.recoveryCode.findMany({ where: { userId: agent.id } });
    expect(hashes).toHaveLength(10);
    expect(JSON.stringify(hashes)).not.toContain(recoveryCodes[0]!);
    expect(await db.auditLog.count({ where: { action: "auth.two_factor_enabled", actorId: agent.id } })).toBe(
      1,
    );
  });
});

describe("sign-in with two-factor", () => {
  it("asks for the code after the right password, accepts a current code once, then a recovery code once", async () => {
    const agent = await createUser("AGENT");
    const { secret, recoveryCodes } = await enrol(agent);

    expect(await signIn(agent.email)).toEqual({ user: null, error: TWO_FACTOR_REQUIRED });
    expect(signInErrorMessage(TWO_FACTOR_REQUIRED)).toMatch(/6-digit code/);
    expect((await signIn(agent.email, "123456")).error).toBe(TWO_FACTOR_INVALID);
    expect(await db.auditLog.findFirstOrThrow({ where: { action: "auth.sign_in_failed" } })).toMatchObject({
      details: expect.objectContaining({ reason: "wrong two-factor code" }),
    });

    // The enrolment used the current step: the next step's code works, and only once.
    const next = totpCode(secret, Date.now() + 30_000);
    expect((await signIn(agent.email, next)).user).toMatchObject({ id: agent.id });
    expect((await signIn(agent.email, next)).error).toBe(TWO_FACTOR_INVALID);

    const recovery = recoveryCodes[3]!;
    expect((await signIn(agent.email, recovery.toUpperCase())).user).toMatchObject({ id: agent.id });
    expect((await signIn(agent.email, recovery)).error).toBe(TWO_FACTOR_INVALID);
    expect(
      await db.auditLog.findFirstOrThrow({ where: { action: "auth.recovery_code_used" } }),
    ).toMatchObject({
      details: expect.objectContaining({ left: 9 }),
    });
  });

  it("counts wrong codes in the sign-in throttle", async () => {
    const agent = await createUser("AGENT");
    await enrol(agent);
    for (let n = 0; n < 3; n++) expect((await signIn(agent.email, "111111")).error).toBe(TWO_FACTOR_INVALID);
    expect(signInErrorMessage((await signIn(agent.email, "111111")).error)).toMatch(/^Too many attempts/);
  });

  it("new recovery codes replace the old ones; turning it off needs a code", async () => {
    const agent = await createUser("AGENT");
    const { cookie, recoveryCodes } = await enrol(agent);
    const fresh = await json<{ recoveryCodes: string[] }>(
      await recoveryRoute.POST(
        request("/api/account/two-factor/recovery-codes", { cookie, body: { code: recoveryCodes[0]! } }),
        ctx(),
      ),
    );
    expect(fresh.status).toBe(200);
    expect((await signIn(agent.email, recoveryCodes[1]!)).error).toBe(TWO_FACTOR_INVALID);
    const bad = await twoFactorRoute.DELETE(
      request("/api/account/two-factor", { method: "DELETE", cookie, body: { code: "000000" } }),
      ctx(),
    );
    expect(bad.status).toBe(422);
    const off = await twoFactorRoute.DELETE(
      request("/api/account/two-factor", {
        method: "DELETE",
        cookie,
        body: { code: fresh.body.recoveryCodes[0]! },
      }),
      ctx(),
    );
    expect(off.status).toBe(200);
    expect((await signIn(agent.email)).user).toMatchObject({ id: agent.id });
    expect(await db.auditLog.count({ where: { action: "auth.two_factor_disabled" } })).toBe(1);
  });
});

describe("required for admins (Settings → Security)", () => {
  const patch = async (cookie: string, body: unknown) =>
    json<{ security: SecuritySettingsView; error?: { message: string } }>(
      await securityRoute.PATCH(request("/api/settings/security", { method: "PATCH", cookie, body }), ctx()),
    );

  it("can only be turned on by an admin who has it, then holds other admins at enrolment until they have it", async () => {
    const admin = await createUser("ADMIN");
    const other = await createUser("ADMIN");
    const agent = await createUser("AGENT");
    const adminCookie = await sessionCookie(admin);
    const refused = await patch(adminCookie, { requireAdminTwoFactor: true });
    expect(refused.status).toBe(409);
    expect(refused.body.error?.message).toMatch(/your own account first/);

    await enrol(admin);
    const on = await patch(adminCookie, { requireAdminTwoFactor: true, sessionIdleMinutes: 120 });
    expect(on.body.security).toMatchObject({
      requireAdminTwoFactor: true,
      sessionIdleMinutes: 120,
      sessionIdleSource: "saved",
    });
    expect(
      await db.auditLog.findFirstOrThrow({ where: { action: "settings.security_updated" } }),
    ).toMatchObject({
      actorId: admin.id,
      details: expect.objectContaining({ requireAdminTwoFactor: true, sessionIdleMinutes: 120 }),
    });

    // Another admin without it: 403 everywhere but enrolment; an agent is not affected.
    const otherCookie = await sessionCookie(other);
    const blocked = await json<{ error: { message: string } }>(
      await teamRoute.GET(request("/api/team", { cookie: otherCookie }), ctx()),
    );
    expect(blocked.status).toBe(403);
    expect(blocked.body.error.message).toMatch(/two-factor/);
    expect((await teamRoute.GET(request("/api/team", { cookie: adminCookie }), ctx())).status).toBe(200);
    await enrol(other);
    expect((await teamRoute.GET(request("/api/team", { cookie: otherCookie }), ctx())).status).toBe(200);
    const agentView = await json<TwoFactorView>(
      await twoFactorRoute.GET(
        request("/api/account/two-factor", { cookie: await sessionCookie(agent) }),
        ctx(),
      ),
    );
    expect(agentView.body.status.required).toBe(false);

    // An admin may not turn it off for themselves while it is required.
    const otherRow = await db.recoveryCode.findFirstOrThrow({ where: { userId: other.id } });
    expect(otherRow).toBeTruthy();
    const keep = await json<{ error: { message: string } }>(
      await twoFactorRoute.DELETE(
        request("/api/account/two-factor", {
          method: "DELETE",
          cookie: otherCookie,
          body: { code: "123456" },
        }),
        ctx(),
      ),
    );
    expect(keep.status).toBe(409);
  });

  it.each([
    [{ sessionIdleMinutes: 1 }, "sessionIdleMinutes"],
    [{ sessionIdleMinutes: 1.5 }, "sessionIdleMinutes"],
    [{ requireAdminTwoFactor: "yes" }, "requireAdminTwoFactor"],
    [{}, "nothing to change"],
  ])("refuses %j with 422", async (body, field) => {
    const res = await patch(await sessionCookie(await createUser("ADMIN")), body);
    expect(res.status).toBe(422);
    expect(res.body.error?.message.toLowerCase()).toContain(field.toLowerCase());
  });
});
