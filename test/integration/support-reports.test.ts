import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as slaGET, PUT as slaPUT } from "../../app/api/reports/sla/route";
import { GET as exportGET } from "../../app/api/reports/support/export/route";
import { GET as reportGET } from "../../app/api/reports/support/route";
import { db } from "../../lib/db";
import { setConversationStatus } from "../../lib/messaging/set-conversation-status";
import { assignConversation } from "../../lib/messaging/assign-conversation";
import type { SupportReportDto } from "../../lib/reports/get-support-report";
import { truncateAll, uniquePhone } from "./helpers";
import { createUser, ctx, json, request, sessionCookie } from "./security-helpers";
import { percentile, random } from "./recount";

// Issue 16 item 7: support reports. The cycles come from triggers on Message and Conversation (prisma/sql/support.sql);
// the report is checked against a recount in plain TypeScript over a seeded random data set, never typed-in numbers.

type User = { id: string; name: string; role: string };
let admin: User;
let agentA: User;
let agentB: User;
let adminCookie = "";
let agentCookie = "";

beforeAll(async () => {
  await truncateAll();
  admin = await createUser("ADMIN", { name: "Ada Admin" });
  agentA = await createUser("AGENT", { name: "Ana Agent" });
  agentB = await createUser("AGENT", { name: "=Bo Agent" });
  adminCookie = await sessionCookie(admin);
  agentCookie = await sessionCookie(agentA);
});

afterAll(async () => {
  await db.$executeRawUnsafe(
    'UPDATE "Workspace" SET "slaFirstResponseMinutes" = NULL, "slaResolutionHours" = NULL',
  );
});

async function conversation(name = "Customer") {
  const contact = await db.contact.create({ data: { name, phone: uniquePhone() } });
  return db.conversation.create({ data: { contactId: contact.id, status: "OPEN" } });
}

function message(
  conversationId: string,
  direction: "INBOUND" | "OUTBOUND",
  at: Date,
  authorId: string | null = null,
) {
  return db.message.create({
    data: {
      conversationId,
      direction,
      kind: "text",
      text: "hello",
      content: { text: "hello" },
      createdAt: at,
      authorId,
    },
  });
}

const cycles = (conversationId: string) =>
  db.supportCycle.findMany({ where: { conversationId }, orderBy: { openedAt: "asc" } });

describe("support cycles kept by the triggers", () => {
  it("opens with the customer's message, takes the first agent reply, closes on resolve and reopens with the next message", async () => {
    const c = await conversation();
    const t0 = new Date(Date.now() - 60 * 60_000);
    const at = (minutes: number) => new Date(t0.getTime() + minutes * 60_000);

    await message(c.id, "INBOUND", at(0));
    await message(c.id, "INBOUND", at(1));
    await message(c.id, "OUTBOUND", at(2)); // automated (no author): not a first response
    expect(await cycles(c.id)).toMatchObject([
      { openedAt: at(0), inboundCount: 2, firstResponseAt: null, resolvedAt: null },
    ]);

    await message(c.id, "OUTBOUND", at(3), agentA.id);
    await message(c.id, "OUTBOUND", at(4), agentB.id);
    await assignConversation(c.id, { assigneeId: agentB.id }, { id: admin.id, name: admin.name });
    expect(await cycles(c.id)).toMatchObject([
      { firstResponseAt: at(3), firstResponderId: agentA.id, assigneeId: agentB.id },
    ]);

    await setConversationStatus(c.id, { status: "RESOLVED" }, { id: agentB.id, name: agentB.name });
    const [closed] = await cycles(c.id);
    expect(closed?.resolvedAt).not.toBeNull();
    expect(closed?.assigneeId).toBe(agentB.id);

    // Reopened by hand: no new cycle until the customer writes again.
    await setConversationStatus(c.id, { status: "OPEN" }, { id: agentB.id, name: agentB.name });
    expect(await cycles(c.id)).toHaveLength(1);
    await message(c.id, "INBOUND", new Date());
    const after = await cycles(c.id);
    expect(after).toHaveLength(2);
    expect(after[0]?.resolvedAt).toEqual(closed?.resolvedAt);
    expect(after[1]).toMatchObject({
      resolvedAt: null,
      firstResponseAt: null,
      inboundCount: 1,
      assigneeId: agentB.id,
    });
  });

  it("an agent message before any customer message opens nothing", async () => {
    const c = await conversation();
    await message(c.id, "OUTBOUND", new Date(), agentA.id);
    expect(await cycles(c.id)).toEqual([]);
  });
});

// --- the report against a recount ------------------------------------------------------------------------

type Seeded = {
  openedAt: Date;
  firstResponseAt: Date | null;
  responder: string | null;
  resolvedAt: Date | null;
  assignee: string | null;
};

describe("GET /api/reports/support", () => {
  const DAY = 86_400_000;
  const today = new Date(Date.UTC(2026, 10, 20)); // a fixed range, far from the lifecycle test's rows
  const from = new Date(today.getTime() - 9 * DAY);
  const to = today;
  const day = (d: Date) => d.toISOString().slice(0, 10);
  let seeded: Seeded[] = [];
  let replies: { at: Date; author: string }[] = [];

  beforeAll(async () => {
    const rand = random(20261206);
    const agents = [agentA.id, agentB.id, admin.id];
    seeded = [];
    replies = [];
    for (let i = 0; i < 240; i++) {
      // Some before and after the range, so its edges are exercised.
      const openedAt = new Date(from.getTime() - 2 * DAY + Math.floor(rand() * 14 * DAY));
      const responded = rand() < 0.8;
      const firstResponseAt = responded
        ? new Date(openedAt.getTime() + Math.floor(rand() * 6 * 3_600_000))
        : null;
      const responder = responded ? agents[Math.floor(rand() * 3)]! : null;
      const resolved = responded && rand() < 0.7;
      const resolvedAt = resolved
        ? new Date(firstResponseAt!.getTime() + Math.floor(rand() * 2 * DAY))
        : null;
      const assignee = rand() < 0.9 ? agents[Math.floor(rand() * 3)]! : null;
      seeded.push({ openedAt, firstResponseAt, responder, resolvedAt, assignee });
    }
    for (const s of seeded) {
      const c = await conversation();
      // Rows written as the triggers would have (the lifecycle test above covers the triggers themselves).
      await db.supportCycle.create({
        data: {
          conversationId: c.id,
          openedAt: s.openedAt,
          firstResponseAt: s.firstResponseAt,
          firstResponderId: s.responder,
          resolvedAt: s.resolvedAt,
          assigneeId: s.assignee,
        },
      });
      if (s.firstResponseAt && s.responder) {
        const at = s.firstResponseAt;
        await db.message.create({
          data: {
            conversationId: c.id,
            direction: "OUTBOUND",
            kind: "text",
            text: "hi",
            content: {},
            createdAt: at,
            authorId: s.responder,
          },
        });
        replies.push({ at, author: s.responder });
      }
    }
  });

  const inRange = (d: Date | null) => d !== null && d >= from && d < new Date(to.getTime() + DAY);
  const report = async (query: string, cookie = adminCookie) =>
    json<SupportReportDto>(await reportGET(request(`/api/reports/support?${query}`, { cookie }), ctx()));

  it("matches a recount of the seeded cycles (UTC)", async () => {
    await db.$executeRawUnsafe(
      'UPDATE "Workspace" SET "slaFirstResponseMinutes" = NULL, "slaResolutionHours" = NULL',
    );
    const { status, body } = await report(`from=${day(from)}&to=${day(to)}&tz=UTC`);
    expect(status).toBe(200);
    const opened = seeded.filter((s) => inRange(s.openedAt));
    const resolved = seeded.filter((s) => inRange(s.resolvedAt));
    const frt = opened
      .filter((s) => s.firstResponseAt)
      .map((s) => (s.firstResponseAt!.getTime() - s.openedAt.getTime()) / 1000);
    const res = resolved.map((s) => (s.resolvedAt!.getTime() - s.openedAt.getTime()) / 1000);
    expect(body.summary).toMatchObject({
      opened: opened.length,
      responded: frt.length,
      awaitingResponse: opened.filter((s) => !s.firstResponseAt && !s.resolvedAt).length,
      resolved: resolved.length,
      replies: replies.filter((r) => inRange(r.at)).length,
      firstResponse: { medianSeconds: percentile(frt, 0.5), p90Seconds: percentile(frt, 0.9) },
      resolution: { medianSeconds: percentile(res, 0.5), p90Seconds: percentile(res, 0.9) },
      sla: { firstResponseBreached: null, resolutionBreached: null },
    });
    expect(opened.length).toBeGreaterThan(100);

    // Per day, per weekday × hour, per first-response bucket.
    expect(body.daily).toHaveLength(10);
    for (const d of body.daily) {
      expect(d.opened).toBe(opened.filter((s) => day(s.openedAt) === d.day).length);
      expect(d.resolved).toBe(resolved.filter((s) => day(s.resolvedAt!) === d.day).length);
    }
    const cell = (s: Seeded) => `${((s.openedAt.getUTCDay() + 6) % 7) + 1}:${s.openedAt.getUTCHours()}`;
    const expectedCells = new Map<string, number>();
    for (const s of opened) expectedCells.set(cell(s), (expectedCells.get(cell(s)) ?? 0) + 1);
    expect(new Map(body.heatmap.map((h) => [`${h.weekday}:${h.hour}`, h.count]))).toEqual(expectedCells);
    const edges = [60, 300, 900, 3600, 14_400, 86_400];
    const bucketOf = (seconds: number) => edges.filter((e) => seconds >= e).length;
    expect(body.firstResponseBuckets.map((b) => b.count)).toEqual(
      edges.concat(Infinity).map((_, i) => frt.filter((s) => bucketOf(s) === i).length),
    );

    // Per agent: replies they wrote, first responses they gave, conversations resolved while assigned to them.
    for (const agent of [agentA, agentB, admin]) {
      const row = body.agents.find((a) => a.id === agent.id);
      const firsts = opened.filter((s) => s.responder === agent.id && s.firstResponseAt);
      const mine = resolved.filter((s) => s.assignee === agent.id);
      expect(row).toMatchObject({
        name: agent.name,
        replies: replies.filter((r) => r.author === agent.id && inRange(r.at)).length,
        firstResponses: firsts.length,
        firstResponseMedianSeconds: percentile(
          firsts.map((s) => (s.firstResponseAt!.getTime() - s.openedAt.getTime()) / 1000),
          0.5,
        ),
        resolved: mine.length,
        resolutionMedianSeconds: percentile(
          mine.map((s) => (s.resolvedAt!.getTime() - s.openedAt.getTime()) / 1000),
          0.5,
        ),
      });
    }
  });

  it("counts SLA breaches with the saved targets, and narrows to one agent", async () => {
    const put = await json<{ targets: unknown }>(
      await slaPUT(
        request("/api/reports/sla", {
          method: "PUT",
          cookie: adminCookie,
          body: { firstResponseMinutes: 90, resolutionHours: 24 },
        }),
        ctx(),
      ),
    );
    expect(put).toEqual({
      status: 200,
      body: { targets: { firstResponseMinutes: 90, resolutionHours: 24, businessHours: false } },
    });
    const audit = await db.auditLog.findFirst({
      where: { action: "settings.sla_updated" },
      orderBy: { at: "desc" },
    });
    expect(audit?.details).toMatchObject({
      changes: { firstResponseMinutes: { from: "none", to: 90 }, resolutionHours: { from: "none", to: 24 } },
    });

    const now = Date.now();
    const opened = seeded.filter((s) => inRange(s.openedAt));
    const late = (done: Date | null, opened: Date, ms: number) =>
      (done?.getTime() ?? now) > opened.getTime() + ms;
    const { body } = await report(`from=${day(from)}&to=${day(to)}&tz=UTC`);
    expect(body.summary.sla).toEqual({
      firstResponseBreached: opened.filter((s) => late(s.firstResponseAt, s.openedAt, 90 * 60_000)).length,
      resolutionBreached: opened.filter((s) => late(s.resolvedAt, s.openedAt, 24 * 3_600_000)).length,
    });

    const one = await report(`from=${day(from)}&to=${day(to)}&tz=UTC&agentId=${agentB.id}`);
    expect(one.body.summary.opened).toBe(opened.filter((s) => s.assignee === agentB.id).length);
    expect(one.body.summary.replies).toBe(
      replies.filter((r) => r.author === agentB.id && inRange(r.at)).length,
    );
    expect(one.body.agents.map((a) => a.id)).toEqual([agentB.id]);
  });

  it("buckets by the viewer's time zone", async () => {
    const c = await conversation();
    // 03:30 UTC on 1 Dec 2025 (a Monday) is 22:30 on Sunday 30 Nov in New York.
    await db.supportCycle.create({
      data: { conversationId: c.id, openedAt: new Date("2025-12-01T03:30:00Z") },
    });
    const ny = await report("from=2025-11-30&to=2025-11-30&tz=America/New_York");
    expect(ny.body.summary.opened).toBe(1);
    expect(ny.body.heatmap).toEqual([{ weekday: 7, hour: 22, count: 1 }]);
    expect(ny.body.daily).toEqual([{ day: "2025-11-30", opened: 1, resolved: 0 }]);
    expect((await report("from=2025-11-30&to=2025-11-30&tz=UTC")).body.summary.opened).toBe(0);
  });

  it("refuses what a client can get wrong with a readable 422, and agents are not let in", async () => {
    const bad = await report("from=2026-12-10&to=2026-12-01&tz=UTC");
    expect(bad.status).toBe(422);
    expect(JSON.stringify(bad.body)).toContain("from must be on or before to");
    expect((await report("tz=Mars/Olympus")).status).toBe(422);
    const targets = await json(
      await slaPUT(
        request("/api/reports/sla", {
          method: "PUT",
          cookie: adminCookie,
          body: { firstResponseMinutes: 0, resolutionHours: 1.5 },
        }),
        ctx(),
      ),
    );
    expect(targets.status).toBe(422);
    expect(JSON.stringify(targets.body)).toContain("at least 1 minute");
    expect(JSON.stringify(targets.body)).toContain("whole hours");
    expect((await report("tz=UTC", agentCookie)).status).toBe(403);
    expect(
      (await json(await slaGET(request("/api/reports/sla", { cookie: adminCookie }), ctx()))).body,
    ).toEqual({
      targets: { firstResponseMinutes: 90, resolutionHours: 24, businessHours: false },
    });
  });

  it("exports every cycle opened in the range as CSV, names made safe for spreadsheets", async () => {
    const res = await exportGET(
      request(`/api/reports/support/export?from=${day(from)}&to=${day(to)}&tz=UTC`, { cookie: adminCookie }),
      ctx(),
    );
    expect(res.status).toBe(200);
    expect(res.headers.get("content-disposition")).toBe(
      `attachment; filename="support-${day(from)}-to-${day(to)}.csv"`,
    );
    const rows = parse(await res.text(), { columns: true }) as Record<string, string>[];
    expect(rows).toHaveLength(seeded.filter((s) => inRange(s.openedAt)).length);
    expect(Object.keys(rows[0]!)).toEqual([
      "conversation_id",
      "customer",
      "phone",
      "bsuid",
      "opened_at",
      "first_response_at",
      "first_responder",
      "resolved_at",
      "assignee",
      "first_response_seconds",
      "resolution_seconds",
      "first_response_breached",
      "resolution_breached",
      "csat_score",
      "customer_messages",
    ]);
    // "=Bo Agent" would run as a formula in a spreadsheet.
    const bo = rows.filter((r) => r.first_responder === "'=Bo Agent");
    expect(bo.length).toBe(seeded.filter((s) => inRange(s.openedAt) && s.responder === agentB.id).length);
    expect(rows.every((r) => r.first_response_breached === "yes" || r.first_response_breached === "no")).toBe(
      true,
    );
  });
});
