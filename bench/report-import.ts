import "../scripts/lib/allow-server-only";
import { spawn } from "node:child_process";
import { once } from "node:events";
import { readFileSync } from "node:fs";
import { createDatabaseIfMissing, dropDatabase } from "../scripts/lib/database";
import { migrateDeploy } from "../scripts/lib/prisma-cli";
import { fmtInt } from "./lib/stats";

// `npm run bench:report-import`: the campaign report importer alone (no app, no worker), on a fresh database: a
// campaign of BENCH_ROWS (200,000) recipients, and the simulator's report run for them (every 3rd customer clicked a
// link), downloaded from its signed URL over loopback HTTP (the simulator runs in its own process, as Connectly's
// storage would), streamed, mapped and merged. Then the same run again
// (forced): every row matched, nothing changes. Prints rows/s per run and checks the CLICKED counter against a
// recount; does not assert a threshold.

function int(name: string, fallback: number): number {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive integer`);
  return value;
}

const rows = int("BENCH_ROWS", 200_000);
const databaseUrl =
  process.env.BENCH_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/connectly_bench_report_import";
const log = (line: string) => console.log(`[bench] ${line}`);
// The figures depend on what else the machine runs: printed next to them.
const loadavg = () => {
  try {
    return readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" ");
  } catch {
    return "n/a";
  }
};
const FIRST = 15_551_000_000;
const simulatorPort = int("BENCH_SIMULATOR_PORT", 4790);

async function main() {
  await dropDatabase(databaseUrl);
  await createDatabaseIfMissing(databaseUrl);
  migrateDeploy(databaseUrl);
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/simulator.ts"], {
    env: {
      ...process.env,
      SIMULATOR_PORT: String(simulatorPort),
      SIMULATOR_RATE_LIMIT: "0",
      SIMULATOR_WEBHOOK_URL: "http://127.0.0.1:9/none",
    },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const simulator = { url: `http://127.0.0.1:${simulatorPort}` };
  for (let i = 0; ; i++) {
    const up = await fetch(`${simulator.url}/sim/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (up) break;
    if (i > 150) throw new Error("the simulator did not start");
    await new Promise((r) => setTimeout(r, 200));
  }
  process.env.DATABASE_URL = databaseUrl;
  process.env.CONNECTLY_BASE_URL = simulator.url;
  process.env.CONNECTLY_API_KEY = "";
  const { db } = await import("../lib/db");
  const { importCampaignReport } = await import("../lib/analytics/import-campaign-report");
  const { parseReportsList } = await import("../lib/connectly/campaign-report");

  const campaign = await db.campaign.create({
    data: {
      name: "Bench report",
      upstreamName: "bench-report",
      status: "COMPLETED",
      templateName: "hello",
      templateLanguage: "en",
    },
    select: { id: true },
  });
  const sentAt = new Date(Date.now() - 3_600_000);
  let started = performance.now();
  await db.$executeRaw`
    INSERT INTO "CampaignRecipient" (id, "campaignId", address, phone, variables, state, "stateRank", "acceptedAt", "sentAt", "deliveredAt", "readAt")
    SELECT 'bench-' || i, ${campaign.id}, '+' || (${FIRST}::bigint + i)::text, '+' || (${FIRST}::bigint + i)::text, '{}'::jsonb,
           'READ', 5, ${sentAt}, ${sentAt}, ${sentAt}, ${sentAt}
    FROM generate_series(0, ${rows - 1}::int) i`;
  log(`${fmtInt(rows)} recipients seeded in ${((performance.now() - started) / 1000).toFixed(1)} s`);

  const res = await fetch(`${simulator.url}/sim/reports/complete`, {
    method: "POST",
    body: JSON.stringify({
      campaignName: "bench-report",
      customers: { from: `+${FIRST}`, count: rows },
      clickEvery: 3,
      webhook: false,
    }),
  });
  if (!res.ok) throw new Error(`completing the report failed: ${res.status} ${await res.text()}`);
  const [ref] = parseReportsList({ data: [((await res.json()) as { report: unknown }).report] });
  if (!ref) throw new Error("the simulator answered no report");
  const size = await fetch(ref.url!).then(async (r) => (await r.arrayBuffer()).byteLength);
  log(
    `report run ${ref.runId}: ${fmtInt(rows)} rows, ${(size / 1024 / 1024).toFixed(1)} MB CSV at a signed URL; load average ${loadavg()}`,
  );

  for (const run of [1, 2]) {
    started = performance.now();
    const result = await importCampaignReport(ref, { trigger: "manual", force: run === 2 });
    const seconds = (performance.now() - started) / 1000;
    if (result.state !== "imported")
      throw new Error(`import ${run} ${result.state}: ${JSON.stringify(result)}`);
    log(
      `${run === 2 ? "re-import" : "import"}: ${seconds.toFixed(2)} s = ${fmtInt(result.totalRows / seconds)} rows/s; ` +
        `${fmtInt(result.matchedRows)} matched, ${fmtInt(result.updatedRows)} updated, ${fmtInt(result.rejectedRows)} rejected; ` +
        `load average ${loadavg()}`,
    );
  }
  const [counter] = await db.$queryRaw<{ counted: number; recount: number }[]>`
    SELECT (SELECT COALESCE(sum(count), 0)::int FROM "AnalyticsCampaignCounter" WHERE "campaignId" = ${campaign.id} AND metric = 'CLICKED') AS counted,
           (SELECT count(*)::int FROM "CampaignRecipient" WHERE "campaignId" = ${campaign.id} AND "clickedAt" IS NOT NULL) AS recount`;
  log(
    `CLICKED counter ${fmtInt(counter!.counted)}, recount ${fmtInt(counter!.recount)} (${counter!.counted === counter!.recount ? "equal" : "DIFFERENT"})`,
  );
  await db.$disconnect();
  child.kill("SIGTERM");
  await once(child, "exit");
  const { pgPool } = await import("../lib/db-pool");
  await pgPool().end();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
