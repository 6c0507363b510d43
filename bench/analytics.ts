import { spawn } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import pg from "pg";
import { createDatabaseIfMissing, dropDatabase } from "../scripts/lib/database";
import { migrateDeploy } from "../scripts/lib/prisma-cli";
import { fmtInt, fmtMs, previousRun, summarize, table, type LatencySummary } from "./lib/stats";

// `npm run bench:analytics`: campaign analytics at a million recipients.
//   1. a fresh database (migrations + prisma/sql triggers)
//   2. one campaign of BENCH_RECIPIENTS recipients with a realistic outcome mix, inserted in SQL
//      (INSERT … SELECT generate_series) in chunks of 100,000 WITH the triggers on, timed per chunk; then
//      customers' replies as inbound messages (the message trigger finds their recipients)
//   3. the rollups checked against a recount of the rows, and the one-time backfill (analytics_rebuild) timed
//      on the same rows and checked to give identical tables
//   4. what the triggers cost the campaign engine: single-row webhook updates and 200-row batches, with and
//      without triggers (session_replication_role = replica)
//   5. p50/p95 of the service functions behind each panel (funnel, series, failures, first recipient page...)
//   6. the CSV export of every recipient, streamed from the cursor: rows/s and the process's memory
// Prints numbers (targets: each p95 < 100 ms, export >= 50,000 rows/s) and writes bench/results/analytics.json.
// Environment: BENCH_RECIPIENTS (1000000), BENCH_ITERATIONS (50), BENCH_ANALYTICS_DATABASE_URL
// (postgresql://postgres@127.0.0.1:5432/connectly_bench_ana; dropped and recreated), BENCH_REUSE=1 (a database this
// bench seeded with the same BENCH_RECIPIENTS is kept: steps 1-4 are skipped and only 5-6 measured, so a 10,000,000-
// recipient seed can be made once, on a busy machine, and measured when it is quiet).
// Results go to bench/results/analytics-<recipients>.json; a run larger than an earlier one prints each figure's
// growth factor against the largest smaller run on record (issue #18: 1x -> 10x should stay near 1, not 10).

const root = path.resolve(__dirname, "..");
const DATABASE_URL =
  process.env.BENCH_ANALYTICS_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/connectly_bench_ana";
const RECIPIENTS = Number(process.env.BENCH_RECIPIENTS ?? 1_000_000);
const REUSE = process.env.BENCH_REUSE === "1";
// "triggers": every chunk through the triggers, timed (the write path under test). "bulk": triggers off, then the
// rollups and the search rows built once (analytics_rebuild, one INSERT … SELECT, the index after): a 10,000,000
// seed in minutes instead of an hour and a half, for measuring the reads. Default: triggers up to 1,000,000.
const SEED_MODE = process.env.BENCH_SEED ?? (RECIPIENTS > 1_000_000 ? "bulk" : "triggers");
if (SEED_MODE !== "bulk" && SEED_MODE !== "triggers") throw new Error("BENCH_SEED must be bulk or triggers");
const ITERATIONS = Number(process.env.BENCH_ITERATIONS ?? 50);
const CHUNK = 100_000;
const CAMPAIGN = "bench-campaign";
const PROBE = "bench-probe";
const TARGET = { p95Ms: 100, exportRowsPerSecond: 100_000 } as const;

const log = (line: string) => console.log(`[bench] ${line}`);
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

// Deterministic pseudo-random numbers in [0, 1) per row: the same mix every run.
const U = (salt: number) => `((hashint4(i # ${salt}) & 2147483647) / 2147483648.0)`;

const SEED_CHUNK_SQL = `
INSERT INTO "CampaignRecipient" (id, "campaignId", address, phone, country, variables, state, "stateRank", "acceptedAt",
  "sentAt", "deliveredAt", "readAt", "failedAt", "errorCode", "skipReason")
SELECT md5('r' || i)::uuid::text, $1, c.prefix || lpad(i::text, 8, '0'), c.prefix || lpad(i::text, 8, '0'), c.country,
       jsonb_build_object('body_1', 'Customer ' || i, 'body_2', 'ORD-' || (100000 + i)),
       o.state::"CampaignRecipientState", o.rank,
       CASE WHEN o.accepted THEN t.accepted END,
       CASE WHEN o.accepted AND o.state <> 'UNKNOWN' THEN t.accepted + interval '2 seconds' END,
       CASE WHEN o.state IN ('DELIVERED', 'READ') THEN t.delivered END,
       CASE WHEN o.state = 'READ' THEN t.read END,
       CASE WHEN o.state = 'FAILED' THEN t.accepted + interval '5 seconds' END,
       o.code,
       CASE WHEN o.state = 'SKIPPED' THEN 'OPTED_OUT' END
FROM generate_series($2::int, $3::int) AS i
CROSS JOIN LATERAL (SELECT ${U(0)} AS u, ${U(1431655765)} AS v, ${U(715827882)} AS w) AS r
CROSS JOIN LATERAL (SELECT
    CASE WHEN i % 100 < 35 THEN '+447' WHEN i % 100 < 55 THEN '+1415' WHEN i % 100 < 70 THEN '+55119'
         WHEN i % 100 < 80 THEN '+9198' WHEN i % 100 < 88 THEN '+49151' WHEN i % 100 < 94 THEN '+52155' ELSE '+346' END AS prefix,
    CASE WHEN i % 100 < 35 THEN 'GB' WHEN i % 100 < 55 THEN 'US' WHEN i % 100 < 70 THEN 'BR'
         WHEN i % 100 < 80 THEN 'IN' WHEN i % 100 < 88 THEN 'DE' WHEN i % 100 < 94 THEN 'MX' ELSE 'ES' END AS country) AS c
-- 1.5% skipped (opted out), 0.2% unknown, 4.3% failed, 4% sent only, 25% delivered, 65% read.
CROSS JOIN LATERAL (SELECT
    CASE WHEN r.u < 0.015 THEN 'SKIPPED' WHEN r.u < 0.017 THEN 'UNKNOWN' WHEN r.u < 0.06 THEN 'FAILED'
         WHEN r.u < 0.10 THEN 'SENT' WHEN r.u < 0.35 THEN 'DELIVERED' ELSE 'READ' END AS state) AS s
CROSS JOIN LATERAL (SELECT s.state,
    CASE s.state WHEN 'SKIPPED' THEN 9 WHEN 'UNKNOWN' THEN 1 WHEN 'FAILED' THEN 3 WHEN 'SENT' THEN 2 WHEN 'DELIVERED' THEN 4 ELSE 5 END AS rank,
    CASE WHEN s.state = 'FAILED' THEN (ARRAY['131026', '131026', '131026', '131026', 'ERROR_CODE_MESSAGE_PHONE_NUMBER_INVALID',
      'ERROR_CODE_MESSAGE_PHONE_NUMBER_INVALID', '131049', '131049', 'ERROR_CODE_BUSINESS_REACHED_LIMITS', 'ERROR_CODE_UNSPECIFIED'])[1 + floor(r.v * 10)::int] END AS code,
    -- Refused at send time (bad number, account limit): never accepted; the others failed after acceptance.
    s.state <> 'SKIPPED' AND NOT (s.state = 'FAILED' AND ((r.v >= 0.4 AND r.v < 0.6) OR (r.v >= 0.8 AND r.v < 0.9))) AS accepted) AS o
-- Sent at 300/s from three days ago; delivered 3-63 s later; read after ~2 h on average (at most ~2.3 days).
CROSS JOIN LATERAL (SELECT
    $4::timestamptz + (i / 300.0) * interval '1 second' AS accepted,
    $4::timestamptz + (i / 300.0) * interval '1 second' + (3 + 60 * r.w * r.w) * interval '1 second' AS delivered,
    $4::timestamptz + (i / 300.0) * interval '1 second' + interval '70 seconds'
      + least(-ln(1 - r.w * 0.999) * 7200, 200000) * interval '1 second' AS read) AS t`;

// ~3% of delivered customers write back: most within minutes or hours, a tenth only after 30 hours (no reply).
const SEED_REPLIES_SQL = `
WITH picked AS (
  SELECT r.id, r.address FROM "CampaignRecipient" r
  WHERE r."campaignId" = $1 AND r."deliveredAt" IS NOT NULL AND hashint4(r.seq) % 33 = 0
),
contacts AS (
  INSERT INTO "Contact" (id, phone, "createdAt", "updatedAt") SELECT 'ct' || p.id, p.address, now(), now() FROM picked p RETURNING id
),
conversations AS (
  INSERT INTO "Conversation" (id, "contactId", "lastMessageAt", "updatedAt")
  SELECT 'cv' || p.id, 'ct' || p.id, now(), now() FROM picked p JOIN contacts ON contacts.id = 'ct' || p.id RETURNING id
)
SELECT count(*)::int AS n FROM conversations`;

const SEED_MESSAGES_SQL = `
INSERT INTO "Message" (id, "conversationId", direction, kind, text, content, "createdAt")
SELECT 'm' || r.id, 'cv' || r.id, 'INBOUND', 'text', 'Thanks!', '{"text":"Thanks!"}',
       (r."deliveredAt" + CASE WHEN hashint4(r.seq) % 10 = 0 THEN interval '30 hours'
                               ELSE ((hashint4(r.seq) & 65535) / 65536.0) * interval '20 hours' + interval '1 minute' END) AT TIME ZONE 'UTC'
FROM "CampaignRecipient" r
WHERE r."campaignId" = $1 AND r."deliveredAt" IS NOT NULL AND hashint4(r.seq) % 33 = 0`;

async function timed<T>(work: () => Promise<T>): Promise<[T, number]> {
  const t0 = performance.now();
  const result = await work();
  return [result, performance.now() - t0];
}

async function latencies(iterations: number, work: () => Promise<unknown>): Promise<LatencySummary> {
  for (let i = 0; i < 3; i++) await work();
  const samples: number[] = [];
  for (let i = 0; i < iterations; i++) samples.push((await timed(work))[1]);
  return summarize(samples);
}

/** A digest of every rollup table (shards summed), to compare two builds of the same rows. */
async function rollupDigest(client: pg.Client, campaignId: string): Promise<string> {
  const { rows } = await client.query<{ digest: string }>(
    `SELECT md5(
       (SELECT string_agg(metric || '=' || n, ',' ORDER BY metric) FROM (SELECT metric, sum(count) AS n FROM "AnalyticsCampaignCounter"
         WHERE "campaignId" = $1 GROUP BY metric HAVING sum(count) <> 0) x) || '|' ||
       (SELECT string_agg(dimension || value || state || '=' || n, ',' ORDER BY dimension, value, state) FROM (SELECT dimension, value, state, sum(count) AS n
         FROM "AnalyticsCampaignBreakdown" WHERE "campaignId" = $1 GROUP BY 1, 2, 3 HAVING sum(count) <> 0) x) || '|' ||
       (SELECT string_agg(minute || '=' || s || '/' || d || '/' || rd || '/' || f || '/' || rp, ',' ORDER BY minute) FROM (SELECT minute,
         sum(sent) s, sum(delivered) d, sum(read) rd, sum(failed) f, sum(replied) rp FROM "AnalyticsMinute" WHERE "campaignId" = $1
         GROUP BY minute HAVING sum(sent) <> 0 OR sum(delivered) <> 0 OR sum(read) <> 0 OR sum(failed) <> 0 OR sum(replied) <> 0) x) || '|' ||
       (SELECT count(*) || ':' || COALESCE(sum(extract(epoch FROM "repliedAt")), 0) FROM "AnalyticsReply" WHERE "campaignId" = $1)
     ) AS digest`,
    [campaignId],
  );
  return rows[0]?.digest ?? "";
}

/** The counters and the minute sums against a GROUP BY over the rows themselves. */
async function matchesRecount(
  client: pg.Client,
  campaignId: string,
): Promise<{ ok: boolean; detail: string }> {
  const { rows } = await client.query<{ metric: string; rollup: number; recount: number }>(
    `WITH recount AS (
       SELECT state::text AS metric, count(*)::int AS n FROM "CampaignRecipient" WHERE "campaignId" = $1 GROUP BY 1
       UNION ALL
       SELECT 'ACCEPTED_FAILED', count(*)::int FROM "CampaignRecipient"
       WHERE "campaignId" = $1 AND state = 'FAILED' AND "sentAt" IS NOT NULL
     ),
     rollup AS (SELECT metric, sum(count)::int AS n FROM "AnalyticsCampaignCounter" WHERE "campaignId" = $1 AND metric <> 'REPLIED' GROUP BY 1)
     SELECT COALESCE(rollup.metric, recount.metric) AS metric, COALESCE(rollup.n, 0) AS rollup, COALESCE(recount.n, 0) AS recount
     FROM rollup FULL JOIN recount ON recount.metric = rollup.metric`,
    [campaignId],
  );
  const wrong = rows.filter((r) => r.rollup !== r.recount);
  const { rows: minutes } = await client.query<{
    failed_rollup: number;
    failed_rows: number;
    read_rollup: number;
    read_rows: number;
  }>(
    `SELECT (SELECT sum(failed)::int FROM "AnalyticsMinute" WHERE "campaignId" = $1) AS failed_rollup,
            (SELECT count(*)::int FROM "CampaignRecipient" WHERE "campaignId" = $1 AND state = 'FAILED') AS failed_rows,
            (SELECT sum(read)::int FROM "AnalyticsMinute" WHERE "campaignId" = $1) AS read_rollup,
            (SELECT count(*)::int FROM "CampaignRecipient" WHERE "campaignId" = $1 AND state = 'READ') AS read_rows`,
    [campaignId],
  );
  const m = minutes[0]!;
  const ok = wrong.length === 0 && m.failed_rollup === m.failed_rows && m.read_rollup === m.read_rows;
  return { ok, detail: ok ? "" : JSON.stringify({ wrong, minutes: m }) };
}

const load = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(" / ");

async function main() {
  const started = performance.now();
  const loadStart = load();
  const results: Record<string, unknown> = { recipients: RECIPIENTS, iterations: ITERATIONS };
  const client = new pg.Client({ connectionString: DATABASE_URL });
  const reuse = REUSE && (await seededWith(RECIPIENTS));
  log(
    `database ${DATABASE_URL.replace(/:\/\/([^:@/]+):[^@/]+@/, "://$1:***@")} (${reuse ? `reused: already seeded with ${fmtInt(RECIPIENTS)} recipients` : "dropped and recreated"})`,
  );
  if (!reuse) {
    await dropDatabase(DATABASE_URL);
    await createDatabaseIfMissing(DATABASE_URL);
  }
  migrateDeploy(DATABASE_URL);
  process.env.DATABASE_URL = DATABASE_URL;
  await client.connect();
  const seeded = reuse ? null : await seedAndCheck(client, results);

  // --- the services behind each panel --------------------------------------------------------------------
  const { getCampaignAnalytics, getCampaignSeries, getFailureBreakdown } =
    await import("../lib/analytics/read-models");
  const { listCampaignRecipients } = await import("../lib/analytics/list-campaign-recipients");
  const { getAnalyticsOverview } = await import("../lib/analytics/get-analytics-overview");
  const { exportCampaignRecipients } = await import("../lib/analytics/export-campaign-recipients");
  const { db } = await import("../lib/db");

  const page = { limit: 50 } as const;
  const queries: [string, boolean, () => Promise<unknown>][] = [
    ["funnel", true, () => getCampaignAnalytics(CAMPAIGN)],
    [
      "time series (auto)",
      true,
      () => getCampaignSeries(CAMPAIGN, { granularity: "auto", tz: "Europe/London" }),
    ],
    ["time series (minute)", false, () => getCampaignSeries(CAMPAIGN, { granularity: "minute", tz: "UTC" })],
    ["failure breakdown", true, () => getFailureBreakdown(CAMPAIGN)],
    ["recipients, first page", true, () => listCampaignRecipients(CAMPAIGN, page)],
    [
      "recipients, FAILED + 131049",
      false,
      () => listCampaignRecipients(CAMPAIGN, { ...page, status: "FAILED", error: "131049" }),
    ],
    ["recipients, replied", false, () => listCampaignRecipients(CAMPAIGN, { ...page, status: "REPLIED" })],
    [
      "recipients, page 2,000 (cursor)",
      false,
      () => listCampaignRecipients(CAMPAIGN, { ...page, cursor: 100_000 }),
    ],
    [
      "recipients, search +4470000123",
      true,
      () => listCampaignRecipients(CAMPAIGN, { ...page, q: "+4470000123" }),
    ],
    [
      "recipients, search 'ORD-1000123'",
      true,
      () => listCampaignRecipients(CAMPAIGN, { ...page, q: "ORD-1000123" }),
    ],
    ["overview (30 days)", false, () => getAnalyticsOverview({ tz: "UTC" })],
  ];
  const latency: Record<string, LatencySummary> = {};
  for (const [name, , work] of queries) {
    latency[name] = await latencies(ITERATIONS, work);
  }
  results.latency = latency;

  // --- export ------------------------------------------------------------------------------------------
  global.gc?.();
  const rssBefore = process.memoryUsage().rss;
  let rssPeak = rssBefore;
  const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, process.memoryUsage().rss)), 50);
  const [exported, exportMs] = await timed(async () => {
    const { stream } = await exportCampaignRecipients(CAMPAIGN, {});
    const reader = stream.getReader();
    let bytes = 0;
    let lines = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      bytes += value.byteLength;
      for (let i = 0; i < value.length; i++) if (value[i] === 10) lines++;
    }
    return { bytes, rows: lines - 1 };
  });
  clearInterval(sampler);
  const exportRate = exported.rows / (exportMs / 1000);
  results.export = {
    ...exported,
    ms: exportMs,
    rowsPerSecond: exportRate,
    rssBeforeMb: rssBefore / 2 ** 20,
    rssPeakMb: rssPeak / 2 ** 20,
  };
  await db.$disconnect();

  // --- report ------------------------------------------------------------------------------------------
  if (seeded) {
    const { seedMs, chunkMs, messages, messagesMs, recount, incremental, rebuilt, rebuildMs, overhead } =
      seeded;
    console.log("");
    console.log(
      `Seed: ${fmtInt(RECIPIENTS)} recipients in ${seconds(seedMs)} (${fmtInt(RECIPIENTS / (seedMs / 1000))} rows/s) (${SEED_MODE === "bulk" ? "triggers off, then built in bulk" : "with the triggers on"}),`,
    );
    console.log(
      `      ${fmtInt(CHUNK)}-row chunks: ${chunkMs.map((ms) => (ms / 1000).toFixed(1)).join(", ")} s`,
    );
    console.log(
      `      ${fmtInt(messages)} inbound messages matched to recipients by the reply trigger in ${seconds(messagesMs)}`,
    );
    console.log(`Rollups equal a recount of the rows: ${recount.ok ? "yes" : `NO ${recount.detail}`}`);
    console.log(
      `Backfill (analytics_rebuild) of the same ${fmtInt(RECIPIENTS)} rows: ${seconds(rebuildMs)}; identical to the trigger-built rollups: ${incremental === rebuilt ? "yes" : "NO"}`,
    );
    console.log("");
    console.log(
      "Trigger cost on the campaign engine's writes (same statements with triggers off via session_replication_role):",
    );
    console.log(
      table(
        ["write", "triggers on p50", "p95", "triggers off p50", "p95"],
        Object.entries(overhead).map(([name, o]) => [
          name,
          fmtMs(o.on.p50),
          fmtMs(o.on.p95),
          fmtMs(o.off.p50),
          fmtMs(o.off.p95),
        ]),
      ),
    );
  }
  console.log("");
  console.log(
    `Service latency, ms (${ITERATIONS} runs each after 3 warm-ups; target p95 < ${TARGET.p95Ms} ms for the starred ones):`,
  );
  console.log(
    table(
      ["query", "p50", "p95", "max", "target"],
      queries.map(([name, targeted]) => {
        const l = latency[name]!;
        return [
          `${targeted ? "* " : "  "}${name}`,
          fmtMs(l.p50),
          fmtMs(l.p95),
          fmtMs(l.max),
          !targeted ? "" : Number.isNaN(l.p95) ? "too few runs" : l.p95 < TARGET.p95Ms ? "met" : "MISSED",
        ];
      }),
    ),
  );
  console.log("");
  console.log(
    `CSV export: ${fmtInt(exported.rows)} rows, ${(exported.bytes / 2 ** 20).toFixed(0)} MiB in ${seconds(exportMs)} = ${fmtInt(exportRate)} rows/s ` +
      `(target ${fmtInt(TARGET.exportRowsPerSecond)}: ${exportRate >= TARGET.exportRowsPerSecond ? "met" : "MISSED"}); ` +
      `process RSS ${fmtInt(rssBefore / 2 ** 20)} MiB before, ${fmtInt(rssPeak / 2 ** 20)} MiB peak`,
  );
  console.log(
    `Total bench time ${seconds(performance.now() - started)}; load average ${loadStart} at the start, ${load()} at the end (${os.cpus().length} CPUs)`,
  );

  const dir = path.join(root, "bench", "results");
  mkdirSync(dir, { recursive: true });
  const file = `analytics-${RECIPIENTS}.json`;
  writeFileSync(path.join(dir, file), JSON.stringify({ at: new Date().toISOString(), ...results }, null, 2));
  log(`results written to bench/results/${file}`);
  printGrowth(dir, { latency, exportRate });
  await client.end();
}

/** Steps 1-4 on a fresh database: the campaign seeded (BENCH_SEED), the rollups checked, the triggers' cost. */
async function seedAndCheck(client: pg.Client, results: Record<string, unknown>) {
  const startAt = new Date(Date.now() - 3 * 86_400_000);
  await client.query(
    `INSERT INTO "Campaign" (id, name, "upstreamName", status, "templateName", "templateLanguage", "templateComponents", "startedAt", "completedAt", "createdAt", "updatedAt")
     VALUES ($1, 'Black Friday (bench)', $1, 'COMPLETED', 'black_friday', 'en_US', $2::jsonb, $3, now(), $3, now())`,
    [
      CAMPAIGN,
      JSON.stringify([{ type: "BODY", text: "Hi {{1}}, your order {{2}} is on its way." }]),
      startAt,
    ],
  );

  // --- seed ------------------------------------------------------------------------------------------------
  const bulk = SEED_MODE === "bulk";
  log(
    `seeding ${fmtInt(RECIPIENTS)} recipients in chunks of ${fmtInt(CHUNK)}, triggers ${bulk ? "off (bulk)" : "on"}`,
  );
  const chunkMs: number[] = [];
  if (bulk) {
    await client.query(`DROP INDEX "CampaignRecipientSearch_text_trgm_idx"`);
    await client.query(`SET session_replication_role = replica`);
  }
  for (let lo = 1; lo <= RECIPIENTS; lo += CHUNK) {
    const hi = Math.min(RECIPIENTS, lo + CHUNK - 1);
    const [, ms] = await timed(() => client.query(SEED_CHUNK_SQL, [CAMPAIGN, lo, hi, startAt]));
    chunkMs.push(ms);
    if (!bulk || hi % 1_000_000 === 0 || hi === RECIPIENTS)
      log(`  rows ${fmtInt(lo)}-${fmtInt(hi)}: ${seconds(ms)}`);
  }
  if (bulk) {
    await client.query(`SET session_replication_role = DEFAULT`);
    const [, buildMs] = await timed(async () => {
      await client.query(`SELECT analytics_rebuild($1)`, [CAMPAIGN]);
      await client.query(
        `INSERT INTO "CampaignRecipientSearch" ("recipientId", "campaignId", "text")
         SELECT id, "campaignId", recipient_search_text(address, variables) FROM "CampaignRecipient"`,
      );
      await client.query(`SET maintenance_work_mem = '1GB'`);
      await client.query(
        `CREATE INDEX "CampaignRecipientSearch_text_trgm_idx" ON "CampaignRecipientSearch" USING GIN ("text" gin_trgm_ops)`,
      );
    });
    chunkMs.push(buildMs);
    log(`  rollups, search rows and their index built in ${seconds(buildMs)}`);
  }
  const seedMs = chunkMs.reduce((a, b) => a + b, 0);
  const [contacts, contactsMs] = await timed(
    async () => (await client.query<{ n: number }>(SEED_REPLIES_SQL, [CAMPAIGN])).rows[0]?.n ?? 0,
  );
  const [messages, messagesMs] = await timed(
    async () => (await client.query(SEED_MESSAGES_SQL, [CAMPAIGN])).rowCount ?? 0,
  );
  await client.query(`ANALYZE`);
  log(
    `inbound messages: ${fmtInt(messages)} from ${fmtInt(contacts)} new contacts (${seconds(contactsMs)} + ${seconds(messagesMs)} with the reply trigger)`,
  );
  results.seed = {
    strategy: bulk
      ? "INSERT … SELECT generate_series, triggers off; rollups, search rows and index built after"
      : "INSERT … SELECT generate_series, triggers on",
    chunkRows: CHUNK,
    totalMs: seedMs,
    chunkMs,
    messages,
    messagesMs,
  };

  // --- correctness, and the backfill path --------------------------------------------------------------
  const recount = await matchesRecount(client, CAMPAIGN);
  const incremental = await rollupDigest(client, CAMPAIGN);
  const [, rebuildMs] = await timed(() => client.query(`SELECT analytics_rebuild($1)`, [CAMPAIGN]));
  const rebuilt = await rollupDigest(client, CAMPAIGN);
  results.correctness = { matchesRecount: recount.ok, rebuildIdentical: incremental === rebuilt, rebuildMs };

  // --- what the triggers cost the engine's writes --------------------------------------------------------
  const overhead = await triggerOverhead(client);
  results.triggerOverhead = overhead;

  return { seedMs, chunkMs, messages, messagesMs, recount, incremental, rebuilt, rebuildMs, overhead };
}

/**
 * Each figure of this run against the largest smaller run on record (bench/results/analytics-<n>.json): the growth
 * factor of p95 latencies and of export time per row. Near 1 means the figure does not grow with the data.
 */
function printGrowth(
  dir: string,
  now: { latency: Record<string, LatencySummary>; exportRate: number },
): void {
  const previous = previousRun<{
    latency?: Record<string, LatencySummary>;
    export?: { rowsPerSecond: number };
  }>(dir, "analytics", RECIPIENTS);
  if (!previous) return;
  const { size: smaller, results: before } = previous;
  const factor = (a: number, b: number) => `${(b / a).toFixed(2)}x`;
  console.log("");
  console.log(
    `Growth from ${fmtInt(smaller)} to ${fmtInt(RECIPIENTS)} recipients (${(RECIPIENTS / smaller).toFixed(0)}x the data):`,
  );
  const rows = Object.entries(now.latency).flatMap(([name, l]) => {
    const was = before.latency?.[name];
    // p95 where both runs had enough samples for one (BENCH_ITERATIONS), else the maximum.
    const key = Number.isNaN(was?.p95 ?? NaN) || Number.isNaN(l.p95) ? "max" : "p95";
    return was ? [[`${name} (${key})`, fmtMs(was[key]), fmtMs(l[key]), factor(was[key], l[key])]] : [];
  });
  if (before.export)
    rows.push([
      "CSV export, time per row",
      `${fmtInt(before.export.rowsPerSecond)} rows/s`,
      `${fmtInt(now.exportRate)} rows/s`,
      factor(now.exportRate, before.export.rowsPerSecond),
    ]);
  console.log(table(["figure", "before", "now", "growth"], rows));
}

/** Whether the database holds this bench's campaign with exactly `recipients` recipients (BENCH_REUSE). */
async function seededWith(recipients: number): Promise<boolean> {
  const probe = new pg.Client({ connectionString: DATABASE_URL });
  try {
    await probe.connect();
  } catch {
    return false; // no such database yet
  }
  try {
    const { rows } = await probe.query<{ n: string }>(
      `SELECT count(*) AS n FROM "CampaignRecipient" WHERE "campaignId" = $1`,
      [CAMPAIGN],
    );
    return Number(rows[0]?.n ?? 0) === recipients;
  } catch {
    return false;
  } finally {
    await probe.end();
  }
}

type Overhead = Record<string, { on: LatencySummary; off: LatencySummary }>;

/**
 * The engine's two write shapes on a probe campaign of its own: one webhook (one recipient SENT -> DELIVERED)
 * and one outcome flush (200 recipients SENDING -> SENT), each with the triggers and without. The probe's
 * rollups are rebuilt afterwards (the trigger-less writes skipped them).
 */
async function triggerOverhead(client: pg.Client): Promise<Overhead> {
  const singles = 300;
  const batches = 50; // a p95 needs >= 50 samples (bench/lib/stats.ts)
  const batchSize = 200;
  await client.query(
    `INSERT INTO "Campaign" (id, name, "upstreamName", status, "updatedAt") VALUES ($1, 'probe', $1, 'RUNNING', now())`,
    [PROBE],
  );
  const perMode = singles + batches * batchSize;
  await client.query(
    `INSERT INTO "CampaignRecipient" (id, "campaignId", address, phone, country, variables, state, "stateRank", "acceptedAt")
     SELECT 'p' || i, $1, '+4479' || lpad(i::text, 8, '0'), '+4479' || lpad(i::text, 8, '0'), 'GB', '{}',
            CASE WHEN i % ${perMode} < ${singles} THEN 'SENT' ELSE 'SENDING' END::"CampaignRecipientState",
            CASE WHEN i % ${perMode} < ${singles} THEN 2 ELSE 1 END,
            CASE WHEN i % ${perMode} < ${singles} THEN now() END
     FROM generate_series(0, ${2 * perMode - 1}) i`,
    [PROBE],
  );
  const off = new pg.Client({ connectionString: DATABASE_URL });
  await off.connect();
  await off.query(`SET session_replication_role = replica`);
  const result: Overhead = {};
  const single = `UPDATE "CampaignRecipient" SET state = 'DELIVERED', "stateRank" = 4, "deliveredAt" = COALESCE("deliveredAt", now())
                  WHERE id = $1 AND "campaignId" = $2 AND "stateRank" < 4`;
  const batch = `UPDATE "CampaignRecipient" r SET state = CASE WHEN r."stateRank" < 2 THEN 'SENT'::"CampaignRecipientState" ELSE r.state END,
                   "stateRank" = GREATEST(r."stateRank", 2), "upstreamId" = COALESCE(r."upstreamId", 'u' || v.id), "acceptedAt" = now()
                 FROM unnest($1::text[]) AS v(id) WHERE r.id = v.id`;
  // On and off alternate, so a busy moment of the machine weighs on both sides alike.
  const samples = {
    singleOn: [] as number[],
    singleOff: [] as number[],
    batchOn: [] as number[],
    batchOff: [] as number[],
  };
  for (let k = 0; k < singles; k++) {
    samples.singleOn.push((await timed(() => client.query(single, [`p${k}`, PROBE])))[1]);
    samples.singleOff.push((await timed(() => off.query(single, [`p${perMode + k}`, PROBE])))[1]);
  }
  for (let b = 0; b < batches; b++) {
    const ids = (offset: number) =>
      Array.from({ length: batchSize }, (_, k) => `p${offset + singles + b * batchSize + k}`);
    samples.batchOn.push((await timed(() => client.query(batch, [ids(0)])))[1]);
    samples.batchOff.push((await timed(() => off.query(batch, [ids(perMode)])))[1]);
  }
  await off.end();
  await client.query(`SELECT analytics_rebuild($1)`, [PROBE]);
  result["webhook: 1 row SENT -> DELIVERED"] = {
    on: summarize(samples.singleOn),
    off: summarize(samples.singleOff),
  };
  result[`outcome flush: ${batchSize} rows SENDING -> SENT`] = {
    on: summarize(samples.batchOn),
    off: summarize(samples.batchOff),
  };
  return result;
}

// The services import "server-only", which only resolves outside a React Server bundle under the
// react-server condition: the script runs itself again with it.
if (!process.execArgv.includes("--conditions=react-server")) {
  const loader = pathToFileURL(path.join(root, "node_modules", "tsx", "dist", "loader.mjs")).href;
  const child = spawn(process.execPath, ["--conditions=react-server", "--import", loader, __filename], {
    stdio: "inherit",
  });
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => child.kill(signal));
  child.on("exit", (code) => process.exit(code ?? 1));
} else {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
