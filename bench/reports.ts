import { spawn } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import pg from "pg";
import { createDatabaseIfMissing, dropDatabase } from "../scripts/lib/database";
import { migrateDeploy } from "../scripts/lib/prisma-cli";
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
  // As autovacuum would have by now: the visibility map lets the cycle passes be index-only scans.
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

  const { getSupportReport } = await import("../lib/reports/get-support-report");
  const { exportSupportCycles } = await import("../lib/reports/export-support-cycles");
  const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
  const queries: [string, () => Promise<unknown>][] = [
    ["last 7 days (UTC)", () => getSupportReport({ from: day(-6), to: day(0), tz: "UTC" })],
    ["last 30 days (Europe/London)", () => getSupportReport({ tz: "Europe/London" })],
    [
      "last 90 days (America/New_York)",
      () => getSupportReport({ from: day(-89), to: day(0), tz: "America/New_York" }),
    ],
    [
      "last 90 days, one agent",
      () => getSupportReport({ from: day(-89), to: day(0), tz: "UTC", agentId: "agent-3" }),
    ],
  ];
  const latency: Record<string, LatencySummary> = {};
  for (const [name, work] of queries) {
    await work(); // warm
    const samples: number[] = [];
    for (let i = 0; i < ITERATIONS; i++) {
      const t = performance.now();
      await work();
      samples.push(performance.now() - t);
    }
    latency[name] = summarize(samples);
  }

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

  console.log("\nReport service latency (ms)");
  console.log(
    table(
      ["query", "n", "p50", "p95", "max", `p95 < ${TARGET_P95_MS}`],
      Object.entries(latency).map(([name, s]) => [
        name,
        String(s.n),
        fmtMs(s.p50),
        fmtMs(s.p95),
        fmtMs(s.max),
        Number.isNaN(s.p95) ? "-" : s.p95 < TARGET_P95_MS ? "yes" : "NO",
      ]),
    ),
  );
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
        latency,
        export: { rows: exportRows, ms: exportMs },
      },
      null,
      2,
    ),
  );
  await client.end();
  const { db } = await import("../lib/db");
  await db.$disconnect();
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
