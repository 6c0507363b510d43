import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { encode } from "next-auth/jwt";
import * as eventsRoute from "../../app/api/events/route";
import * as teamRoute from "../../app/api/team/route";
import { authOptions, authorizeCredentials } from "../../lib/auth/options";
import { db } from "../../lib/db";
import { REMOTE_ADDRESS_HEADER } from "../../lib/security/client-ip";
import { updateTeamMember } from "../../lib/team/update-team-member";
import { truncateAll } from "./helpers";
import { createUser, ctx, request, sessionCookie, TEST_PASSWORD } from "./security-helpers";

// #12 defect 7: sessions end on the server. Sign-out, deactivation and the idle timeout take effect on the
// very next request, whatever copies of the cookie exist, and an open event stream notices within the re-check.

const previousRecheck = process.env.EVENTS_SESSION_RECHECK_MS;
process.env.EVENTS_SESSION_RECHECK_MS = "200"; // read on first use of lib/env.ts in this file
afterAll(() => {
  if (previousRecheck === undefined) delete process.env.EVENTS_SESSION_RECHECK_MS;
  else process.env.EVENTS_SESSION_RECHECK_MS = previousRecheck;
});

beforeEach(truncateAll);

/** Signs in as next-auth does: the credentials check, then the jwt callback, then the encrypted cookie. */
async function signIn(email: string) {
  const user = await authorizeCredentials(
    { email, password: TEST_PASSWORD },
    { [REMOTE_ADDRESS_HEADER]: "192.0.2.1", "user-agent": "vitest" },
  );
  if (!user) throw new Error("sign-in refused");
  const token = await authOptions().callbacks!.jwt!({ token: { sub: user.id }, user, account: null });
  const cookie = `next-auth.session-token=${await encode({ token, secret: process.env.NEXTAUTH_SECRET! })}`;
  return { token, cookie };
}

const getTeam = (cookie: string) => teamRoute.GET(request("/api/team", { cookie }), ctx());

describe("sign-out", () => {
  it("revokes the session: a copy of the cookie taken before sign-out gets 401", async () => {
    const admin = await createUser("ADMIN");
    const { token, cookie } = await signIn(admin.email);
    expect((await getTeam(cookie)).status).toBe(200);
    await authOptions().events!.signOut!({ token, session: null as never });
    expect((await getTeam(cookie)).status).toBe(401);
    expect(await db.session.findFirstOrThrow({ where: { userId: admin.id } })).toMatchObject({
      revokedAt: expect.any(Date),
      ip: "192.0.2.1",
    });
    // Another browser of the same person is not signed out.
    const other = await signIn(admin.email);
    expect((await getTeam(other.cookie)).status).toBe(200);
  });

  it("refuses a cookie without a server-side session (issued before sessions existed)", async () => {
    const admin = await createUser("ADMIN");
    const legacy = await encode({
      token: { sub: admin.id, uid: admin.id, role: "ADMIN", signedInAt: Date.now() },
      secret: process.env.NEXTAUTH_SECRET!,
    });
    expect((await getTeam(`next-auth.session-token=${legacy}`)).status).toBe(401);
  });
});

describe("idle timeout", () => {
  it("ends a session unused for longer than the setting; use keeps it alive", async () => {
    const admin = await createUser("ADMIN");
    await db.workspace.create({ data: { name: "Test", sessionIdleMinutes: 30 } });
    const idle = await sessionCookie(admin);
    const busy = await sessionCookie(admin);
    const [idleRow, busyRow] = await db.session.findMany({ orderBy: { createdAt: "asc" } });
    await db.$executeRaw`UPDATE "Session" SET "lastSeenAt" = now() - interval '31 minutes' WHERE id = ${idleRow!.id}`;
    await db.$executeRaw`UPDATE "Session" SET "lastSeenAt" = now() - interval '29 minutes' WHERE id = ${busyRow!.id}`;
    expect((await getTeam(idle)).status).toBe(401);
    expect((await getTeam(busy)).status).toBe(200);
    // The request counted as use: the clock restarts.
    const touched = await db.session.findUniqueOrThrow({ where: { id: busyRow!.id } });
    expect(Date.now() - touched.lastSeenAt.getTime()).toBeLessThan(60_000);
  });

  it("defaults to 8 hours without a saved setting", async () => {
    const admin = await createUser("ADMIN");
    const cookie = await sessionCookie(admin);
    await db.$executeRaw`UPDATE "Session" SET "lastSeenAt" = now() - interval '7 hours 59 minutes'`;
    expect((await getTeam(cookie)).status).toBe(200);
    await db.$executeRaw`UPDATE "Session" SET "lastSeenAt" = now() - interval '8 hours 1 minute'`;
    expect((await getTeam(cookie)).status).toBe(401);
  });
});

describe("event stream", () => {
  async function readUntilClosed(res: Response, ms: number) {
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let text = "";
    const deadline = Date.now() + ms;
    while (Date.now() < deadline) {
      const next = await Promise.race([
        reader.read(),
        new Promise<"timeout">((r) => setTimeout(() => r("timeout"), deadline - Date.now())),
      ]);
      if (next === "timeout") break;
      if (next.done) return { text, closed: true };
      text += decoder.decode(next.value);
    }
    await reader.cancel();
    return { text, closed: false };
  }

  it("closes the stream of a user deactivated while it is open", async () => {
    const admin = await createUser("ADMIN");
    const agent = await createUser("AGENT");
    const res = await eventsRoute.GET(request("/api/events", { cookie: await sessionCookie(agent) }), ctx());
    expect(res.status).toBe(200);
    await updateTeamMember(agent.id, { active: false }, admin.id);
    const { text, closed } = await readUntilClosed(res, 5_000);
    expect(text).toContain("event: ready");
    expect(text).toContain("event: unauthenticated");
    expect(closed).toBe(true);
  });

  it("keeps the stream of a live session open", async () => {
    const agent = await createUser("AGENT");
    const res = await eventsRoute.GET(request("/api/events", { cookie: await sessionCookie(agent) }), ctx());
    const { text, closed } = await readUntilClosed(res, 1_000);
    expect(text).toContain("event: ready");
    expect(closed).toBe(false);
  });

  it("refuses to open a stream without a live session", async () => {
    const agent = await createUser("AGENT");
    const cookie = await sessionCookie(agent);
    await db.session.updateMany({ data: { revokedAt: new Date() } });
    expect((await eventsRoute.GET(request("/api/events", { cookie }), ctx())).status).toBe(401);
  });
});
