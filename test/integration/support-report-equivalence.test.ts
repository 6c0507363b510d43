import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "../../lib/db";
import { getSupportReport } from "../../lib/reports/get-support-report";
import { truncateAll, uniquePhone } from "./helpers";
import { createUser } from "./security-helpers";
import { percentile, random } from "./recount";

// Issue 16 benchmark: the report's fast statements (durations computed once per cycle, per-agent medians from the
// (agent, time) indexes, the hourly chart from UTC quarter hours in half-hour zones) must give exactly what the
// plain statements over the raw rows give (`{ rollups: false }`), and the plain statements what a recount here gives.
// Random cycles with millisecond times (percentiles interpolate between them), many on quarter-hour and range edges,
// across New York's and London's DST changes, with and without business hours.

const DAY = 86_400_000;
const QUARTER = 900_000;
type Cycle = {
  openedAt: Date;
  firstResponseAt: Date | null;
  responder: string | null;
  resolvedAt: Date | null;
  assignee: string | null;
};

describe("support report: fast statements equal the raw recount", () => {
  const start = Date.UTC(2026, 2, 1); // March 2026: New York changes on the 8th, London on the 29th
  const now = new Date(Date.UTC(2026, 3, 3, 12));
  const seeded: Cycle[] = [];
  let ids: string[] = [];

  beforeAll(async () => {
    await truncateAll();
    const admin = await createUser("ADMIN", { name: "Ada Admin" });
    const a = await createUser("AGENT", { name: "Ana Agent" });
    const b = await createUser("AGENT", { name: "Bo Agent" });
    const gone = await createUser("AGENT", { name: "Cy Gone" });
    await db.user.update({ where: { id: gone.id }, data: { active: false } });
    ids = [admin.id, a.id, b.id, gone.id];
    await db.workspace.create({
      data: { name: "Workspace", slaFirstResponseMinutes: 40, slaResolutionHours: 18 },
    });
    // Business hours in force when the cycles are written (the trigger stores their business durations).
    await db.automationSettings.upsert({
      where: { id: "workspace" },
      create: { id: "workspace", config: { businessHours: hours } },
      update: { config: { businessHours: hours } },
    });
    const rand = random(160_2026);
    const pick = <T>(list: T[]) => list[Math.floor(rand() * list.length)]!;
    // Users, nobody, and an id of no user (a responder since removed).
    const people = [...ids, null, "no-such-user"];
    const contact = await db.contact.create({ data: { name: "Customer", phone: uniquePhone() } });
    const conversation = await db.conversation.create({ data: { contactId: contact.id, status: "OPEN" } });
    for (let i = 0; i < 900; i++) {
      // A third exactly on a quarter hour (the hourly chart's edges), the rest at any millisecond.
      const t = start + Math.floor(rand() * 33 * DAY);
      const openedAt = new Date(rand() < 0.33 ? t - (t % QUARTER) : t);
      const responded = rand() < 0.75;
      const firstResponseAt = responded
        ? new Date(openedAt.getTime() + Math.floor(rand() * (rand() < 0.5 ? 3_600_000 : 2 * DAY)))
        : null;
      const resolved = rand() < 0.6;
      const resolvedAt = resolved
        ? new Date((firstResponseAt ?? openedAt).getTime() + Math.floor(rand() * 3 * DAY))
        : null;
      seeded.push({
        openedAt,
        firstResponseAt,
        responder: responded ? pick(people) : null,
        resolvedAt: resolvedAt && resolvedAt < now ? resolvedAt : null,
        assignee: pick(people),
      });
    }
    // Resolved cycles of one conversation (its one open cycle is the last), written as the triggers would.
    const open = seeded.filter((s) => s.resolvedAt === null);
    const closed = seeded.filter((s) => s.resolvedAt !== null);
    for (const s of open.slice(1)) s.resolvedAt = new Date(now.getTime() - 1000);
    await db.supportCycle.createMany({
      data: [...closed, ...open].map((s) => ({
        conversationId: conversation.id,
        openedAt: s.openedAt,
        firstResponseAt: s.firstResponseAt,
        firstResponderId: s.responder,
        resolvedAt: s.resolvedAt,
        assigneeId: s.assignee,
      })),
    });
  });

  afterAll(async () => {
    await db.automationSettings.deleteMany({});
  });

  const hours = {
    timeZone: "Europe/London",
    weekly: {
      mon: [{ start: "08:30", end: "17:45" }],
      tue: [{ start: "08:30", end: "17:45" }],
      wed: [{ start: "08:30", end: "17:45" }],
      thu: [{ start: "08:30", end: "12:00" }],
      fri: [{ start: "08:30", end: "17:45" }],
    },
    holidays: [],
  };

  const cases = [
    { from: "2026-03-02", to: "2026-03-31", tz: "UTC" },
    { from: "2026-03-03", to: "2026-03-14", tz: "America/New_York" },
    { from: "2026-03-20", to: "2026-04-01", tz: "Europe/London" },
    { from: "2026-03-02", to: "2026-03-30", tz: "Asia/Kolkata" },
    { from: "2026-03-05", to: "2026-03-25", tz: "Asia/Kathmandu" },
    { from: "2026-03-01", to: "2026-04-02", tz: "Australia/Lord_Howe" },
    { from: "2026-03-04", to: "2026-03-27", tz: "Asia/Kolkata", agent: 1 },
    { from: "2026-03-01", to: "2026-03-31", tz: "America/New_York", agent: 3 },
  ];

  it("gives the same report as the plain statements, with business hours off and on", async () => {
    let opened = 0;
    let medians = 0;
    for (const business of [false, true]) {
      await db.$executeRawUnsafe(`UPDATE "Workspace" SET "slaBusinessHours" = ${business}`);
      for (const c of cases) {
        const q = {
          from: c.from,
          to: c.to,
          tz: c.tz,
          agentId: c.agent === undefined ? undefined : ids[c.agent],
        };
        const fast = await getSupportReport(q, now);
        expect(fast).toEqual(await getSupportReport(q, now, { rollups: false }));
        expect(fast.targets.businessHours).toBe(business);
        opened += fast.summary.opened;
        medians += fast.agents.filter((x) => x.firstResponseMedianSeconds !== null).length;
      }
    }
    expect(opened).toBeGreaterThan(4000);
    expect(medians).toBeGreaterThan(20);
    await db.$executeRawUnsafe('UPDATE "Workspace" SET "slaBusinessHours" = false');
  });

  it("equals a recount of the seeded cycles in the viewer's time zone (wall-clock SLA)", async () => {
    for (const c of cases.filter((x) => x.agent === undefined)) {
      const report = await getSupportReport({ from: c.from, to: c.to, tz: c.tz }, now);
      expect(report.summary.opened).toBeGreaterThan(100);
      expect(recount(c.from, c.to, c.tz)).toEqual({
        summary: {
          opened: report.summary.opened,
          responded: report.summary.responded,
          awaitingResponse: report.summary.awaitingResponse,
          resolved: report.summary.resolved,
          firstResponse: report.summary.firstResponse,
          resolution: report.summary.resolution,
          sla: report.summary.sla,
        },
        buckets: report.firstResponseBuckets.map((x) => x.count),
        daily: report.daily,
        heatmap: report.heatmap,
        agents: report.agents
          .map((x) => ({
            id: x.id,
            firstResponses: x.firstResponses,
            firstResponseMedianSeconds: x.firstResponseMedianSeconds,
            resolved: x.resolved,
            resolutionMedianSeconds: x.resolutionMedianSeconds,
          }))
          .filter((x) => x.firstResponses > 0 || x.resolved > 0)
          .sort((x, y) => (x.id < y.id ? -1 : 1)),
      });
    }
  });

  /** The report's cycle figures recounted from `seeded` with Intl (local days and hours), wall-clock SLA. */
  function recount(from: string, to: string, tz: string) {
    const local = new Intl.DateTimeFormat("en-CA", {
      timeZone: tz,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      weekday: "short",
    });
    const parts = (d: Date) => Object.fromEntries(local.formatToParts(d).map((p) => [p.type, p.value]));
    const dayOf = (d: Date) => {
      const p = parts(d);
      return `${p.year}-${p.month}-${p.day}`;
    };
    const inRange = (d: Date | null): d is Date => d !== null && dayOf(d) >= from && dayOf(d) <= to;
    const seconds = (a: Date, b: Date) => (b.getTime() - a.getTime()) / 1000;
    const opened = seeded.filter((s) => inRange(s.openedAt));
    const resolved = seeded.filter((s) => inRange(s.resolvedAt));
    const answered = opened.filter((s) => s.firstResponseAt !== null);
    const frt = answered.map((s) => seconds(s.openedAt, s.firstResponseAt!));
    const res = resolved.map((s) => seconds(s.openedAt, s.resolvedAt!));
    const late = (s: Cycle, done: Date | null, limit: number) => seconds(s.openedAt, done ?? now) > limit;
    const edges = [60, 300, 900, 3600, 14_400, 86_400];
    const days: { day: string; opened: number; resolved: number }[] = [];
    for (let d = Date.parse(`${from}T00:00:00Z`); d <= Date.parse(`${to}T00:00:00Z`); d += DAY) {
      const day = new Date(d).toISOString().slice(0, 10);
      days.push({
        day,
        opened: opened.filter((s) => dayOf(s.openedAt) === day).length,
        resolved: resolved.filter((s) => dayOf(s.resolvedAt!) === day).length,
      });
    }
    const weekdays = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
    const cells = new Map<string, { weekday: number; hour: number; count: number }>();
    for (const s of opened) {
      const p = parts(s.openedAt);
      const cell = { weekday: weekdays.indexOf(p.weekday!) + 1, hour: Number(p.hour), count: 0 };
      const key = `${cell.weekday}:${cell.hour}`;
      (cells.get(key) ?? cells.set(key, cell).get(key)!).count++;
    }
    const agents = ids
      .map((id) => {
        const firsts = answered.filter((s) => s.responder === id);
        const mine = resolved.filter((s) => s.assignee === id);
        return {
          id,
          firstResponses: firsts.length,
          firstResponseMedianSeconds: percentile(
            firsts.map((s) => seconds(s.openedAt, s.firstResponseAt!)),
            0.5,
          ),
          resolved: mine.length,
          resolutionMedianSeconds: percentile(
            mine.map((s) => seconds(s.openedAt, s.resolvedAt!)),
            0.5,
          ),
        };
      })
      .filter((x) => x.firstResponses > 0 || x.resolved > 0)
      .sort((x, y) => (x.id < y.id ? -1 : 1));
    return {
      summary: {
        opened: opened.length,
        responded: answered.length,
        awaitingResponse: opened.filter((s) => !s.firstResponseAt && !s.resolvedAt).length,
        resolved: resolved.length,
        firstResponse: { medianSeconds: percentile(frt, 0.5), p90Seconds: percentile(frt, 0.9) },
        resolution: { medianSeconds: percentile(res, 0.5), p90Seconds: percentile(res, 0.9) },
        sla: {
          firstResponseBreached: opened.filter((s) => late(s, s.firstResponseAt, 40 * 60)).length,
          resolutionBreached: opened.filter((s) => late(s, s.resolvedAt, 18 * 3600)).length,
        },
      },
      buckets: edges
        .concat(Infinity)
        .map((_, i) => frt.filter((v) => edges.filter((e) => v >= e).length === i).length),
      daily: days,
      heatmap: [...cells.values()].sort((x, y) => x.weekday - y.weekday || x.hour - y.hour),
      agents,
    };
  }
});
