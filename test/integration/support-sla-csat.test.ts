import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as listGET } from "../../app/api/conversations/route";
import { GET as exportGET } from "../../app/api/reports/support/export/route";
import { businessTimeBetween, type BusinessHours } from "../../lib/automation/business-hours";
import { db } from "../../lib/db";
import { getSupportReport, type SupportReportDto } from "../../lib/reports/get-support-report";
import { slaStatus } from "../../lib/reports/sla";
import { truncateAll, uniquePhone } from "./helpers";
import { createUser, ctx, json, request, sessionCookie } from "./security-helpers";
import type { ConversationPage } from "../../lib/messaging/queries";
import { percentile, random } from "./recount";

// Issue 16 item 7 (rest): the hourly rollups equal the raw computation, business-hours SLA (the SQL function equals
// the TypeScript arithmetic), CSAT in the report and the CSV. Random data from a seeded generator; expected values
// are recounted here, never typed in.

type User = { id: string; name: string; role: string };
let agents: User[] = [];
let adminCookie = "";

async function conversation(assigneeId: string | null = null) {
  const contact = await db.contact.create({ data: { name: "Customer", phone: uniquePhone() } });
  return db.conversation.create({ data: { contactId: contact.id, status: "OPEN", assigneeId } });
}

const DAY = 86_400_000;

beforeAll(async () => {
  await truncateAll();
  const admin = await createUser("ADMIN", { name: "Ada Admin" });
  agents = [
    admin,
    await createUser("AGENT", { name: "Ana Agent" }),
    await createUser("AGENT", { name: "Bo Agent" }),
  ];
  adminCookie = await sessionCookie(admin);
  await db.workspace.create({ data: { name: "Workspace" } });
});

afterAll(async () => {
  await db.$executeRawUnsafe(
    'UPDATE "Workspace" SET "slaFirstResponseMinutes" = NULL, "slaResolutionHours" = NULL, "slaBusinessHours" = false',
  );
  await db.automationSettings.deleteMany({});
});

describe("hourly rollups", () => {
  // March 2026: New York changes on the 8th, London on the 29th.
  const start = Date.UTC(2026, 2, 1);
  const now = new Date(Date.UTC(2026, 3, 2));

  beforeAll(async () => {
    const rand = random(4242);
    const pick = <T>(list: T[]) => list[Math.floor(rand() * list.length)]!;
    const ids = [...agents.map((a) => a.id), null];
    const conversations = [];
    for (let i = 0; i < 70; i++) conversations.push(await conversation(pick(ids)));
    // Messages through the triggers (cycles opened and answered as the app would), in time order.
    const rows = [];
    for (let i = 0; i < 900; i++) {
      const c = pick(conversations);
      const inbound = rand() < 0.5;
      rows.push({
        conversationId: c.id,
        direction: inbound ? ("INBOUND" as const) : ("OUTBOUND" as const),
        kind: "text",
        text: "x",
        content: {},
        authorId: inbound || rand() < 0.2 ? null : pick(agents).id,
        createdAt: new Date(start + Math.floor(rand() * 31 * DAY)),
      });
    }
    rows.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
    for (let i = 0; i < rows.length; i += 100) await db.message.createMany({ data: rows.slice(i, i + 100) });
    // Resolutions at random later times, assignee changes while open, and deletions (the rollups follow each change).
    const cycles = await db.supportCycle.findMany({
      select: { id: true, openedAt: true, firstResponseAt: true },
    });
    for (const cycle of cycles) {
      const r = rand();
      if (r < 0.5) {
        const after = (cycle.firstResponseAt ?? cycle.openedAt).getTime();
        await db.supportCycle.update({
          where: { id: cycle.id },
          data: { resolvedAt: new Date(after + Math.floor(rand() * 3 * DAY)), assigneeId: pick(ids) },
        });
      } else if (r < 0.7) {
        await db.supportCycle.update({ where: { id: cycle.id }, data: { assigneeId: pick(ids) } });
      }
    }
    for (const c of conversations.slice(0, 5))
      await db.conversation.update({ where: { id: c.id }, data: { assigneeId: pick(ids) } });
    await db.conversation.deleteMany({ where: { id: { in: conversations.slice(5, 9).map((c) => c.id) } } });
    await db.message.deleteMany({
      where: {
        id: {
          in: (
            await db.message.findMany({ take: 20, where: { authorId: { not: null } }, select: { id: true } })
          ).map((m) => m.id),
        },
      },
    });
  });

  it("hold the same counts as a recount of the raw rows", async () => {
    const rollup = await db.$queryRaw<
      { hour: Date; agent: string; replies: number; opened: number; resolved: number }[]
    >`
      SELECT hour, "agentId" AS agent, replies, opened, resolved FROM "SupportHourly" WHERE replies <> 0 OR opened <> 0 OR resolved <> 0 ORDER BY 1, 2`;
    const raw = await db.$queryRaw<typeof rollup>`
      SELECT hour, agent, sum(replies)::int AS replies, sum(opened)::int AS opened, sum(resolved)::int AS resolved FROM (
        SELECT date_trunc('hour', "createdAt") AT TIME ZONE 'UTC' AS hour, "authorId" AS agent, 1 AS replies, 0 AS opened, 0 AS resolved
        FROM "Message" WHERE direction = 'OUTBOUND' AND "authorId" IS NOT NULL
        UNION ALL SELECT date_trunc('hour', "openedAt", 'UTC'), COALESCE("assigneeId", ''), 0, 1, 0 FROM "SupportCycle"
        UNION ALL SELECT date_trunc('hour', "resolvedAt", 'UTC'), COALESCE("assigneeId", ''), 0, 0, 1 FROM "SupportCycle" WHERE "resolvedAt" IS NOT NULL
      ) x GROUP BY 1, 2 ORDER BY 1, 2`;
    expect(raw.length).toBeGreaterThan(300);
    expect(rollup).toEqual(raw);
  });

  it("give the same report as the raw rows: time zones with DST and half-hour offsets, one agent, business hours", async () => {
    await db.$executeRawUnsafe(
      'UPDATE "Workspace" SET "slaFirstResponseMinutes" = 45, "slaResolutionHours" = 20',
    );
    const cases = [
      { from: "2026-03-01", to: "2026-03-31", tz: "UTC" },
      { from: "2026-03-05", to: "2026-03-12", tz: "America/New_York" },
      { from: "2026-03-20", to: "2026-04-01", tz: "Europe/London" },
      { from: "2026-03-02", to: "2026-03-30", tz: "Asia/Kolkata" },
      { from: "2026-03-02", to: "2026-03-30", tz: "Australia/Lord_Howe" },
      { from: "2026-03-01", to: "2026-03-31", tz: "UTC", agentId: agents[1]!.id },
    ];
    let compared = 0;
    let breached = 0;
    for (const business of [false, true]) {
      await db.$executeRawUnsafe(`UPDATE "Workspace" SET "slaBusinessHours" = ${business}`);
      for (const q of cases) {
        const viaRollups = await getSupportReport(q, now);
        const raw = await getSupportReport(q, now, { rollups: false });
        expect(viaRollups).toEqual(raw);
        expect(viaRollups.targets.businessHours).toBe(business);
        compared += viaRollups.summary.replies + viaRollups.summary.opened;
        breached += viaRollups.summary.sla.firstResponseBreached ?? 0;
      }
    }
    expect(compared).toBeGreaterThan(1000);
    expect(breached).toBeGreaterThan(0);
    await db.$executeRawUnsafe('UPDATE "Workspace" SET "slaBusinessHours" = false');
  });
});

describe("business hours: SQL and TypeScript agree", () => {
  it("support_business_seconds equals businessTimeBetween on random spans across DST changes, holidays and 24:00 ends", async () => {
    const rand = random(777);
    const zones = [
      "UTC",
      "Europe/London",
      "America/New_York",
      "Asia/Kolkata",
      "Australia/Lord_Howe",
      "America/Sao_Paulo",
    ];
    const walls = ["00:00", "06:30", "08:00", "09:00", "12:15", "13:00", "17:00", "18:45", "23:30", "24:00"];
    const days = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"] as const;
    const cases: { hours: BusinessHours; a: number; b: number }[] = [];
    for (let i = 0; i < 150; i++) {
      const weekly: BusinessHours["weekly"] = {};
      for (const d of days) {
        if (rand() < 0.25) continue;
        const n = 1 + Math.floor(rand() * 2);
        weekly[d] = Array.from({ length: n }, () => {
          const x = walls[Math.floor(rand() * walls.length)]!;
          const y = walls[Math.floor(rand() * walls.length)]!;
          return x < y ? { start: x, end: y } : { start: y, end: x };
        });
      }
      // Around the 2026 DST changes (March, October/November) or anywhere in the year.
      const anchors = [
        Date.UTC(2026, 2, 7),
        Date.UTC(2026, 2, 28),
        Date.UTC(2026, 9, 24),
        Date.UTC(2026, 10, 1),
        Date.UTC(2026, 0, 1) + rand() * 365 * DAY,
      ];
      const a = Math.floor(anchors[Math.floor(rand() * anchors.length)]! + (rand() - 0.5) * 3 * DAY);
      const b = a + Math.floor(rand() * (rand() < 0.3 ? 20 : 3) * DAY);
      const holidayDay = new Date(a + Math.floor(rand() * 3) * DAY).toISOString().slice(0, 10);
      cases.push({
        hours: {
          timeZone: zones[Math.floor(rand() * zones.length)]!,
          weekly,
          holidays: rand() < 0.4 ? [{ date: holidayDay }] : [],
        },
        a,
        b,
      });
    }
    const rows = await db.$queryRaw<{ i: number; s: number }[]>`
      SELECT i::int, support_business_seconds(to_timestamp(a / 1000.0), to_timestamp(b / 1000.0), cfg) AS s
      FROM unnest(${cases.map((c) => c.a)}::float8[], ${cases.map((c) => c.b)}::float8[], ${cases.map((c) => JSON.stringify(c.hours))}::jsonb[])
        WITH ORDINALITY AS x(a, b, cfg, i)`;
    let nonZero = 0;
    for (const row of rows) {
      const c = cases[row.i - 1]!;
      const expected = businessTimeBetween(c.hours, c.a, c.b) / 1000;
      expect({ i: row.i, s: Math.round(Number(row.s) * 1000) / 1000 }).toEqual({ i: row.i, s: expected });
      if (expected > 0) nonZero++;
    }
    expect(nonZero).toBeGreaterThan(80);
  });
});

describe("business-hours SLA and CSAT in the report", () => {
  const hours: BusinessHours = {
    timeZone: "America/New_York",
    weekly: {
      mon: [{ start: "09:00", end: "17:00" }],
      tue: [{ start: "09:00", end: "17:00" }],
      wed: [
        { start: "09:00", end: "12:00" },
        { start: "13:00", end: "17:00" },
      ],
      thu: [{ start: "09:00", end: "17:00" }],
      fri: [{ start: "09:00", end: "17:00" }],
    },
    holidays: [{ date: "2024-11-28", name: "Thanksgiving" }],
  };
  const from = "2024-10-28";
  const to = "2024-11-30"; // New York leaves DST on 3 November 2024
  const now = new Date("2024-12-02T15:00:00Z");
  type Seeded = { openedAt: Date; firstResponseAt: Date | null; resolvedAt: Date | null; assignee: string };
  const seeded: Seeded[] = [];
  const surveys: { assignee: string; score: number | null; requestedAt: Date; conversationId: string }[] = [];

  beforeAll(async () => {
    await db.automationSettings.upsert({
      where: { id: "workspace" },
      create: { id: "workspace", config: { businessHours: hours } },
      update: { config: { businessHours: hours } },
    });
    const rand = random(99);
    const lo = Date.parse("2024-10-28T04:00:00Z");
    for (let i = 0; i < 120; i++) {
      const assignee = agents[Math.floor(rand() * agents.length)]!.id;
      const c = await conversation(assignee);
      const openedAt = new Date(lo + Math.floor(rand() * 34 * DAY));
      const firstResponseAt =
        rand() < 0.8 ? new Date(openedAt.getTime() + Math.floor(rand() * 30 * 3_600_000)) : null;
      const resolvedAt =
        firstResponseAt && rand() < 0.7
          ? new Date(firstResponseAt.getTime() + Math.floor(rand() * 4 * DAY))
          : null;
      await db.supportCycle.create({
        data: {
          conversationId: c.id,
          openedAt,
          firstResponseAt,
          firstResponderId: firstResponseAt ? assignee : null,
          resolvedAt,
          assigneeId: assignee,
        },
      });
      seeded.push({ openedAt, firstResponseAt, resolvedAt, assignee });
      if (resolvedAt && resolvedAt < now) {
        const score = rand() < 0.6 ? 1 + Math.floor(rand() * 5) : null;
        const requestedAt = new Date(resolvedAt.getTime() + 500);
        // The assignee is taken from the conversation by the trigger.
        await db.csatSurvey.create({
          data: {
            conversationId: c.id,
            via: "session",
            requestedAt,
            score,
            answeredAt: score ? new Date(requestedAt.getTime() + 60_000) : null,
          },
        });
        surveys.push({ assignee, score, requestedAt, conversationId: c.id });
      }
    }
    await db.$executeRawUnsafe(
      'UPDATE "Workspace" SET "slaFirstResponseMinutes" = 120, "slaResolutionHours" = 16, "slaBusinessHours" = true',
    );
  });

  const inRange = (d: Date | null) =>
    d !== null && d >= new Date("2024-10-28T04:00:00Z") && d < new Date("2024-12-01T05:00:00Z");

  it("measures medians and breaches in business hours, equal to the TypeScript arithmetic", async () => {
    const report = await getSupportReport({ from, to, tz: "America/New_York" }, now);
    const opened = seeded.filter((s) => inRange(s.openedAt));
    const resolved = seeded.filter((s) => inRange(s.resolvedAt));
    const biz = (a: Date, b: Date) => businessTimeBetween(hours, a, b) / 1000;
    const frt = opened.filter((s) => s.firstResponseAt).map((s) => biz(s.openedAt, s.firstResponseAt!));
    const res = resolved.map((s) => biz(s.openedAt, s.resolvedAt!));
    const statuses = opened.map((s) =>
      slaStatus(s, { firstResponseMinutes: 120, resolutionHours: 16 }, now, hours),
    );
    expect(report.targets).toEqual({ firstResponseMinutes: 120, resolutionHours: 16, businessHours: true });
    expect(report.summary).toMatchObject({
      opened: opened.length,
      firstResponse: { medianSeconds: percentile(frt, 0.5), p90Seconds: percentile(frt, 0.9) },
      resolution: { medianSeconds: percentile(res, 0.5), p90Seconds: percentile(res, 0.9) },
      sla: {
        firstResponseBreached: statuses.filter((s) => s.firstResponse.state === "breached").length,
        resolutionBreached: statuses.filter((s) => s.resolution.state === "breached").length,
      },
    });
    // Business time is less than wall-clock time here (nights and weekends), so the two modes differ.
    const wall = opened
      .filter((s) => s.firstResponseAt)
      .map((s) => (s.firstResponseAt!.getTime() - s.openedAt.getTime()) / 1000);
    expect(percentile(frt, 0.5)).toBeLessThan(percentile(wall, 0.5)!);
    expect(await getSupportReport({ from, to, tz: "America/New_York" }, now, { rollups: false })).toEqual(
      report,
    );
  });

  it("reports CSAT: average, distribution 1–5, response rate, per agent; the CSV carries each cycle's score", async () => {
    const report: SupportReportDto = await getSupportReport({ from, to, tz: "America/New_York" }, now);
    const inside = surveys.filter((s) => inRange(s.requestedAt));
    const answered = inside.filter((s) => s.score !== null);
    const avg = (list: typeof inside) =>
      list.length ? Math.round((list.reduce((t, s) => t + s.score!, 0) / list.length) * 100) / 100 : null;
    expect(answered.length).toBeGreaterThan(10);
    expect(report.summary.csat).toEqual({
      requested: inside.length,
      answered: answered.length,
      responseRate: answered.length / inside.length,
      averageScore: avg(answered),
    });
    expect(report.csatDistribution).toEqual(
      [1, 2, 3, 4, 5].map((score) => ({ score, count: answered.filter((s) => s.score === score).length })),
    );
    for (const agent of agents) {
      const mine = inside.filter((s) => s.assignee === agent.id);
      const mineAnswered = mine.filter((s) => s.score !== null);
      expect(report.agents.find((a) => a.id === agent.id)?.csat).toEqual({
        requested: mine.length,
        answered: mineAnswered.length,
        responseRate: mine.length ? mineAnswered.length / mine.length : null,
        averageScore: avg(mineAnswered),
      });
    }

    const res = await exportGET(
      request(`/api/reports/support/export?from=${from}&to=${to}&tz=America/New_York`, {
        cookie: adminCookie,
      }),
      ctx(),
    );
    const rows = parse(await res.text(), { columns: true }) as Record<string, string>[];
    expect(Object.keys(rows[0]!)).toContain("first_response_business_seconds");
    const scored = rows.filter((r) => r.csat_score !== "");
    const expectedScored = seeded.filter(
      (s) =>
        inRange(s.openedAt) &&
        s.resolvedAt !== null &&
        surveys.some((q) => q.score !== null && q.requestedAt.getTime() === s.resolvedAt!.getTime() + 500),
    );
    expect(scored.length).toBe(expectedScored.length);
    expect(scored.length).toBeGreaterThan(5);
  });
});

describe("SLA in the inbox list", () => {
  async function listAll(query: string) {
    const out: ConversationPage["conversations"] = [];
    let policy: ConversationPage["slaPolicy"];
    let cursor: string | null = null;
    do {
      const res: { status: number; body: ConversationPage } = await json<ConversationPage>(
        await listGET(
          request(`/api/conversations?limit=100${query}${cursor ? `&cursor=${cursor}` : ""}`, {
            cookie: adminCookie,
          }),
          ctx(),
        ),
      );
      expect(res.status).toBe(200);
      out.push(...res.body.conversations);
      policy = res.body.slaPolicy;
      cursor = res.body.nextCursor;
    } while (cursor);
    return { conversations: out, policy: policy! };
  }

  it("carries each row's open cycle and the policy; ?sla=breached returns exactly the rows past a target", async () => {
    await db.$executeRawUnsafe(
      'UPDATE "Workspace" SET "slaFirstResponseMinutes" = 30, "slaResolutionHours" = 4, "slaBusinessHours" = false',
    );
    const now = Date.now();
    const fresh: { id: string; minutesAgo: number; answered: boolean }[] = [];
    for (const [minutesAgo, answered] of [
      [10, false],
      [50, false],
      [50, true],
      [300, true],
      [2, true],
    ] as const) {
      const c = await conversation(agents[0]!.id);
      const openedAt = new Date(now - minutesAgo * 60_000);
      await db.supportCycle.create({
        data: {
          conversationId: c.id,
          openedAt,
          firstResponseAt: answered ? new Date(openedAt.getTime() + 60_000) : null,
        },
      });
      fresh.push({ id: c.id, minutesAgo, answered });
    }
    const all = await listAll("");
    expect(all.policy).toEqual({
      targets: { firstResponseMinutes: 30, resolutionHours: 4, businessHours: false },
      businessHours: null,
    });
    const row = (id: string) => all.conversations.find((c) => c.id === id)!;
    expect(row(fresh[0]!.id).openCycle).toEqual({
      openedAt: new Date(now - 10 * 60_000).toISOString(),
      firstResponseAt: null,
    });
    const expected = all.conversations
      .filter((c) => c.openCycle)
      .filter((c) => {
        const s = slaStatus(
          {
            openedAt: new Date(c.openCycle!.openedAt),
            firstResponseAt: c.openCycle!.firstResponseAt ? new Date(c.openCycle!.firstResponseAt) : null,
            resolvedAt: null,
          },
          all.policy.targets,
          new Date(),
        );
        return s.firstResponse.state === "breached" || s.resolution.state === "breached";
      })
      .map((c) => c.id)
      .sort();
    const breached = await listAll("&sla=breached");
    expect(breached.conversations.map((c) => c.id).sort()).toEqual(expected);
    // The fresh ones: 50 minutes unanswered and 300 minutes open are past a target; 10 unanswered, 50 answered and 2 are not.
    const flagged = new Set(expected);
    expect(fresh.map((f) => flagged.has(f.id))).toEqual([false, true, false, true, false]);
    expect(expected.length).toBeLessThan(all.conversations.filter((c) => c.openCycle).length);

    // In business hours (never open: a workspace closed every day), nothing is past a target.
    await db.automationSettings.upsert({
      where: { id: "workspace" },
      create: { id: "workspace", config: { businessHours: { timeZone: "UTC", weekly: {}, holidays: [] } } },
      update: { config: { businessHours: { timeZone: "UTC", weekly: {}, holidays: [] } } },
    });
    await db.$executeRawUnsafe('UPDATE "Workspace" SET "slaBusinessHours" = true');
    const closed = await listAll("&sla=breached");
    expect(closed.policy.businessHours).toMatchObject({ timeZone: "UTC" });
    expect(closed.conversations).toEqual([]);
  });
});
