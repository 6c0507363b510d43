import { spawn } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import pg from "pg";
import { createDatabaseIfMissing, dropDatabase } from "../scripts/lib/database";
import { migrateDeploy } from "../scripts/lib/prisma-cli";
import type { SupportReportQuery } from "../lib/reports/schemas";
import { fmtInt, fmtMs, summarize, table, type LatencySummary } from "./lib/stats";

// `npm run bench:reports`: the support reports at 50,000 conversations and 500,000 messages.
//   1. a fresh database (migrations + prisma/sql triggers)
//   2. BENCH_CONVERSATIONS conversations with BENCH_MESSAGES messages over 90 days, inserted in SQL
//      (INSERT … SELECT generate_series) WITH the support triggers on, so the cycles are the ones the app would
//      keep; timed, with what the triggers cost per message
//   3. p50/p95 of the report service over several ranges, time zones and one agent (target: each p95 < 200 ms),
//      and the CSV export of a 90-day range: rows/s
// Prints numbers and writes bench/results/reports.json; does not assert.
// Environment: BENCH_CONVERSATIONS (50000), BENCH_MESSAGES (500000), BENCH_ITERATIONS (50),
// BENCH_REPORTS_DATABASE_URL (postgresql://postgres@127.0.0.1:5432/connectly_bench_reports; dropped and recreated),
// BENCH_REUSE=1 (keep a database an earlier run seeded: migrate, VACUUM ANALYZE and measure only; the seeding takes
// long on a loaded machine).

const root = path.resolve(__dirname, "..");
const DATABASE_URL =
  process.env.BENCH_REPORTS_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/connectly_bench_reports";
const CONVERSATIONS = Number(process.env.BENCH_CONVERSATIONS ?? 50_000);
const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 500_000);
const ITERATIONS = Number(process.env.BENCH_ITERATIONS ?? 50);
const AGENTS = 12;
const TARGET_P95_MS = 200;

const log = (line: string) => console.log(`[bench] ${line}`);
const U = (salt: number) => `((hashint4(i # ${salt}) & 2147483647) / 2147483648.0)`;

const REUSE = process.env.BENCH_REUSE === "1";

async function main() {
  log(`support reports over ${fmtInt(CONVERSATIONS)} conversations and ${fmtInt(MESSAGES)} messages`);
  if (!REUSE) await dropDatabase(DATABASE_URL);
  await createDatabaseIfMissing(DATABASE_URL);
  migrateDeploy(DATABASE_URL);
  process.env.DATABASE_URL = DATABASE_URL;
  const client = new pg.Client({ connectionString: DATABASE_URL });
  await client.connect();
  const seeded =
    REUSE &&
    Number((await client.query<{ n: string }>(`SELECT count(*) AS n FROM "Message"`)).rows[0]?.n) > 0;
  if (seeded) log("reusing the seeded database (BENCH_REUSE=1)");
  const seedMs = seeded ? Number.NaN : await seed(client);
  // The seed writes 100,000 messages per statement: every reply updates its hour's rollup row, and no version can
  // be pruned inside one transaction, so "SupportHourly" ends thousands of pages long for a few hundred pages of
  // rows (the app's one-message transactions prune on the page, with room kept by its fillfactor). Rewritten
  // once, as the app's steady state would be; then, as autovacuum would have by now, VACUUM ANALYZE (the
  // visibility map lets the cycle passes be index-only scans).
  const pages = async () =>
    (await client.query<{ n: string }>(`SELECT pg_relation_size('"SupportHourly"') / 8192 AS n`)).rows[0]!.n;
  const before = await pages();
  await client.query(`VACUUM FULL "SupportHourly"`);
  log(`rollup table "SupportHourly": ${before} pages, ${await pages()} after VACUUM FULL`);
  await client.query("VACUUM ANALYZE");

  await measure(client, seedMs);
}

async function seed(client: pg.Client): Promise<number> {
  await client.query(`
    INSERT INTO "User" (id, email, name, "passwordHash", role, "updatedAt")
    SELECT 'agent-' || i, 'agent' || i || '@bench.test', 'Agent ' || i, 'x', (CASE WHEN i = 0 THEN 'ADMIN' ELSE 'AGENT' END)::"Role", now()
    FROM generate_series(0, ${AGENTS - 1}) AS i`);
  await client.query(`
    INSERT INTO "Contact" (id, phone, name, "updatedAt")
    SELECT 'ct-' || i, '+4477' || lpad(i::text, 8, '0'), 'Customer ' || i, now() FROM generate_series(1, ${CONVERSATIONS}) AS i`);
  await client.query(`
    INSERT INTO "Conversation" (id, "contactId", status, "assigneeId", "updatedAt")
    SELECT 'cv-' || i, 'ct-' || i, 'OPEN', 'agent-' || (i % ${AGENTS}), now() FROM generate_series(1, ${CONVERSATIONS}) AS i`);

  // Each conversation gets a run of messages: customer first, then alternating, spread over 90 days; every
  // message belongs to conversation (i % N): the per-message trigger opens and answers cycles as the app's
  // writes would. Inserted in time order so cycles open before their replies.
  const started = performance.now();
  const chunk = 100_000;
  for (let lo = 1; lo <= MESSAGES; lo += chunk) {
    const hi = Math.min(MESSAGES, lo + chunk - 1);
    await client.query(
      `INSERT INTO "Message" (id, "conversationId", direction, kind, text, content, "authorId", "createdAt")
       SELECT 'm-' || i, 'cv-' || (1 + (i % $3)),
              (CASE WHEN (i / $3) % 2 = 0 THEN 'INBOUND' ELSE 'OUTBOUND' END)::"Direction", 'text', 'hello', '{}'::jsonb,
              CASE WHEN (i / $3) % 2 = 1 AND ${U(7)} < 0.85 THEN 'agent-' || (i % ${AGENTS}) END,
              (now() - interval '90 days') + (i::float8 / $4) * interval '90 days' + ${U(3)} * interval '10 minutes'
       FROM generate_series($1::int, $2::int) AS i ORDER BY i`,
      [lo, hi, CONVERSATIONS, MESSAGES],
    );
    // Resolve 60 % of the conversations at the end of this stretch (the conversation trigger closes their cycles,
    // at now(); moved back to the stretch's end time), then reopen them, so the next customer message opens a
    // new cycle: about one cycle per conversation per 100,000 messages.
    const stretchEnd = new Date(Date.now() - 90 * 86_400_000 + (hi / MESSAGES) * 90 * 86_400_000);
    await client.query(
      `UPDATE "Conversation" SET status = 'RESOLVED'
       WHERE status <> 'RESOLVED' AND (hashint4(hashtext(id)) & 1023) < 614`,
    );
    await client.query(
      `UPDATE "SupportCycle" SET "resolvedAt" = GREATEST("openedAt", COALESCE("firstResponseAt", "openedAt"),
                                                   $1::timestamptz - ((hashint4(hashtext(id)) & 1023) / 1024.0) * interval '6 hours')
       WHERE "resolvedAt" >= now() - interval '1 hour'`,
      [stretchEnd],
    );
    await client.query(`UPDATE "Conversation" SET status = 'OPEN' WHERE status = 'RESOLVED'`);
    log(`  ${fmtInt(hi)} messages`);
  }
  const seedMs = performance.now() - started;
  log(
    `seeded in ${(seedMs / 1000).toFixed(1)} s (${fmtInt(MESSAGES / (seedMs / 1000))} messages/s with the triggers on)`,
  );
  return seedMs;
}

async function measure(client: pg.Client, seedMs: number) {
  const { rows: counts } = await client.query<{ cycles: string; resolved: string; answered: string }>(
    `SELECT count(*) AS cycles, count("resolvedAt") AS resolved, count("firstResponseAt") AS answered FROM "SupportCycle"`,
  );
  log(
    `cycles ${fmtInt(Number(counts[0]!.cycles))}, answered ${fmtInt(Number(counts[0]!.answered))}, resolved ${fmtInt(Number(counts[0]!.resolved))}`,
  );
  await client.query(`UPDATE "Workspace" SET "slaFirstResponseMinutes" = 30, "slaResolutionHours" = 24`);
  await client.query(`INSERT INTO "Workspace" (id, name, "slaFirstResponseMinutes", "slaResolutionHours", "updatedAt")
                      SELECT 'ws', 'Workspace', 30, 24, now() WHERE NOT EXISTS (SELECT 1 FROM "Workspace")`);

  const { getSupportReport, planSupportReport } = await import("../lib/reports/get-support-report");
  const { exportSupportCycles } = await import("../lib/reports/export-support-cycles");
  const { db } = await import("../lib/db");
  const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
  // The page's presets (last 7 / 30 / 90 days, components/analytics/date-range-picker.tsx) in three zones (one with
  // a half-hour offset, where the hourly chart cannot come from the UTC-hour rollups), all agents and one agent,
  // SLA in wall-clock time and in business hours.
  const ranges = [
    { days: 7, tz: "UTC" },
    { days: 30, tz: "Europe/London" },
    { days: 90, tz: "America/New_York" },
    { days: 90, tz: "Asia/Kolkata" },
  ];
  const cases: { name: string; business: boolean; query: SupportReportQuery }[] = [];
  for (const business of [false, true])
    for (const { days, tz } of ranges)
      for (const agentId of [undefined, "agent-3"])
        cases.push({
          name: `${days} d ${tz}${agentId ? ", one agent" : ""}${business ? ", business hours" : ""}`,
          business,
          query: { from: day(-(days - 1)), to: day(0), tz, agentId },
        });

  // BENCH_ONLY=<text>: only the cases whose name contains it (e.g. "business hours").
  const only = process.env.BENCH_ONLY;
  if (only) cases.splice(0, cases.length, ...cases.filter((c) => c.name.includes(only)));
  const loadBefore = loadavg();
  log(`measuring ${cases.length} report variants, ${ITERATIONS} runs each; load average ${loadBefore}`);
  const reports: { name: string; latency: LatencySummary }[] = [];
  const statements: {
    name: string;
    kind: string;
    latency: LatencySummary;
    explainMs: number;
    reads: string;
  }[] = [];
  for (const c of cases) {
    await client.query(`UPDATE "Workspace" SET "slaBusinessHours" = $1`, [c.business]);
    // The whole report as the page waits for it, and each statement's time as it ran alongside the others.
    const perStatement = new Map<string, number[]>();
    let measuring = false;
    const onStatement = (kind: string, ms: number) => {
      if (measuring) perStatement.set(kind, [...(perStatement.get(kind) ?? []), ms]);
    };
    reports.push({
      name: c.name,
      latency: await time(
        () => getSupportReport(c.query, new Date(), { onStatement }),
        () => (measuring = true),
      ),
    });
    const last = reports[reports.length - 1]!.latency;
    log(`  ${c.name}: p50 ${fmtMs(last.p50)} ms, p95 ${fmtMs(last.p95)} ms (load average ${loadavg()})`);
    // One EXPLAIN (ANALYZE, BUFFERS) of each statement: what it reads and its server-side time.
    const plan = await planSupportReport(c.query);
    for (const [kind, sql] of Object.entries(plan.statements)) {
      if (sql === null) continue;
      const latency = summarize(perStatement.get(kind) ?? []);
      const explained = await client.query<{ "QUERY PLAN": ExplainJson[] }>(
        `EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ${sql.text}`,
        sql.values,
      );
      const top = explained.rows[0]!["QUERY PLAN"][0]!;
      statements.push({
        name: c.name,
        kind,
        latency,
        explainMs: top["Execution Time"],
        reads: scans(top.Plan),
      });
      log(
        `    ${kind}: p50 ${fmtMs(latency.p50)}, p95 ${fmtMs(latency.p95)}, EXPLAIN ${fmtMs(top["Execution Time"])} ms; ${scans(top.Plan)}`,
      );
    }
  }
  await client.query(`UPDATE "Workspace" SET "slaBusinessHours" = false`);
  const loadAfter = loadavg();

  const verdict = (s: LatencySummary) => (Number.isNaN(s.p95) ? "-" : s.p95 < TARGET_P95_MS ? "yes" : "NO");
  console.log(
    `\nReport service latency (ms), whole report; load average ${loadBefore} before, ${loadAfter} after`,
  );
  console.log(
    table(
      ["report", "n", "p50", "p95", "max", `p95 < ${TARGET_P95_MS}`],
      reports.map(({ name, latency: s }) => [
        name,
        String(s.n),
        fmtMs(s.p50),
        fmtMs(s.p95),
        fmtMs(s.max),
        verdict(s),
      ]),
    ),
  );
  console.log(
    "\nPer statement (ms): as run within the report (concurrently), and one EXPLAIN (ANALYZE, BUFFERS) execution time; what it reads",
  );
  console.log(
    table(
      ["report", "query", "p50", "p95", "explain", `p95 < ${TARGET_P95_MS}`, "reads"],
      statements.map(({ name, kind, latency: s, explainMs, reads }) => [
        name,
        kind,
        fmtMs(s.p50),
        fmtMs(s.p95),
        fmtMs(explainMs),
        verdict(s),
        reads,
      ]),
    ),
  );
  const slowestReport = reports.reduce((a, b) => (worst(b.latency) > worst(a.latency) ? b : a));
  const slowestStatement = statements.reduce((a, b) => (worst(b.latency) > worst(a.latency) ? b : a));
  console.log(
    `\nSlowest report: ${slowestReport.name} (p95 ${fmtMs(worst(slowestReport.latency))} ms); slowest statement: ` +
      `${slowestStatement.kind} of ${slowestStatement.name} (p95 ${fmtMs(worst(slowestStatement.latency))} ms, ` +
      `EXPLAIN ${fmtMs(slowestStatement.explainMs)} ms); load average ${loadavg()}`,
  );

  const t = performance.now();
  const { stream } = await exportSupportCycles({ from: day(-89), to: day(0), tz: "UTC" });
  let bytes = 0;
  let lines = 0;
  for await (const part of stream as unknown as AsyncIterable<Uint8Array>) {
    bytes += part.length;
    for (const b of part) if (b === 10) lines++;
  }
  const exportMs = performance.now() - t;
  const exportRows = Math.max(0, lines - 1);

  console.log(
    `\nExport (90 days): ${fmtInt(exportRows)} rows, ${(bytes / 1e6).toFixed(1)} MB in ${(exportMs / 1000).toFixed(2)} s = ${fmtInt(exportRows / (exportMs / 1000))} rows/s`,
  );

  mkdirSync(path.join(root, "bench/results"), { recursive: true });
  writeFileSync(
    path.join(root, "bench/results/reports.json"),
    JSON.stringify(
      {
        conversations: CONVERSATIONS,
        messages: MESSAGES,
        cycles: Number(counts[0]!.cycles),
        seedMs,
        load: { before: loadBefore, after: loadAfter },
        reports,
        statements,
        export: { rows: exportRows, ms: exportMs },
      },
      null,
      2,
    ),
  );
  await client.end();
  await db.$disconnect();
}

type ExplainNode = {
  "Node Type": string;
  "Relation Name"?: string;
  "Actual Rows": number;
  "Actual Loops": number;
  Plans?: ExplainNode[];
};
type ExplainJson = { Plan: ExplainNode; "Execution Time": number };

/** The tables a plan reads, with the scan and the rows it returned: "SupportCycle Index Only Scan 170,000". */
function scans(node: ExplainNode): string {
  const out: string[] = [];
  const walk = (n: ExplainNode) => {
    if (n["Relation Name"] !== undefined)
      out.push(`${n["Relation Name"]} ${n["Node Type"]} ${fmtInt(n["Actual Rows"] * n["Actual Loops"])}`);
    for (const child of n.Plans ?? []) walk(child);
  };
  walk(node);
  return out.join("; ");
}

const loadavg = () => readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" ");
/** p95 when there are enough samples for it, else the max. */
const worst = (s: LatencySummary) => (Number.isNaN(s.p95) ? s.max : s.p95);

async function time(work: () => Promise<unknown>, warmed = () => {}): Promise<LatencySummary> {
  await work();
  warmed();
  const samples: number[] = [];
  for (let i = 0; i < ITERATIONS; i++) {
    const t = performance.now();
    await work();
    samples.push(performance.now() - t);
  }
  return summarize(samples);
}

// The services import "server-only", which only resolves under the react-server condition: the script runs itself again with it.
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
