import "../scripts/lib/allow-server-only";
import { once } from "node:events";
import { createReadStream, createWriteStream, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { createDatabaseIfMissing, dropDatabase } from "../scripts/lib/database";
import { migrateDeploy } from "../scripts/lib/prisma-cli";
import { fmtInt } from "./lib/stats";

// `npm run bench:import`: the streamed CSV import alone (no app, no worker), on a fresh database: a generated
// CSV of BENCH_ROWS (100,000) US numbers, of which BENCH_EXISTING (half) are already contacts, imported twice
// into two campaigns (the second run finds every contact). Prints rows/s per run; does not assert.

function int(name: string, fallback: number): number {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be a non-negative integer`);
  return value;
}

const rows = int("BENCH_ROWS", 100_000);
const existing = int("BENCH_EXISTING", Math.floor(rows / 2));
const databaseUrl =
  process.env.BENCH_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/connectly_bench_import";
const log = (line: string) => console.log(`[bench] ${line}`);
const phoneOf = (i: number) => `+1415${2_000_000 + i}`;

async function main() {
  await dropDatabase(databaseUrl);
  await createDatabaseIfMissing(databaseUrl);
  migrateDeploy(databaseUrl);
  process.env.DATABASE_URL = databaseUrl;
  const { db } = await import("../lib/db");
  const { importCsvAudience } = await import("../lib/campaigns/import-csv-audience");
  const { TemplateStore, seedTemplates } = await import("../lib/connectly/simulator/templates");
  const store = new TemplateStore();
  seedTemplates(store, Date.now());
  const components = store.find("appointment_reminder", "en_US")?.templateComponents;
  if (!components) throw new Error("the simulator has no appointment_reminder template");

  await db.$executeRaw`
    INSERT INTO "Contact" (id, phone, "updatedAt")
    SELECT 'bench-' || i, '+1415' || (2000000 + i * 2)::text, now() FROM generate_series(0, ${Math.ceil(existing) - 1}::int) i`;
  log(`${fmtInt(existing)} existing contacts (every other CSV row)`);

  const csvPath = path.join(os.tmpdir(), `connectly-bench-import-${rows}.csv`);
  const out = createWriteStream(csvPath);
  out.write("phone,name,date,time\n");
  for (let i = 0; i < rows; i++) {
    if (!out.write(`${phoneOf(i)},Customer ${i},June ${1 + (i % 28)},${9 + (i % 8)}:30\n`))
      await once(out, "drain");
  }
  out.end();
  await once(out, "finish");
  log(`${fmtInt(rows)} rows, ${(readFileSync(csvPath).length / 1024 / 1024).toFixed(1)} MB`);

  for (const run of [1, 2]) {
    const campaign = await db.campaign.create({
      data: {
        name: `Bench import ${run}`,
        upstreamName: `bench-import-${run}`,
        templateName: "appointment_reminder",
        templateLanguage: "en_US",
        templateComponents: components as object[],
      },
      select: { id: true },
    });
    const contactsBefore = await db.contact.count();
    const started = performance.now();
    const summary = await importCsvAudience(
      campaign.id,
      {
        delimiter: ",",
        addressColumn: "phone",
        defaultCountry: "US",
        variables: {
          header_text: { kind: "fixed", value: "Dr. Rivera" },
          body_1: { kind: "column", column: "name" },
          body_2: { kind: "column", column: "date" },
          body_3: { kind: "column", column: "time" },
        },
      },
      Readable.toWeb(createReadStream(csvPath)) as unknown as ReadableStream<Uint8Array>,
    );
    const seconds = (performance.now() - started) / 1000;
    const contactsAfter = await db.contact.count();
    const linked = await db.campaignRecipient.count({
      where: { campaignId: campaign.id, contactId: { not: null } },
    });
    log(
      `run ${run}: ${seconds.toFixed(1)} s = ${fmtInt(rows / seconds)} rows/s; ${fmtInt(summary.acceptedRows)} accepted, ` +
        `${fmtInt(summary.rejectedRows)} rejected; contacts ${fmtInt(contactsBefore)} -> ${fmtInt(contactsAfter)}; ` +
        `${fmtInt(linked)} recipients linked to a contact`,
    );
  }
  await db.$disconnect();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
