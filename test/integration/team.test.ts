import { beforeEach, describe, expect, it } from "vitest";
import * as invitesRoute from "../../app/api/invites/route";
import * as inviteRoute from "../../app/api/invites/[id]/route";
import * as memberRoute from "../../app/api/team/members/[id]/route";
import * as teamRoute from "../../app/api/team/route";
import { AppError } from "../../lib/app-error";
import { db } from "../../lib/db";
import { acceptInvite } from "../../lib/team/accept-invite";
import { getInviteLinkState } from "../../lib/team/read-models";
import { truncateAll } from "./helpers";
import { createUser, ctx, json, request, sessionCookie } from "./security-helpers";

// Team management through the real route handlers and a real session cookie per actor.

type Actor = { id: string; cookie: string };
let admin: Actor;

async function actor(
  role: "ADMIN" | "CAMPAIGN_MANAGER" | "AGENT",
  email?: string,
): Promise<Actor & { email: string }> {
  const user = await createUser(role, { email });
  return { id: user.id, email: user.email, cookie: await sessionCookie(user) };
}

async function invite(email: string, role = "AGENT", by: Actor = admin) {
  return json<{ invite: { id: string; email: string; role: string }; url: string }>(
    await invitesRoute.POST(
      request("/api/invites", {
        cookie: by.cookie,
        body: { email, role },
        headers: { "x-connectly-remote-address": "203.0.113.50" },
      }),
      ctx(),
    ),
  );
}

const tokenOf = (url: string) => new URL(url).pathname.split("/").pop()!;
const meta = { ip: "198.51.100.1", userAgent: "vitest" };
const patchMember = (by: Actor, id: string, body: unknown, headers?: Record<string, string>) =>
  memberRoute.PATCH(
    request(`/api/team/members/${id}`, { method: "PATCH", cookie: by.cookie, body, headers }),
    ctx({ id }),
  );
const getTeam = (by: Actor) => teamRoute.GET(request("/api/team", { cookie: by.cookie }), ctx());

beforeEach(async () => {
  await truncateAll();
  admin = await actor("ADMIN");
});

describe("invites", () => {
  it("create a one-time link: only its hash is stored, the creation is audited with the client address", async () => {
    const res = await invite("New.Person@Example.com", "CAMPAIGN_MANAGER");
    expect(res.status).toBe(201);
    expect(res.body.invite).toMatchObject({ email: "new.person@example.com", role: "CAMPAIGN_MANAGER" });
    const token = tokenOf(res.body.url);
    expect(res.body.url).toMatch(/^http:\/\/localhost\/accept-invite\/[\w-]{43}$/);
    const row = await db.invite.findUniqueOrThrow({ where: { id: res.body.invite.id } });
    expect(JSON.stringify(row)).not.toContain(token);
    const audit = await db.auditLog.findFirstOrThrow({ where: { action: "invite.created" } });
    expect(audit).toMatchObject({
      actorId: admin.id,
      targetId: row.id,
      targetLabel: "new.person@example.com",
      ip: "203.0.113.50",
    });
  });

  it("accepting makes the account with the invited role, once", async () => {
    const { body } = await invite("agent@example.com", "AGENT");
    const token = tokenOf(body.url);
    expect(await getInviteLinkState(token)).toMatchObject({
      state: "valid",
      email: "agent@example.com",
      role: "AGENT",
    });
    await acceptInvite(
      {
        token,
        name: "Ana Agent",
        password: "a long enough password",
        confirmPassword: "a long enough password",
      },
      meta,
    );
    const user = await db.user.findUniqueOrThrow({ where: { email: "agent@example.com" } });
    expect(user).toMatchObject({ name: "Ana Agent", role: "AGENT", active: true });
    expect(user.passwordHash).toMatch(/^\$argon2id\$/);
    expect(await getInviteLinkState(token)).toEqual({ state: "used" });
    const again = await acceptInvite(
      { token, name: "Eve", password: "another password!", confirmPassword: "another password!" },
      meta,
    ).catch((e: unknown) => e);
    expect(again).toBeInstanceOf(AppError);
    expect((again as AppError).message).toMatch(/already been used/);
    const audit = await db.auditLog.findFirstOrThrow({ where: { action: "invite.accepted" } });
    expect(audit).toMatchObject({ actorId: user.id, ip: "198.51.100.1" });
  });

  it("the same link used twice at the same moment makes one account", async () => {
    const token = tokenOf((await invite("race@example.com")).body.url);
    const input = {
      token,
      name: "Racer",
      password: "a long enough password",
      confirmPassword: "a long enough password",
    };
    const results = await Promise.allSettled([
      acceptInvite(input, meta),
      acceptInvite(input, meta),
      acceptInvite(input, meta),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(await db.user.count({ where: { email: "race@example.com" } })).toBe(1);
  });

  it.each([
    [
      "expired",
      async (id: string) =>
        db.invite.update({ where: { id }, data: { expiresAt: new Date(Date.now() - 1000) } }),
      /expired/,
    ],
    [
      "revoked",
      async (id: string) =>
        inviteRoute.DELETE(
          request(`/api/invites/${id}`, { method: "DELETE", cookie: admin.cookie }),
          ctx({ id }),
        ),
      /withdrawn/,
    ],
  ])("an %s link cannot be used", async (state, make, message) => {
    const { body } = await invite("late@example.com");
    await make(body.invite.id);
    const token = tokenOf(body.url);
    expect((await getInviteLinkState(token)).state).toBe(state);
    const error = await acceptInvite(
      { token, name: "Late", password: "a long enough password", confirmPassword: "a long enough password" },
      meta,
    ).catch((e: unknown) => e);
    expect((error as AppError).message).toMatch(message);
    expect(await db.user.count({ where: { email: "late@example.com" } })).toBe(0);
  });

  it("a new invite for the same email withdraws the earlier link", async () => {
    const first = tokenOf((await invite("twice@example.com")).body.url);
    const second = tokenOf((await invite("twice@example.com", "CAMPAIGN_MANAGER")).body.url);
    expect((await getInviteLinkState(first)).state).toBe("revoked");
    expect(await getInviteLinkState(second)).toMatchObject({ state: "valid", role: "CAMPAIGN_MANAGER" });
    const team = await json<{ invites: { email: string }[] }>(await getTeam(admin));
    expect(team.body.invites.map((i) => i.email)).toEqual(["twice@example.com"]);
  });

  it("refuses an existing member's email (409) and a bad email (422 naming the field)", async () => {
    const member = await actor("AGENT", "taken@example.com");
    expect((await invite(member.email)).status).toBe(409);
    const bad = await invite("not-an-email");
    expect(bad.status).toBe(422);
    expect(JSON.stringify(bad.body)).toContain("email");
  });
});

describe("roles and deactivation", () => {
  it("a role change takes effect on the member's next request, and is audited", async () => {
    const agent = await actor("AGENT");
    expect((await getTeam(agent)).status).toBe(403);
    const res = await json<{ member: { role: string } }>(
      await patchMember(admin, agent.id, { role: "ADMIN" }),
    );
    expect(res.body.member.role).toBe("ADMIN");
    expect((await getTeam(agent)).status).toBe(200);
    const audit = await db.auditLog.findFirstOrThrow({ where: { action: "user.role_changed" } });
    expect(audit).toMatchObject({ actorId: admin.id, targetId: agent.id });
    expect(audit.details).toMatchObject({ from: "AGENT", to: "ADMIN" });
  });

  it("deactivation signs the member out at once; reactivation does not revive the old session", async () => {
    const agent = await actor("CAMPAIGN_MANAGER");
    const probe = () => getTeam(agent); // any authenticated route: 403 means signed in, 401 signed out
    expect((await probe()).status).toBe(403);
    expect((await patchMember(admin, agent.id, { active: false })).status).toBe(200);
    expect((await probe()).status).toBe(401);
    expect((await patchMember(admin, agent.id, { active: true })).status).toBe(200);
    expect((await probe()).status).toBe(401);
    const fresh = await sessionCookie({ id: agent.id, role: "CAMPAIGN_MANAGER" }, Date.now() + 1);
    expect((await teamRoute.GET(request("/api/team", { cookie: fresh }), ctx())).status).toBe(403);
    expect(
      await db.auditLog.count({
        where: { action: { in: ["user.deactivated", "user.reactivated"] }, targetId: agent.id },
      }),
    ).toBe(2);
  });

  it.each([
    ["demote", { role: "AGENT" }, /cannot be given another role/],
    ["deactivate", { active: false }, /cannot be deactivated/],
  ])("the last active admin cannot %s themselves", async (_label, body, message) => {
    const res = await json<{ error: { code: string; message: string } }>(
      await patchMember(admin, admin.id, body),
    );
    expect(res.status).toBe(409);
    expect(res.body.error.message).toMatch(/only active admin/);
    expect(res.body.error.message).toMatch(message);
    expect(await db.user.findUniqueOrThrow({ where: { id: admin.id } })).toMatchObject({
      role: "ADMIN",
      active: true,
    });
  });

  it("with a second active admin, an admin may step down", async () => {
    await actor("ADMIN");
    expect((await patchMember(admin, admin.id, { role: "AGENT" })).status).toBe(200);
  });

  it("two admins demoting each other at the same moment leave one admin", async () => {
    const other = await actor("ADMIN");
    const results = await Promise.all([
      patchMember(admin, other.id, { role: "AGENT" }),
      patchMember(other, admin.id, { role: "AGENT" }),
    ]);
    // The loser is refused as the last admin (409) or, demoted already, no longer allowed to manage the team (403).
    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
    expect(await db.user.count({ where: { role: "ADMIN", active: true } })).toBe(1);
  });

  it("refuses an unknown role with 422 naming the field, and an unknown member with 404", async () => {
    const agent = await actor("AGENT");
    const bad = await json<{ error: { message: string } }>(
      await patchMember(admin, agent.id, { role: "BOSS" }),
    );
    expect(bad.status).toBe(422);
    expect(bad.body.error.message).toContain("role");
    expect((await patchMember(admin, "no-such-user", { active: false })).status).toBe(404);
  });
});

describe("request hardening in withSession", () => {
  it("refuses a cross-site mutation (CSRF) before doing anything", async () => {
    const agent = await actor("AGENT");
    const res = await patchMember(admin, agent.id, { role: "ADMIN" }, { origin: "https://evil.example" });
    expect(res.status).toBe(403);
    expect((await db.user.findUniqueOrThrow({ where: { id: agent.id } })).role).toBe("AGENT");
  });

  it("refuses a JSON body over 1 MiB with 413", async () => {
    const huge = JSON.stringify({ email: "x@example.com", role: "AGENT", pad: "x".repeat(1024 * 1024) });
    const res = await invitesRoute.POST(request("/api/invites", { cookie: admin.cookie, body: huge }), ctx());
    expect(res.status).toBe(413);
    expect(await db.invite.count()).toBe(0);
  });
});
