import "server-only";
import { localDay, shiftDay } from "../analytics/get-analytics-overview";
import { db } from "../db";
import { Prisma } from "../generated/prisma/client";
import type { SlaTargets, SupportReportQuery } from "./schemas";
import { getSlaPolicy } from "./sla-targets";

// Support performance over a date range, from the cycles the triggers in prisma/sql/support.sql keep (one per
// stretch of a conversation from the customer's message to its resolution) and the messages agents wrote.
//   opened, first response, SLA: cycles OPENED in the range;  resolved, resolution time: cycles RESOLVED in it;
//   replies: messages agents wrote in it. With an agent: cycles assigned to them, replies they wrote.
// Breaches follow lib/reports/sla.ts: more SLA time from opening to done (or, not done, to now) than the target;
// SLA time is wall-clock, or business time when the workspace counts SLA in business hours (durations then come
// from the cycle's business-time columns, kept by support.sql; median/p90 are business time too).
//   csat: surveys REQUESTED in the range (response rate = answered / requested), per agent by the assignee when
//   the survey was sent.
//
// Speed: replies, the daily chart and the heatmap read the hourly rollups ("SupportHourly") for the range's whole
// hours and the raw rows only for partial edge hours (in zones whose offset is not whole hours the chart counts
// cycles per UTC quarter hour); the medians and breaches read the cycles through covering indexes, per agent one
// index range each. `{ rollups: false }` runs the plain statements over the raw rows instead (the integration
// tests, support-sla-csat and support-report-equivalence, compare the two).

type DurationStats = { medianSeconds: number | null; p90Seconds: number | null };

export type SupportReportDto = {
  range: { from: string; to: string; tz: string };
  agentId: string | null;
  targets: SlaTargets & { businessHours: boolean };
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
    csat: CsatStats;
  };
  /** Answered surveys per score 1–5. */
  csatDistribution: { score: number; count: number }[];
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
    csat: CsatStats;
  }[];
};

type CsatStats = {
  /** Surveys sent in the range. */
  requested: number;
  answered: number;
  /** answered / requested; null when none was sent. */
  responseRate: number | null;
  /** Mean score of the answered ones (1–5); null when none. */
  averageScore: number | null;
};

const csatStats = (requested: unknown, answered: unknown, average: unknown): CsatStats => {
  const req = Number(requested ?? 0);
  const ans = Number(answered ?? 0);
  return {
    requested: req,
    answered: ans,
    responseRate: req === 0 ? null : ans / req,
    averageScore: average === null || average === undefined ? null : Math.round(Number(average) * 100) / 100,
  };
};

const DEFAULT_DAYS = 30;
const FIRST_RESPONSE_BUCKETS: { label: string; upToSeconds: number | null }[] = [
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

/** True when every instant of the range is at a UTC offset of whole `minutes` in the zone (60: local hours are UTC
 * hours; 15: every local hour starts on a UTC quarter hour). */
function offsetsInSteps(tz: string, from: string, to: string, minutes: 60 | 15): boolean {
  const clock = new Intl.DateTimeFormat("en-US", { timeZone: tz, minute: "numeric", second: "numeric" });
  const start = Date.parse(`${from}T00:00:00Z`) - 86_400_000;
  const end = Date.parse(`${to}T00:00:00Z`) + 2 * 86_400_000;
  // Offsets change at most a few times a year and never by less than 15 minutes: a reading every 6 hours of a
  // whole UTC hour shows every offset that applies inside the range.
  for (let t = start; t <= end; t += 6 * 3_600_000) {
    const parts = clock.formatToParts(new Date(t));
    const part = (type: "minute" | "second") => Number(parts.find((p) => p.type === type)?.value);
    if (part("second") !== 0 || part("minute") % minutes !== 0) return false;
  }
  return true;
}

export type SupportReportOptions = {
  rollups?: boolean;
  /** Called with each statement's time as it ran alongside the others (the bench's per-query figures). */
  onStatement?: (kind: string, ms: number) => void;
};

/** The report's statements by kind (null = not needed for this query), run concurrently by getSupportReport;
 * the bench times and EXPLAINs each one. */
export async function planSupportReport(
  query: SupportReportQuery,
  now: Date = new Date(),
  options: SupportReportOptions = {},
) {
  const range = resolveRange(query);
  const { tz } = range;
  const agentId = query.agentId ?? null;
  const policy = await getSlaPolicy();
  const targets = policy.targets;
  const business = policy.businessHours !== null;
  const cfg = JSON.stringify(policy.businessHours ?? {});
  const rollups = options.rollups ?? true;
  const aligned = rollups && offsetsInSteps(tz, range.from, range.to, 60);
  const quarters = rollups && !aligned && offsetsInSteps(tz, range.from, range.to, 15);
  const bounds = rangeBounds(range);
  const byAgent = agentId === null ? Prisma.empty : Prisma.sql`AND s."assigneeId" = ${agentId}`;
  const byAuthor = agentId === null ? Prisma.empty : Prisma.sql`AND m."authorId" = ${agentId}`;
  const byRollupAgent = agentId === null ? Prisma.empty : Prisma.sql`AND h."agentId" = ${agentId}`;
  const frtTarget = targets.firstResponseMinutes;
  const resTarget = targets.resolutionHours;
  const seconds = (done: "firstResponseAt" | "resolvedAt") =>
    business
      ? Prisma.raw(
          done === "firstResponseAt" ? `s."firstResponseBusinessSeconds"` : `s."resolutionBusinessSeconds"`,
        )
      : Prisma.raw(`date_part('epoch', s."${done}" - s."openedAt")`);
  // Breached: the SLA time to done (or to now) is over the target. Business time to now, for the cycles still
  // waiting: from the rollups path, one cutoff instant per target (support_business_cutoff: opened before it =
  // over the target by now), computed once in "k"; raw, summed per cycle whose wall-clock time is over the target
  // (business time never exceeds it). The integration test holds the two equal.
  const breached = (done: "firstResponseAt" | "resolvedAt", targetSeconds: Prisma.Sql) =>
    business
      ? Prisma.sql`CASE WHEN s.${Prisma.raw(`"${done}"`)} IS NOT NULL THEN ${seconds(done)} > ${targetSeconds}
          ELSE ${
            rollups
              ? Prisma.sql`s."openedAt" < k.${Prisma.raw(done === "firstResponseAt" ? "frt_cut" : "res_cut")}`
              : Prisma.sql`date_part('epoch', ${now}::timestamptz - s."openedAt") > ${targetSeconds}
            AND support_business_seconds(s."openedAt", ${now}::timestamptz, ${cfg}::jsonb) > ${targetSeconds}`
          } END`
      : Prisma.sql`date_part('epoch', COALESCE(s.${Prisma.raw(`"${done}"`)}, ${now}::timestamptz) - s."openedAt") > ${targetSeconds}`;
  const frtSeconds = Prisma.sql`${frtTarget ?? 0}::int * 60`;
  const resSeconds = Prisma.sql`${resTarget ?? 0}::int * 3600`;
  const cutoffs =
    business && rollups
      ? Prisma.sql`, k AS MATERIALIZED (SELECT
          support_business_cutoff(${now}::timestamptz, ${frtSeconds}, ${cfg}::jsonb, b.lo) AS frt_cut,
          support_business_cutoff(${now}::timestamptz, ${resSeconds}, ${cfg}::jsonb, b.lo) AS res_cut FROM b)`
      : Prisma.empty;
  const thresholds = FIRST_RESPONSE_BUCKETS.flatMap((b) => (b.upToSeconds === null ? [] : [b.upToSeconds]));
  // Whole hours [hlo, hhi) of the range come from the rollups; [lo, hlo) and [hhi, hi) from the raw rows.
  const edges = Prisma.sql`SELECT b.lo, b.hi,
      date_trunc('hour', b.lo, 'UTC') + CASE WHEN date_trunc('hour', b.lo, 'UTC') < b.lo THEN interval '1 hour' ELSE interval '0' END AS hlo,
      date_trunc('hour', b.hi, 'UTC') AS hhi FROM b`;
  const utc = (col: string) => Prisma.raw(`(e.${col} AT TIME ZONE 'UTC')`);

  const repliesQuery = rollups
    ? Prisma.sql`
      WITH b AS (${bounds}), e AS (${edges})
      SELECT id, sum(n)::int AS n FROM (
        SELECT h."agentId" AS id, sum(h.replies) AS n FROM "SupportHourly" h, e
        WHERE h.hour >= e.hlo AND h.hour < e.hhi AND h.replies <> 0 ${byRollupAgent} GROUP BY 1
        UNION ALL
        SELECT m."authorId", count(*) FROM "Message" m, e
        WHERE m.direction = 'OUTBOUND' AND m."authorId" IS NOT NULL ${byAuthor}
          AND m."createdAt" >= ${utc("lo")} AND m."createdAt" < ${utc("hlo")}
        GROUP BY 1
        UNION ALL
        -- The two edges apart: an OR of the two ranges is no index condition (the plan read every reply).
        SELECT m."authorId", count(*) FROM "Message" m, e
        WHERE m.direction = 'OUTBOUND' AND m."authorId" IS NOT NULL ${byAuthor}
          AND m."createdAt" >= ${utc("hhi")} AND m."createdAt" < ${utc("hi")}
        GROUP BY 1) x
      GROUP BY 1`
    : Prisma.sql`
      WITH b AS (${bounds})
      SELECT m."authorId" AS id, count(*)::int AS n FROM "Message" m, b
      WHERE m.direction = 'OUTBOUND' AND m."authorId" IS NOT NULL
        AND m."createdAt" >= (b.lo AT TIME ZONE 'UTC') AND m."createdAt" < (b.hi AT TIME ZONE 'UTC') ${byAuthor}
      GROUP BY 1`;

  // Per local hour of the range (timestamp in tz): opened and resolved. From the rollups when local hours are UTC
  // hours. Otherwise from the cycles: counted per UTC quarter hour first when the zone's offsets are whole quarter
  // hours (every zone today; Asia/Kolkata's +05:30): each local hour is then a union of whole quarters, and only
  // the quarters (not every cycle) go through the time-zone conversion.
  const quarter = (col: "openedAt" | "resolvedAt") =>
    Prisma.raw(`date_bin('15 minutes', s."${col}", timestamptz '2000-01-01 00:00:00+00')`);
  const hourlyQuery = aligned
    ? Prisma.sql`
      WITH b AS (${bounds})
      SELECT h.hour AT TIME ZONE ${tz} AS t, sum(h.opened)::int AS opened, sum(h.resolved)::int AS resolved
      FROM "SupportHourly" h, b WHERE h.hour >= b.lo AND h.hour < b.hi AND (h.opened <> 0 OR h.resolved <> 0) ${byRollupAgent}
      GROUP BY 1`
    : quarters
      ? Prisma.sql`
      WITH b AS (${bounds})
      SELECT date_trunc('hour', q AT TIME ZONE ${tz}) AS t, sum(o)::int AS opened, sum(r)::int AS resolved FROM (
        SELECT ${quarter("openedAt")} AS q, count(*) AS o, 0 AS r
        FROM "SupportCycle" s, b WHERE s."openedAt" >= b.lo AND s."openedAt" < b.hi ${byAgent} GROUP BY 1
        UNION ALL
        SELECT ${quarter("resolvedAt")}, 0, count(*)
        FROM "SupportCycle" s, b WHERE s."resolvedAt" >= b.lo AND s."resolvedAt" < b.hi ${byAgent} GROUP BY 1) x
      GROUP BY 1`
      : Prisma.sql`
      WITH b AS (${bounds})
      SELECT t, sum(o)::int AS opened, sum(r)::int AS resolved FROM (
        SELECT date_trunc('hour', s."openedAt" AT TIME ZONE ${tz}) AS t, count(*) AS o, 0 AS r
        FROM "SupportCycle" s, b WHERE s."openedAt" >= b.lo AND s."openedAt" < b.hi ${byAgent} GROUP BY 1
        UNION ALL
        SELECT date_trunc('hour', s."resolvedAt" AT TIME ZONE ${tz}), 0, count(*)
        FROM "SupportCycle" s, b WHERE s."resolvedAt" >= b.lo AND s."resolvedAt" < b.hi ${byAgent} GROUP BY 1) x
      GROUP BY 1`;

  // The cycles opened in the range: the summary and the first-response buckets. The per-agent figures are
  // statements of their own (run alongside): one GROUPING SETS pass sorted every cycle of the range by agent
  // before aggregating, the dearest step of the report at 90 days.
  // Each cycle's duration and breach flags are computed once (the OFFSET 0 keeps the subquery from being merged
  // into the aggregates, where every FILTER would recompute them) and its bucket is one width_bucket lookup instead
  // of up to 14 duration comparisons; without an agent the pass reads support_cycle_opened_durations_idx (support.sql)
  // instead of the whole table. `openedRawQuery` is the plain form, kept as the reference the integration tests
  // compare with (`{ rollups: false }`).
  const openedRawQuery = Prisma.sql`
      WITH b AS (${bounds})${cutoffs}
      SELECT count(*)::int AS opened, count(s."firstResponseAt")::int AS responded,
        count(*) FILTER (WHERE s."firstResponseAt" IS NULL AND s."resolvedAt" IS NULL)::int AS awaiting,
        percentile_cont(ARRAY[0.5, 0.9]::float8[]) WITHIN GROUP (ORDER BY ${seconds("firstResponseAt")}) AS frt,
        count(*) FILTER (WHERE ${frtTarget}::int IS NOT NULL AND ${breached("firstResponseAt", frtSeconds)})::int AS frt_breached,
        count(*) FILTER (WHERE ${resTarget}::int IS NOT NULL AND ${breached("resolvedAt", resSeconds)})::int AS res_breached,
        ${Prisma.join(
          FIRST_RESPONSE_BUCKETS.map((_, i) => {
            const lo = i === 0 ? null : thresholds[i - 1]!;
            const hi = i < thresholds.length ? thresholds[i]! : null;
            const v = seconds("firstResponseAt");
            const cond = [
              lo === null ? null : Prisma.sql`${v} >= ${lo}`,
              hi === null ? null : Prisma.sql`${v} < ${hi}`,
            ].filter((x): x is Prisma.Sql => x !== null);
            return Prisma.sql`count(*) FILTER (WHERE s."firstResponseAt" IS NOT NULL AND ${Prisma.join(cond, " AND ")})::int`;
          }),
          ", ",
          "ARRAY[",
          "]",
        )} AS buckets
      FROM "SupportCycle" s, b${cutoffs === Prisma.empty ? Prisma.empty : Prisma.sql`, k`} WHERE s."openedAt" >= b.lo AND s."openedAt" < b.hi ${byAgent}`;
  const openedQuery = Prisma.sql`
      WITH b AS (${bounds})${cutoffs}
      SELECT count(*)::int AS opened, count(*) FILTER (WHERE x.answered)::int AS responded,
        count(*) FILTER (WHERE x.awaiting)::int AS awaiting,
        percentile_cont(ARRAY[0.5, 0.9]::float8[]) WITHIN GROUP (ORDER BY x.v) AS frt,
        count(*) FILTER (WHERE x.frt_breached)::int AS frt_breached,
        count(*) FILTER (WHERE x.res_breached)::int AS res_breached,
        ${Prisma.join(
          FIRST_RESPONSE_BUCKETS.map(
            (_, i) => Prisma.sql`count(*) FILTER (WHERE x.answered AND x.w = ${i})::int`,
          ),
          ", ",
          "ARRAY[",
          "]",
        )} AS buckets
      FROM (
        SELECT s."firstResponseAt" IS NOT NULL AS answered,
          (s."firstResponseAt" IS NULL AND s."resolvedAt" IS NULL) AS awaiting,
          ${seconds("firstResponseAt")} AS v,
          width_bucket(${seconds("firstResponseAt")}, ${`{${thresholds.join(",")}}`}::float8[]) AS w,
          ${frtTarget === null ? Prisma.sql`false` : breached("firstResponseAt", frtSeconds)} AS frt_breached,
          ${resTarget === null ? Prisma.sql`false` : breached("resolvedAt", resSeconds)} AS res_breached
        FROM "SupportCycle" s, b${cutoffs === Prisma.empty ? Prisma.empty : Prisma.sql`, k`}
        WHERE s."openedAt" >= b.lo AND s."openedAt" < b.hi ${byAgent}
        OFFSET 0) x`;

  // Per agent: first responses (by who answered; with an agent filter, that agent's, whoever the assignee) and
  // resolutions (by the assignee). Grouping the range's cycles sorted all of them by the agent's id (a text sort
  // under the database collation, spilled to disk at 90 days) before each agent's median sorted them again; instead
  // each user's cycles come from an index on (agent, time) that covers the duration, one small median each (only
  // users appear in the agents table, so ids of no user need no row). The *Raw forms are the references.
  const perAgent = (
    agentCol: "firstResponderId" | "assigneeId",
    timeCol: "openedAt" | "resolvedAt",
    done: "firstResponseAt" | "resolvedAt",
  ) => Prisma.sql`
      WITH b AS (${bounds})
      SELECT u.id, x.n, x.median AS ${Prisma.raw(done === "firstResponseAt" ? "frt" : "res")}
      FROM "User" u, b, LATERAL (
        SELECT count(*)::int AS n, percentile_cont(0.5) WITHIN GROUP (ORDER BY ${seconds(done)}) AS median
        FROM "SupportCycle" s
        WHERE s.${Prisma.raw(`"${agentCol}"`)} = u.id AND s.${Prisma.raw(`"${timeCol}"`)} >= b.lo AND s.${Prisma.raw(`"${timeCol}"`)} < b.hi) x
      WHERE x.n > 0 ${agentId === null ? Prisma.empty : Prisma.sql`AND u.id = ${agentId}`}`;
  const agentFirstsRaw = Prisma.sql`
      WITH b AS (${bounds})
      SELECT s."firstResponderId" AS id, count(*)::int AS n,
             percentile_cont(0.5) WITHIN GROUP (ORDER BY ${seconds("firstResponseAt")}) AS frt
      FROM "SupportCycle" s, b WHERE s."openedAt" >= b.lo AND s."openedAt" < b.hi
        AND ${agentId === null ? Prisma.sql`s."firstResponderId" IS NOT NULL` : Prisma.sql`s."firstResponderId" = ${agentId}`}
      GROUP BY 1`;
  const agentResolvedRaw = Prisma.sql`
      WITH b AS (${bounds})
      SELECT s."assigneeId" AS id, count(*)::int AS n,
        percentile_cont(0.5) WITHIN GROUP (ORDER BY ${seconds("resolvedAt")}) AS res
      FROM "SupportCycle" s, b WHERE s."resolvedAt" >= b.lo AND s."resolvedAt" < b.hi
        AND ${agentId === null ? Prisma.sql`s."assigneeId" IS NOT NULL` : Prisma.sql`s."assigneeId" = ${agentId}`}
      GROUP BY 1`;

  const statements: Record<
    "opened" | "agentFirsts" | "resolved" | "agentResolved" | "replies" | "hourly" | "csat" | "users",
    Prisma.Sql | null
  > = {
    opened: rollups ? openedQuery : openedRawQuery,
    // First responses per agent (by who answered; with an agent filter, that agent's, whoever the assignee).
    agentFirsts: rollups ? perAgent("firstResponderId", "openedAt", "firstResponseAt") : agentFirstsRaw,
    // The cycles resolved in the range: the summary, and per assignee.
    resolved: Prisma.sql`
      WITH b AS (${bounds})
      SELECT count(*)::int AS resolved,
        percentile_cont(ARRAY[0.5, 0.9]::float8[]) WITHIN GROUP (ORDER BY ${seconds("resolvedAt")}) AS res
      FROM "SupportCycle" s, b WHERE s."resolvedAt" >= b.lo AND s."resolvedAt" < b.hi ${byAgent}`,
    agentResolved: rollups ? perAgent("assigneeId", "resolvedAt", "resolvedAt") : agentResolvedRaw,
    replies: repliesQuery,
    hourly: hourlyQuery,
    csat: Prisma.sql`
      WITH b AS (${bounds})
      SELECT q."assigneeId" AS id, q.score, count(*)::int AS n, count(q."answeredAt")::int AS answered
      FROM "CsatSurvey" q, b
      WHERE q."requestedAt" >= (b.lo AT TIME ZONE 'UTC') AND q."requestedAt" < (b.hi AT TIME ZONE 'UTC')
        ${agentId === null ? Prisma.empty : Prisma.sql`AND q."assigneeId" = ${agentId}`}
      GROUP BY 1, 2`,
    users: Prisma.sql`
      SELECT u.id, u.name, u.active, (u.active AND u.role IN ('ADMIN', 'AGENT')) AS listed FROM "User" u
      ${agentId === null ? Prisma.empty : Prisma.sql`WHERE u.id = ${agentId}`}`,
  };
  return { range, agentId, targets, statements };
}

export async function getSupportReport(
  query: SupportReportQuery,
  now: Date = new Date(),
  options: SupportReportOptions = {},
): Promise<SupportReportDto> {
  const { range, agentId, targets, statements: q } = await planSupportReport(query, now, options);
  const run = async <T>(kind: keyof typeof q) => {
    const sql = q[kind];
    if (sql === null) return [] as T[];
    const started = performance.now();
    const rows = await db.$queryRaw<T[]>(sql);
    options.onStatement?.(kind, performance.now() - started);
    return rows;
  };
  const [
    openedRows,
    agentFirstRows,
    resolvedRows,
    agentResolvedRows,
    replyRows,
    hourRows,
    csatRows,
    userRows,
  ] = await Promise.all([
    run<Record<string, unknown>>("opened"),
    run<Record<string, unknown>>("agentFirsts"),
    run<Record<string, unknown>>("resolved"),
    run<Record<string, unknown>>("agentResolved"),
    run<{ id: string; n: number }>("replies"),
    run<{ t: Date; opened: number; resolved: number }>("hourly"),
    run<Record<string, unknown>>("csat"),
    run<{ id: string; name: string; active: boolean; listed: boolean }>("users"),
  ]);

  const o = openedRows[0] ?? {};
  const r = resolvedRows[0] ?? {};
  const bucketCounts = Array.isArray(o.buckets) ? (o.buckets as unknown[]).map(Number) : [];
  const firstRows = agentFirstRows.map((row) => ({ id: row.id, n: row.n, median: row.frt }));
  const resolvedAgentRows = agentResolvedRows.map((row) => ({ id: row.id, n: row.n, median: row.res }));

  // Daily and heatmap from the per-local-hour counts ("t" is a local timestamp read back as if UTC).
  const daily = new Map<string, { opened: number; resolved: number }>();
  const heat = new Map<string, number>();
  for (const row of hourRows) {
    const t = new Date(row.t);
    const day = t.toISOString().slice(0, 10);
    const d = daily.get(day) ?? { opened: 0, resolved: 0 };
    d.opened += Number(row.opened);
    d.resolved += Number(row.resolved);
    daily.set(day, d);
    if (Number(row.opened) !== 0) {
      const key = `${((t.getUTCDay() + 6) % 7) + 1}:${t.getUTCHours()}`;
      heat.set(key, (heat.get(key) ?? 0) + Number(row.opened));
    }
  }
  const days: string[] = [];
  for (let day = range.from; day <= range.to; day = shiftDay(day, 1)) days.push(day);

  // CSAT: overall, distribution, per agent.
  let requested = 0;
  let answered = 0;
  let scoreSum = 0;
  const distribution = [1, 2, 3, 4, 5].map((score) => ({ score, count: 0 }));
  const csatByAgent = new Map<string, { requested: number; answered: number; sum: number }>();
  for (const row of csatRows) {
    const n = Number(row.n);
    const score = row.score === null ? null : Number(row.score);
    requested += n;
    const a = csatByAgent.get(String(row.id)) ?? { requested: 0, answered: 0, sum: 0 };
    a.requested += n;
    if (score !== null && score >= 1 && score <= 5) {
      const k = Number(row.answered);
      answered += k;
      scoreSum += score * k;
      distribution[score - 1]!.count += k;
      a.answered += k;
      a.sum += score * k;
    }
    if (row.id !== null) csatByAgent.set(String(row.id), a);
  }

  const replies = new Map(replyRows.map((row) => [String(row.id), Number(row.n)]));
  const firsts = new Map(firstRows.map((row) => [String(row.id), row]));
  const resolvedBy = new Map(resolvedAgentRows.map((row) => [String(row.id), row]));
  const agents = userRows
    .filter(
      (u) =>
        replies.has(u.id) || firsts.has(u.id) || resolvedBy.has(u.id) || csatByAgent.has(u.id) || u.listed,
    )
    .map((u) => {
      const c = csatByAgent.get(u.id);
      return {
        id: u.id,
        name: u.name,
        active: u.active,
        replies: replies.get(u.id) ?? 0,
        firstResponses: Number(firsts.get(u.id)?.n ?? 0),
        firstResponseMedianSeconds: num(firsts.get(u.id)?.median),
        resolved: Number(resolvedBy.get(u.id)?.n ?? 0),
        resolutionMedianSeconds: num(resolvedBy.get(u.id)?.median),
        csat: csatStats(c?.requested ?? 0, c?.answered ?? 0, c && c.answered > 0 ? c.sum / c.answered : null),
      };
    })
    .sort(
      (a, b) =>
        b.replies - a.replies ||
        (a.name < b.name ? -1 : a.name > b.name ? 1 : 0) ||
        (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
    );

  return {
    range,
    agentId,
    targets,
    summary: {
      opened: Number(o.opened ?? 0),
      responded: Number(o.responded ?? 0),
      awaitingResponse: Number(o.awaiting ?? 0),
      resolved: Number(r.resolved ?? 0),
      replies: [...replies.values()].reduce((sum, n) => sum + n, 0),
      firstResponse: { medianSeconds: num(pick(o.frt, 0)), p90Seconds: num(pick(o.frt, 1)) },
      resolution: { medianSeconds: num(pick(r.res, 0)), p90Seconds: num(pick(r.res, 1)) },
      sla: {
        firstResponseBreached: targets.firstResponseMinutes === null ? null : Number(o.frt_breached ?? 0),
        resolutionBreached: targets.resolutionHours === null ? null : Number(o.res_breached ?? 0),
      },
      csat: csatStats(requested, answered, answered > 0 ? scoreSum / answered : null),
    },
    csatDistribution: distribution,
    firstResponseBuckets: FIRST_RESPONSE_BUCKETS.map((b, i) => ({
      label: b.label,
      count: bucketCounts[i] ?? 0,
    })),
    daily: days.map((day) => ({
      day,
      opened: daily.get(day)?.opened ?? 0,
      resolved: daily.get(day)?.resolved ?? 0,
    })),
    heatmap: [...heat.entries()]
      .filter(([, count]) => count !== 0)
      .map(([key, count]) => {
        const [weekday, hour] = key.split(":").map(Number);
        return { weekday: weekday!, hour: hour!, count };
      })
      .sort((a, b) => a.weekday - b.weekday || a.hour - b.hour),
    agents,
  };
}
