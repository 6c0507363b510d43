import "server-only";
import { localDay, shiftDay } from "../analytics/get-analytics-overview";
import { db } from "../db";
import { Prisma } from "../generated/prisma/client";
import type { SlaTargets, SupportReportQuery } from "./schemas";
import { getSlaTargets } from "./sla-targets";

// Support performance over a date range, from the cycles the triggers in prisma/sql/support.sql keep (one per
// stretch of a conversation from the customer's message to its resolution) and the messages agents wrote.
//   opened, first response, SLA: cycles OPENED in the range;  resolved, resolution time: cycles RESOLVED in it;
//   replies: messages agents wrote in it. With an agent: cycles assigned to them, replies they wrote.
// Breaches follow lib/reports/sla.ts: done later than opened + target, or not done and now is past it.

export type DurationStats = { medianSeconds: number | null; p90Seconds: number | null };

export type SupportReportDto = {
  range: { from: string; to: string; tz: string };
  agentId: string | null;
  targets: SlaTargets;
  summary: {
    opened: number;
    responded: number;
    /** Opened in the range, not answered by an agent and not resolved yet. */
    awaitingResponse: number;
    resolved: number;
    replies: number;
    firstResponse: DurationStats;
    resolution: DurationStats;
    sla: { firstResponseBreached: number | null; resolutionBreached: number | null };
  };
  /** Answered cycles by time to first response; the last bucket has no upper bound. */
  firstResponseBuckets: { label: string; count: number }[];
  daily: { day: string; opened: number; resolved: number }[];
  /** Cycles opened per weekday (1 = Monday … 7 = Sunday) and hour, in the range's time zone; zero cells left out. */
  heatmap: { weekday: number; hour: number; count: number }[];
  agents: {
    id: string;
    name: string;
    active: boolean;
    replies: number;
    firstResponses: number;
    firstResponseMedianSeconds: number | null;
    resolved: number;
    resolutionMedianSeconds: number | null;
  }[];
};

const DEFAULT_DAYS = 30;
export const FIRST_RESPONSE_BUCKETS: { label: string; upToSeconds: number | null }[] = [
  { label: "< 1 min", upToSeconds: 60 },
  { label: "1–5 min", upToSeconds: 300 },
  { label: "5–15 min", upToSeconds: 900 },
  { label: "15–60 min", upToSeconds: 3600 },
  { label: "1–4 h", upToSeconds: 4 * 3600 },
  { label: "4–24 h", upToSeconds: 24 * 3600 },
  { label: "> 24 h", upToSeconds: null },
];

const num = (v: unknown) => (v === null || v === undefined ? null : Math.round(Number(v)));
/** One value of a percentile_cont(ARRAY[...]) result (null when there was nothing to measure). */
const pick = (v: unknown, i: number) => (Array.isArray(v) ? (v[i] as unknown) : null);

/** The range's days, defaulting like the analytics overview (the last 30 days in the viewer's time zone). */
export function resolveRange(query: Pick<SupportReportQuery, "from" | "to" | "tz">) {
  const to = query.to ?? (query.from ? shiftDay(query.from, DEFAULT_DAYS - 1) : localDay(query.tz));
  const from = query.from ?? shiftDay(to, -(DEFAULT_DAYS - 1));
  return { from, to, tz: query.tz };
}

/** Midnight at the start of `from` and after `to`, in the time zone: `b.lo`, `b.hi` (timestamptz). */
export function rangeBounds(range: { from: string; to: string; tz: string }) {
  return Prisma.sql`SELECT (${range.from}::date::timestamp AT TIME ZONE ${range.tz}) AS lo,
                           ((${range.to}::date + 1)::timestamp AT TIME ZONE ${range.tz}) AS hi`;
}

export async function getSupportReport(query: SupportReportQuery, now: Date = new Date()): Promise<SupportReportDto> {
  const range = resolveRange(query);
  const { tz } = range;
  const agentId = query.agentId ?? null;
  const targets = await getSlaTargets();
  const bounds = rangeBounds(range);
  const byAgent = agentId === null ? Prisma.empty : Prisma.sql`AND s."assigneeId" = ${agentId}`;
  const byAuthor = agentId === null ? Prisma.empty : Prisma.sql`AND m."authorId" = ${agentId}`;
  const frtTarget = targets.firstResponseMinutes;
  const resTarget = targets.resolutionHours;
  const seconds = (done: string) => Prisma.raw(`EXTRACT(EPOCH FROM s."${done}" - s."openedAt")`);
  const thresholds = FIRST_RESPONSE_BUCKETS.flatMap((b) => (b.upToSeconds === null ? [] : [b.upToSeconds]));

  const [openedRows, resolvedRows, replyRows, bucketRows, dailyRows, heatRows, agentRows] = await Promise.all([
    db.$queryRaw<Record<string, unknown>[]>`
      WITH b AS (${bounds})
      SELECT count(*)::int AS opened, count(s."firstResponseAt")::int AS responded,
        count(*) FILTER (WHERE s."firstResponseAt" IS NULL AND s."resolvedAt" IS NULL)::int AS awaiting,
        percentile_cont(ARRAY[0.5, 0.9]::float8[]) WITHIN GROUP (ORDER BY ${seconds("firstResponseAt")}) AS frt,
        count(*) FILTER (WHERE ${frtTarget}::int IS NOT NULL
          AND COALESCE(s."firstResponseAt", ${now}::timestamptz) > s."openedAt" + make_interval(mins => ${frtTarget}::int))::int AS frt_breached,
        count(*) FILTER (WHERE ${resTarget}::int IS NOT NULL
          AND COALESCE(s."resolvedAt", ${now}::timestamptz) > s."openedAt" + make_interval(hours => ${resTarget}::int))::int AS res_breached
      FROM "SupportCycle" s, b WHERE s."openedAt" >= b.lo AND s."openedAt" < b.hi ${byAgent}`,
    db.$queryRaw<Record<string, unknown>[]>`
      WITH b AS (${bounds})
      SELECT count(*)::int AS resolved,
        percentile_cont(ARRAY[0.5, 0.9]::float8[]) WITHIN GROUP (ORDER BY ${seconds("resolvedAt")}) AS res
      FROM "SupportCycle" s, b WHERE s."resolvedAt" >= b.lo AND s."resolvedAt" < b.hi ${byAgent}`,
    db.$queryRaw<{ replies: number }[]>`
      WITH b AS (${bounds})
      SELECT count(*)::int AS replies FROM "Message" m, b
      WHERE m.direction = 'OUTBOUND' AND m."authorId" IS NOT NULL
        AND m."createdAt" >= (b.lo AT TIME ZONE 'UTC') AND m."createdAt" < (b.hi AT TIME ZONE 'UTC') ${byAuthor}`,
    db.$queryRaw<{ bucket: number; count: number }[]>`
      WITH b AS (${bounds})
      SELECT width_bucket(${seconds("firstResponseAt")}, ${thresholds}::float8[]) AS bucket, count(*)::int AS count
      FROM "SupportCycle" s, b
      WHERE s."openedAt" >= b.lo AND s."openedAt" < b.hi AND s."firstResponseAt" IS NOT NULL ${byAgent}
      GROUP BY 1`,
    db.$queryRaw<{ day: string; opened: number; resolved: number }[]>`
      WITH b AS (${bounds}),
      o AS (SELECT date_trunc('day', s."openedAt" AT TIME ZONE ${tz}) AS d, count(*)::int AS n
            FROM "SupportCycle" s, b WHERE s."openedAt" >= b.lo AND s."openedAt" < b.hi ${byAgent} GROUP BY 1),
      r AS (SELECT date_trunc('day', s."resolvedAt" AT TIME ZONE ${tz}) AS d, count(*)::int AS n
            FROM "SupportCycle" s, b WHERE s."resolvedAt" >= b.lo AND s."resolvedAt" < b.hi ${byAgent} GROUP BY 1)
      SELECT to_char(g, 'YYYY-MM-DD') AS day, COALESCE(o.n, 0) AS opened, COALESCE(r.n, 0) AS resolved
      FROM generate_series(${range.from}::date::timestamp, ${range.to}::date::timestamp, interval '1 day') AS g
      LEFT JOIN o ON o.d = g LEFT JOIN r ON r.d = g
      ORDER BY g`,
    db.$queryRaw<{ weekday: number; hour: number; count: number }[]>`
      WITH b AS (${bounds})
      SELECT EXTRACT(ISODOW FROM s."openedAt" AT TIME ZONE ${tz})::int AS weekday,
             EXTRACT(HOUR FROM s."openedAt" AT TIME ZONE ${tz})::int AS hour, count(*)::int AS count
      FROM "SupportCycle" s, b WHERE s."openedAt" >= b.lo AND s."openedAt" < b.hi ${byAgent}
      GROUP BY 1, 2 ORDER BY 1, 2`,
    db.$queryRaw<Record<string, unknown>[]>`
      WITH b AS (${bounds}),
      replies AS (
        SELECT m."authorId" AS id, count(*)::int AS n FROM "Message" m, b
        WHERE m.direction = 'OUTBOUND' AND m."authorId" IS NOT NULL
          AND m."createdAt" >= (b.lo AT TIME ZONE 'UTC') AND m."createdAt" < (b.hi AT TIME ZONE 'UTC')
        GROUP BY 1),
      firsts AS (
        SELECT s."firstResponderId" AS id, count(*)::int AS n,
               percentile_cont(0.5) WITHIN GROUP (ORDER BY ${seconds("firstResponseAt")}) AS median
        FROM "SupportCycle" s, b WHERE s."openedAt" >= b.lo AND s."openedAt" < b.hi AND s."firstResponderId" IS NOT NULL
        GROUP BY 1),
      resolved AS (
        SELECT s."assigneeId" AS id, count(*)::int AS n,
               percentile_cont(0.5) WITHIN GROUP (ORDER BY ${seconds("resolvedAt")}) AS median
        FROM "SupportCycle" s, b WHERE s."resolvedAt" >= b.lo AND s."resolvedAt" < b.hi AND s."assigneeId" IS NOT NULL
        GROUP BY 1)
      SELECT u.id, u.name, u.active, COALESCE(rp.n, 0) AS replies, COALESCE(f.n, 0) AS first_responses, f.median AS frt_median,
             COALESCE(rs.n, 0) AS resolved, rs.median AS res_median
      FROM "User" u
      LEFT JOIN replies rp ON rp.id = u.id LEFT JOIN firsts f ON f.id = u.id LEFT JOIN resolved rs ON rs.id = u.id
      WHERE (rp.id IS NOT NULL OR f.id IS NOT NULL OR rs.id IS NOT NULL OR (u.active AND u.role IN ('ADMIN', 'AGENT')))
        ${agentId === null ? Prisma.empty : Prisma.sql`AND u.id = ${agentId}`}
      ORDER BY COALESCE(rp.n, 0) DESC, u.name, u.id`,
  ]);

  const o = openedRows[0] ?? {};
  const r = resolvedRows[0] ?? {};
  const counts = new Map(bucketRows.map((row) => [Number(row.bucket), Number(row.count)]));
  return {
    range,
    agentId,
    targets,
    summary: {
      opened: Number(o.opened ?? 0),
      responded: Number(o.responded ?? 0),
      awaitingResponse: Number(o.awaiting ?? 0),
      resolved: Number(r.resolved ?? 0),
      replies: Number(replyRows[0]?.replies ?? 0),
      firstResponse: { medianSeconds: num(pick(o.frt, 0)), p90Seconds: num(pick(o.frt, 1)) },
      resolution: { medianSeconds: num(pick(r.res, 0)), p90Seconds: num(pick(r.res, 1)) },
      sla: {
        firstResponseBreached: frtTarget === null ? null : Number(o.frt_breached ?? 0),
        resolutionBreached: resTarget === null ? null : Number(o.res_breached ?? 0),
      },
    },
    // width_bucket: 0 below the first threshold, i above thresholds[i-1].
    firstResponseBuckets: FIRST_RESPONSE_BUCKETS.map((b, i) => ({ label: b.label, count: counts.get(i) ?? 0 })),
    daily: dailyRows.map((d) => ({ day: d.day, opened: Number(d.opened), resolved: Number(d.resolved) })),
    heatmap: heatRows.map((h) => ({ weekday: Number(h.weekday), hour: Number(h.hour), count: Number(h.count) })),
    agents: agentRows.map((a) => ({
      id: String(a.id),
      name: String(a.name),
      active: Boolean(a.active),
      replies: Number(a.replies),
      firstResponses: Number(a.first_responses),
      firstResponseMedianSeconds: num(a.frt_median),
      resolved: Number(a.resolved),
      resolutionMedianSeconds: num(a.res_median),
    })),
  };
}
