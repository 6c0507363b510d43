import "../scripts/lib/allow-server-only";
import { createHash } from "node:crypto";
import { once } from "node:events";
import {
  createReadStream,
  createWriteStream,
  mkdirSync,
  readdirSync,
  readFileSync,
  writeFileSync,
} from "node:fs";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import pg from "pg";
import { createDatabaseIfMissing, dropDatabase } from "../scripts/lib/database";
import { migrateDeploy } from "../scripts/lib/prisma-cli";
import { fmtInt, fmtMs, summarize, table, type LatencySummary } from "./lib/stats";

// `npm run bench:contacts`: issue #14's benchmark, contacts, labels and segments at scale, in one database.
//   1. seed (skipped with BENCH_REUSE=1 when a previous run seeded the database; migrations are applied either way):
//      BENCH_CONTACTS (200,000) contacts (names, UK phones, a BSUID on every third, 5 % opted out, custom fields),
//      a conversation for 60 % of them (last inbound over 90 days, 20 % never wrote), 10 labels on contacts and
//      conversations, 10 campaigns sharing BENCH_RECIPIENTS (1,000,000) recipients with a realistic outcome mix
//      (sent / delivered / read / failed, clicks, quoted replies) and customers' answers as inbound messages (1 to
//      120 hours after the send). All generated in SQL (generate_series, deterministic hashes).
//   2. list: the contacts page's read model (lib/contacts/list-contacts.ts, in process) for the first page, a deep
//      page, and each kind of search: p50/p95 per case.
//   3. segments: countSegment (POST /api/segments/count: count + opted out + 5 examples) for every condition kind of
//      lib/segments and AND/OR groups: p50/p95 per filter.
//   4. import: a generated CSV of BENCH_IMPORT_ROWS (100,000) numbers, every other one an existing contact, imported
//      (lib/campaigns/import-csv-audience.ts: recipients + contact upsert) into two draft campaigns, the second
//      finding every contact: rows/s per run. The imported campaigns and the contacts they created are deleted
//      afterwards, so the database stays as seeded for BENCH_REUSE.
// Prints numbers and the load average, asserts nothing; writes bench/results/contacts.json.
// Arguments pick phases: `tsx bench/contacts.ts segments import` (default: list segments import; npm run
// bench:segments and bench:import are such aliases). Environment: BENCH_CONTACTS, BENCH_RECIPIENTS,
// BENCH_SAMPLES (list, 100), BENCH_ITERATIONS (segments, 50), BENCH_IMPORT_ROWS, BENCH_FILTER (only the cases
// whose name contains it), BENCH_EXPLAIN=1 (print each segment count's plan), BENCH_REUSE=1, BENCH_DATABASE_URL
// (postgresql://postgres@127.0.0.1:5432/connectly_bench_contacts; dropped and recreated unless reused).

function int(name: string, fallback: number): number {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive integer`);
  return value;
}

const root = path.resolve(__dirname, "..");
const CONTACTS = int("BENCH_CONTACTS", 200_000);
const RECIPIENTS = int("BENCH_RECIPIENTS", 1_000_000);
const SAMPLES = int("BENCH_SAMPLES", 100);
const ITERATIONS = int("BENCH_ITERATIONS", 50);
const IMPORT_ROWS = int("BENCH_IMPORT_ROWS", 100_000);
const ONLY = process.env.BENCH_FILTER?.toLowerCase();
const REUSE = process.env.BENCH_REUSE === "1";
const EXPLAIN = process.env.BENCH_EXPLAIN === "1";
const CAMPAIGNS = 10;
const PHASES = ["list", "segments", "import"] as const;
type Phase = (typeof PHASES)[number];
const args = process.argv.slice(2);
for (const a of args)
  if (!PHASES.includes(a as Phase)) throw new Error(`unknown phase ${a} (${PHASES.join(", ")})`);
const phases = new Set<Phase>(args.length ? (args as Phase[]) : PHASES);

const DATABASE_URL =
  process.env.BENCH_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/connectly_bench_contacts";
if (!/^postgres(ql)?:\/\/[^/]*(127\.0\.0\.1|localhost)[:/]/.test(DATABASE_URL))
  throw new Error("BENCH_DATABASE_URL must be on loopback");

const log = (line: string) => console.log(`[bench:contacts] ${line}`);
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const loadavg = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(" ");
// Deterministic pseudo-random numbers in [0, 1) per row.
const U = (salt: number, col = "i") => `((hashint4(${col} # ${salt}) & 2147483647) / 2147483648.0)`;
/** Contact i's phone (UK mobile), in SQL and in JS. */
const PHONE_SQL = (col: string) => `'+447' || lpad((400000000 + ${col} * 7)::text, 9, '0')`;
const phoneNumber = (i: number) => 400000000 + i * 7;

async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const t = performance.now();
  const value = await fn();
  return [value, performance.now() - t];
}

const SEED_SQL: [string, string][] = [
  [
    "contacts",
    `INSERT INTO "Contact" (id, name, phone, bsuid, "optedOut", attributes, "createdAt", "updatedAt")
     SELECT 'ct' || i,
       (ARRAY['Ana','Bruno','Carla','Diego','Eva','Farah','Gus','Hana','Ivo','Jun'])[1 + i % 10] || ' ' ||
         (ARRAY['Lima','Silva','Okafor','Nguyen','Smith','Kowalski','Haddad','Tanaka','Moreau','Rossi','Costa','Berg'])[1 + (i / 10) % 12] || ' ' || i,
       ${PHONE_SQL("i")},
       CASE WHEN i % 3 = 0 THEN 'GB.' || md5(i::text) END,
       ${U(1)} < 0.05,
       -- typed custom fields (the attribute conditions): text, number, date, boolean on two thirds; a city on all
       jsonb_build_object('city', 'City' || (i % 997)) || CASE WHEN i % 3 = 0 THEN '{}'::jsonb ELSE jsonb_build_object(
         'tier', (ARRAY['Gold', 'Silver', 'Bronze', 'Rose gold'])[1 + (hashint4(i # 11) & 3)],
         'spend', round((${U(12)} * 500)::numeric, 2),
         'renewal', to_char(current_date - ((${U(13)} * 365)::int - 180), 'YYYY-MM-DD'),
         'vip', ${U(14)} < 0.1) END,
       now() - make_interval(secs => i * 13), now()
     FROM generate_series(1, $1::int) i`,
  ],
  [
    "conversations",
    `INSERT INTO "Conversation" (id, "contactId", status, "lastInboundAt", "lastMessageAt", "createdAt", "updatedAt")
     SELECT 'cv' || i, 'ct' || i, 'OPEN',
            CASE WHEN ${U(3)} < 0.8 THEN now() - (${U(4)} * 90 || ' days')::interval END, now(), now(), now()
     FROM generate_series(1, $1::int) i WHERE ${U(2)} < 0.6`,
  ],
  [
    "labels",
    `INSERT INTO "Label" (id, name, "nameKey", color, "createdAt", "updatedAt")
     SELECT 'lb' || k, 'Label ' || k, 'label ' || k, 'sky', now(), now() FROM generate_series(1, 10) k`,
  ],
  [
    "contact labels",
    `INSERT INTO "ContactLabel" ("contactId", "labelId")
     SELECT 'ct' || i, 'lb' || (1 + (hashint4(i # 5) & 2147483647) % 10) FROM generate_series(1, $1::int) i WHERE ${U(6)} < 0.3`,
  ],
  [
    "conversation labels",
    `INSERT INTO "ConversationLabel" ("conversationId", "labelId")
     SELECT c.id, 'lb' || (1 + (hashint4(hashtext(c.id)) & 2147483647) % 10) FROM "Conversation" c
     WHERE (hashint4(hashtext(c.id) # 7) & 2147483647) / 2147483648.0 < 0.15`,
  ],
];

// One campaign's recipients: contacts (offset + j) mod CONTACTS, so campaigns overlap. Outcomes: 5 % failed, 10 %
// sent, 30 % delivered, 55 % read; of the read, 10 % quoted the send (repliedAt) and 20 % clicked.
const RECIPIENTS_SQL = `
INSERT INTO "CampaignRecipient" (id, "campaignId", address, phone, "contactId", variables, state, "stateRank",
  "acceptedAt", "sentAt", "deliveredAt", "readAt", "failedAt", "repliedAt", "clickedAt", "buttonClicks")
SELECT md5($1 || j)::uuid::text, $1, ${PHONE_SQL("x.i")}, ${PHONE_SQL("x.i")}, 'ct' || x.i, '{}'::jsonb,
       o.state::"CampaignRecipientState", o.rank,
       CASE WHEN o.state <> 'FAILED' THEN x.sent END,
       CASE WHEN o.state <> 'FAILED' THEN x.sent + interval '2 seconds' END,
       CASE WHEN o.state IN ('DELIVERED', 'READ') THEN x.sent + interval '1 minute' END,
       CASE WHEN o.state = 'READ' THEN x.sent + interval '10 minutes' END,
       CASE WHEN o.state = 'FAILED' THEN x.sent END,
       CASE WHEN o.state = 'READ' AND ${U(21, "j")} < 0.1 THEN x.sent + interval '3 hours' END,
       CASE WHEN o.state = 'READ' AND ${U(22, "j")} < 0.2 THEN x.sent + interval '20 minutes' END,
       CASE WHEN o.state = 'READ' AND ${U(22, "j")} < 0.2 THEN 1 ELSE 0 END
FROM generate_series(1, $2::int) j
CROSS JOIN LATERAL (SELECT 1 + ((j + $3::int) % $4::int) AS i, $5::timestamptz + (j % 3600 || ' seconds')::interval AS sent) x
CROSS JOIN LATERAL (SELECT CASE WHEN ${U(20, "j")} < 0.05 THEN 'FAILED' WHEN ${U(20, "j")} < 0.15 THEN 'SENT'
                                 WHEN ${U(20, "j")} < 0.45 THEN 'DELIVERED' ELSE 'READ' END AS state) s
CROSS JOIN LATERAL (SELECT s.state, CASE s.state WHEN 'FAILED' THEN 3 WHEN 'SENT' THEN 2 WHEN 'DELIVERED' THEN 4 ELSE 5 END AS rank) o`;

// Answers: a text from 8 % of a campaign's recipients who have a conversation, 1 to 120 hours after the send.
const ANSWERS_SQL = `
INSERT INTO "Message" (id, "conversationId", direction, kind, text, content, "createdAt")
SELECT 'm' || md5(r.id), c.id, 'INBOUND', 'text', 'thanks', '{"text":"thanks"}'::jsonb,
       r."sentAt" + ((1 + (hashint4(r.seq) & 2147483647) % 120) || ' hours')::interval
FROM "CampaignRecipient" r JOIN "Conversation" c ON c."contactId" = r."contactId"
WHERE r."campaignId" = $1 AND r."sentAt" IS NOT NULL AND (hashint4(r.seq # 31) & 2147483647) / 2147483648.0 < 0.08`;

async function seeded(client: pg.Client): Promise<boolean> {
  const found = await client.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM pg_tables WHERE tablename = 'Contact'`,
  );
  if (!found.rows[0]?.n) return false;
  const rows = await client.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM "Campaign" WHERE id LIKE 'bench-c%'`,
  );
  return rows.rows[0]?.n === CAMPAIGNS;
}

async function seed(client: pg.Client, seedMs: Record<string, number>) {
  for (const [what, sql] of SEED_SQL) {
    const [res, ms] = await timed(() => client.query(sql, sql.includes("$1") ? [CONTACTS] : []));
    seedMs[what] = ms;
    log(`seeded ${fmtInt(res.rowCount ?? 0)} ${what} in ${seconds(ms)}`);
  }
  // Recipients and messages go in without triggers (analytics rollups, segment answer times): the rollups are not
  // what this bench measures, and the answer times are backfilled below in one statement.
  await client.query(`SET session_replication_role = replica`);
  const perCampaign = Math.ceil(RECIPIENTS / CAMPAIGNS);
  for (let k = 1; k <= CAMPAIGNS; k++) {
    const id = `bench-c${k}`;
    const sentAt = new Date(Date.now() - (40 - k * 3) * 86_400_000);
    await client.query(
      `INSERT INTO "Campaign" (id, name, "upstreamName", status, "templateName", "templateLanguage", "createdAt", "updatedAt")
       VALUES ($1, $2, $1, 'COMPLETED', 'bench', 'en', now(), now())`,
      [id, `Bench campaign ${k}`],
    );
    const [res, ms] = await timed(() =>
      client.query(RECIPIENTS_SQL, [id, perCampaign, k * 17_011, CONTACTS, sentAt]),
    );
    const [answers, answersMs] = await timed(() => client.query(ANSWERS_SQL, [id]));
    seedMs[`recipients ${id}`] = ms;
    log(
      `seeded ${fmtInt(res.rowCount ?? 0)} recipients of ${id} in ${seconds(ms)}, ${fmtInt(answers.rowCount ?? 0)} answers in ${seconds(answersMs)}`,
    );
  }
  await client.query(`SET session_replication_role = origin`);
  // What the triggers would have kept: the segment answer times, then the per-contact engagement sums (which read
  // them), by the backfills of their migrations.
  const migrations = path.join(root, "prisma", "migrations");
  const backfillOf = (suffix: string) => {
    const dir = readdirSync(migrations).find((d) => d.endsWith(suffix));
    return readFileSync(path.join(migrations, dir!, "migration.sql"), "utf8").split(/^-- Backfill.*$/m)[1]!;
  };
  const [answered, backfillMs] = await timed(() => client.query(backfillOf("_segment_first_answer")));
  seedMs["first answers"] = backfillMs;
  log(`backfilled ${fmtInt(answered.rowCount ?? 0)} first answers in ${seconds(backfillMs)}`);
  const [summed, summedMs] = await timed(() => client.query(backfillOf("_contact_engagement")));
  seedMs["engagement sums"] = summedMs;
  const sums = Array.isArray(summed) ? summed.at(-1) : summed;
  log(`backfilled ${fmtInt(sums?.rowCount ?? 0)} contact engagement sums in ${seconds(summedMs)}`);
  const [, analyzeMs] = await timed(() => client.query("VACUUM ANALYZE"));
  log(`VACUUM ANALYZE in ${seconds(analyzeMs)}`);
}

type Row = [string, LatencySummary, string?, string?];

async function sample(
  name: string,
  n: number,
  run: (i: number) => Promise<unknown>,
): Promise<LatencySummary> {
  for (let i = 0; i < 3; i++) await run(i); // warm-up
  const times: number[] = [];
  for (let i = 0; i < n; i++) times.push((await timed(() => run(i)))[1]);
  const s = summarize(times);
  log(`${name}: p50 ${fmtMs(s.p50)} p95 ${fmtMs(s.p95)} ms`);
  return s;
}

const wanted = (name: string) => !ONLY || name.toLowerCase().includes(ONLY);

async function benchList(): Promise<Row[]> {
  const { listContacts, encodeCursor } = await import("../lib/contacts/list-contacts");
  const { db } = await import("../lib/db");
  // A cursor about 100 pages deep, taken from a real page.
  const deepRow = await db.$queryRaw<{ id: string; createdAt: Date }[]>`
    SELECT id, "createdAt" FROM "Contact" ORDER BY "createdAt" DESC, id DESC OFFSET 5000 LIMIT 1`;
  const deepCursor = encodeCursor(deepRow[0]!);
  const somePhone = (i: number) => phoneNumber(1 + ((i * 7919) % CONTACTS));
  const cases: [string, (i: number) => Promise<unknown>][] = [
    ["list, first page", () => listContacts({ limit: 50 })],
    ["list, page 100 (cursor)", () => listContacts({ limit: 50, cursor: deepCursor })],
    ["list, opted out only", () => listContacts({ limit: 50, optedOut: true })],
    ["search name (common: 'ana')", () => listContacts({ limit: 50, q: "ana" })],
    ["search name (rare: 'okafor 12')", (i) => listContacts({ limit: 50, q: `okafor ${12 + (i % 50)}` })],
    ["search phone E.164", (i) => listContacts({ limit: 50, q: `+447${somePhone(i)}` })],
    [
      "search phone national (07…)",
      (i) =>
        listContacts({
          limit: 50,
          q: `07${String(somePhone(i)).slice(0, 3)} ${String(somePhone(i)).slice(3)}`,
        }),
    ],
    [
      "search BSUID (part of one)",
      (i) =>
        listContacts({
          limit: 50,
          q: createHash("md5")
            .update(String(3 * (1 + ((i * 7919) % Math.floor(CONTACTS / 3)))))
            .digest("hex")
            .slice(4, 16),
        }),
    ],
    ["search attribute value ('City42')", (i) => listContacts({ limit: 50, q: `City${100 + (i % 800)}` })],
    ["search no match", (i) => listContacts({ limit: 50, q: `zzqx${i}` })],
  ];
  const rows: Row[] = [];
  for (const [name, run] of cases) if (wanted(name)) rows.push([name, await sample(name, SAMPLES, run)]);
  return rows;
}

async function benchSegments(): Promise<Row[]> {
  const { countSegment, withSegmentWorkMem } = await import("../lib/segments/count-segment");
  const { segmentFilterSchema } = await import("../lib/segments/schemas");
  const { compileSegment } = await import("../lib/segments/compile-segment");
  const g = (op: "and" | "or", ...items: unknown[]) =>
    segmentFilterSchema.parse({ kind: "group", op, items });
  const one = (item: unknown) => g("and", item);
  const daysAgo = (d: number) => new Date(Date.now() - d * 86_400_000).toISOString().slice(0, 10);
  const c = (k: number) => `bench-c${k}`;
  const filters: [string, ReturnType<typeof g>][] = [
    ["everyone (empty group)", g("and")],
    ["label (contact or conversation)", one({ kind: "label", labelId: "lb1" })],
    ["label: lacks", one({ kind: "label", labelId: "lb1", has: false })],
    ["opted out", one({ kind: "optedOut", value: true })],
    ["campaign 5: was sent", one({ kind: "campaign", campaignId: c(5), engagement: "received" })],
    [
      "campaign 5: delivered not read",
      one({ kind: "campaign", campaignId: c(5), engagement: "delivered_not_read" }),
    ],
    ["campaign 5: read", one({ kind: "campaign", campaignId: c(5), engagement: "read" })],
    [
      "campaign 3: read not replied",
      one({ kind: "campaign", campaignId: c(3), engagement: "read_not_replied" }),
    ],
    ["campaign 3: replied (72 h)", one({ kind: "campaign", campaignId: c(3), engagement: "replied" })],
    [
      "campaign 3: not replied (72 h)",
      one({ kind: "campaign", campaignId: c(3), engagement: "not_replied" }),
    ],
    ["campaign 5: clicked", one({ kind: "campaign", campaignId: c(5), engagement: "clicked" })],
    ["campaign 5: not clicked", one({ kind: "campaign", campaignId: c(5), engagement: "not_clicked" })],
    [
      "campaign 5: read not clicked",
      one({ kind: "campaign", campaignId: c(5), engagement: "read_not_clicked" }),
    ],
    ["any campaign: was sent", one({ kind: "campaign", engagement: "received" })],
    ["any campaign: read", one({ kind: "campaign", engagement: "read" })],
    ["any campaign: replied (72 h)", one({ kind: "campaign", engagement: "replied", withinHours: 72 })],
    ["any campaign: not replied (72 h)", one({ kind: "campaign", engagement: "not_replied" })],
    [
      "any campaign: read not replied (24 h)",
      one({ kind: "campaign", engagement: "read_not_replied", withinHours: 24 }),
    ],
    ["any campaign: clicked", one({ kind: "campaign", engagement: "clicked" })],
    ["any campaign: delivered not read", one({ kind: "campaign", engagement: "delivered_not_read" })],
    ["never wrote AND not opted out", g("and", { kind: "neverWrote" }, { kind: "optedOut", value: false })],
    ["last inbound after 30 days ago", one({ kind: "lastInbound", op: "after", date: daysAgo(30) })],
    ["last inbound before 60 days ago", one({ kind: "lastInbound", op: "before", date: daysAgo(60) })],
    [
      "field: tier equals 'gold'",
      one({ kind: "attribute", key: "tier", type: "TEXT", op: "equals", value: "gold" }),
    ],
    [
      "field: tier contains 'gold' AND spend > 250",
      g(
        "and",
        { kind: "attribute", key: "tier", type: "TEXT", op: "contains", value: "gold" },
        { kind: "attribute", key: "spend", type: "NUMBER", op: "gt", value: 250 },
      ),
    ],
    [
      "field: renewal within 30 days OR vip",
      g(
        "or",
        { kind: "attribute", key: "renewal", type: "DATE", op: "within", days: 30 },
        { kind: "attribute", key: "vip", type: "BOOLEAN", op: "is", value: true },
      ),
    ],
    [
      "field: renewal before a day",
      one({ kind: "attribute", key: "renewal", type: "DATE", op: "before", value: daysAgo(90) }),
    ],
    [
      "not opted out AND (label 1 OR label 2) AND did not reply to campaign 1",
      g(
        "and",
        { kind: "optedOut", value: false },
        {
          kind: "group",
          op: "or",
          items: [
            { kind: "label", labelId: "lb1" },
            { kind: "label", labelId: "lb2" },
          ],
        },
        { kind: "campaign", campaignId: c(1), engagement: "not_replied" },
      ),
    ],
    [
      "OR: read campaign 2 OR replied any OR label 3",
      g(
        "or",
        { kind: "campaign", campaignId: c(2), engagement: "read" },
        { kind: "campaign", engagement: "replied" },
        { kind: "label", labelId: "lb3" },
      ),
    ],
    [
      "AND: vip AND read any AND NOT (clicked campaign 4 OR never wrote)",
      g(
        "and",
        { kind: "attribute", key: "vip", type: "BOOLEAN", op: "is", value: true },
        { kind: "campaign", engagement: "read" },
        { kind: "label", labelId: "lb4", has: false },
        {
          kind: "group",
          op: "or",
          items: [{ kind: "campaign", campaignId: c(4), engagement: "not_clicked" }, { kind: "neverWrote" }],
        },
      ),
    ],
  ];
  const rows: Row[] = [];
  for (const [name, filter] of filters) {
    if (!wanted(name)) continue;
    const { matching } = await countSegment(filter);
    const s = await sample(name, ITERATIONS, () => countSegment(filter));
    // The count query's own execution time, less distorted by a loaded machine than the wall clock above.
    const where = compileSegment(filter);
    const [plan] = await withSegmentWorkMem(
      (tx) => tx.$queryRaw<{ "QUERY PLAN": [{ "Execution Time": number }] }[]>`
        EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) SELECT count(*)::int, count(*) FILTER (WHERE ct."optedOut")::int
        FROM "Contact" ct WHERE ${where}`,
    );
    const explainMs = plan!["QUERY PLAN"][0]["Execution Time"];
    if (EXPLAIN) {
      const text = await withSegmentWorkMem(
        (tx) => tx.$queryRaw<{ "QUERY PLAN": string }[]>`
          EXPLAIN (ANALYZE, BUFFERS) SELECT count(*)::int, count(*) FILTER (WHERE ct."optedOut")::int
          FROM "Contact" ct WHERE ${where}`,
      );
      console.log(`${name}:\n${text.map((r) => r["QUERY PLAN"]).join("\n")}\n`);
    }
    rows.push([name, s, fmtInt(matching), fmtMs(explainMs)]);
  }
  return rows;
}

async function benchImport(client: pg.Client): Promise<string[][]> {
  const { db } = await import("../lib/db");
  const { importCsvAudience } = await import("../lib/campaigns/import-csv-audience");
  const { TemplateStore, seedTemplates } = await import("../lib/connectly/simulator/templates");
  const store = new TemplateStore();
  seedTemplates(store, Date.now());
  const components = store.find("appointment_reminder", "en_US")?.templateComponents;
  if (!components) throw new Error("the simulator has no appointment_reminder template");
  const cleanUp = async () => {
    await client.query(`DELETE FROM "Campaign" WHERE id LIKE 'bench-import-%'`);
    await client.query(`DELETE FROM "Contact" WHERE id NOT LIKE 'ct%'`);
  };
  await cleanUp();

  // Even rows: an existing contact (UK); odd rows: a new number (US).
  const csvPath = path.join(os.tmpdir(), `connectly-bench-import-${IMPORT_ROWS}-${CONTACTS}.csv`);
  const out = createWriteStream(csvPath);
  out.write("phone,name,date,time\n");
  for (let i = 0; i < IMPORT_ROWS; i++) {
    const phone = i % 2 === 0 ? `+447${phoneNumber(1 + ((i / 2) % CONTACTS))}` : `+1415${2_000_000 + i}`;
    if (!out.write(`${phone},Customer ${i},June ${1 + (i % 28)},${9 + (i % 8)}:30\n`))
      await once(out, "drain");
  }
  out.end();
  await once(out, "finish");
  log(`import: ${fmtInt(IMPORT_ROWS)} rows, ${(readFileSync(csvPath).length / 1024 / 1024).toFixed(1)} MB`);

  const rows: string[][] = [];
  for (const run of [1, 2]) {
    const campaign = await db.campaign.create({
      data: {
        id: `bench-import-${run}`,
        name: `Bench import ${run}`,
        upstreamName: `bench-import-${run}`,
        templateName: "appointment_reminder",
        templateLanguage: "en_US",
        templateComponents: components as object[],
      },
      select: { id: true },
    });
    const contactsBefore = await db.contact.count();
    const load = loadavg();
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
    const secs = (performance.now() - started) / 1000;
    const contactsAfter = await db.contact.count();
    const linked = await db.campaignRecipient.count({
      where: { campaignId: campaign.id, contactId: { not: null } },
    });
    const line = [
      `run ${run}${run === 1 ? " (half new contacts)" : " (all contacts exist)"}`,
      secs.toFixed(1),
      fmtInt(IMPORT_ROWS / secs),
      fmtInt(summary.acceptedRows),
      fmtInt(summary.rejectedRows),
      fmtInt(contactsAfter - contactsBefore),
      fmtInt(linked),
      load,
    ];
    log(`import ${line.join(" | ")}`);
    rows.push(line);
  }
  await cleanUp();
  return rows;
}

async function main() {
  const started = performance.now();
  const loadStart = loadavg();
  log(`database ${DATABASE_URL}; phases ${[...phases].join(", ")}`);
  const seedMs: Record<string, number> = {};
  let client = new pg.Client({ connectionString: DATABASE_URL });
  let reuse = false;
  if (REUSE) {
    await createDatabaseIfMissing(DATABASE_URL);
    await client.connect();
    reuse = await seeded(client);
    if (!reuse) log("BENCH_REUSE=1 but the database is not seeded: seeding");
    await client.end();
    client = new pg.Client({ connectionString: DATABASE_URL });
  }
  if (!reuse) {
    await dropDatabase(DATABASE_URL);
    await createDatabaseIfMissing(DATABASE_URL);
  }
  migrateDeploy(DATABASE_URL); // a reused database gets new migrations (indexes) too
  process.env.DATABASE_URL = DATABASE_URL;
  await client.connect();
  if (!reuse) await seed(client, seedMs);
  const counts = (
    await client.query<{ contacts: number; recipients: number; messages: number }>(
      `SELECT (SELECT count(*) FROM "Contact")::int AS contacts, (SELECT count(*) FROM "CampaignRecipient")::int AS recipients,
              (SELECT count(*) FROM "Message")::int AS messages`,
    )
  ).rows[0]!;
  log(
    `${fmtInt(counts.contacts)} contacts, ${fmtInt(counts.recipients)} recipients, ${fmtInt(counts.messages)} messages`,
  );

  const list = phases.has("list") ? await benchList() : [];
  const segments = phases.has("segments") ? await benchSegments() : [];
  const imports = phases.has("import") ? await benchImport(client) : [];
  await client.end();
  const { db } = await import("../lib/db");
  await db.$disconnect();

  const summaryRows = (rows: Row[]) =>
    rows.map(([name, s, matching, explain]) => [
      name,
      ...(matching === undefined ? [] : [matching]),
      fmtInt(s.n),
      fmtMs(s.p50),
      fmtMs(s.p95),
      fmtMs(s.max),
      ...(explain === undefined ? [] : [explain]),
    ]);
  console.log(
    `\n${fmtInt(counts.contacts)} contacts, ${fmtInt(counts.recipients)} campaign recipients, ${fmtInt(counts.messages)} messages`,
  );
  if (list.length) {
    console.log(`\nContacts list / search (listContacts, limit 50), ms:`);
    console.log(table(["case", "n", "p50", "p95", "max"], summaryRows(list)));
  }
  if (segments.length) {
    console.log(`\nSegment counts (countSegment: count + opted out + 5 examples), ms:`);
    console.log(
      table(["filter", "matching", "n", "p50", "p95", "max", "EXPLAIN count"], summaryRows(segments)),
    );
  }
  if (imports.length) {
    console.log(`\nCSV import with contact upsert (importCsvAudience), ${fmtInt(IMPORT_ROWS)} rows:`);
    console.log(
      table(["run", "s", "rows/s", "accepted", "rejected", "new contacts", "linked", "load during"], imports),
    );
  }
  console.log(
    `\nload average ${loadStart} -> ${loadavg()} (${os.cpus().length} CPUs); total ${seconds(performance.now() - started)}`,
  );
  mkdirSync(path.join(root, "bench", "results"), { recursive: true });
  writeFileSync(
    path.join(root, "bench", "results", "contacts.json"),
    JSON.stringify(
      {
        counts,
        seedMs,
        list: Object.fromEntries(list.map(([n, s]) => [n, s])),
        segments: Object.fromEntries(
          segments.map(([n, s, m, e]) => [n, { ...s, matching: m, explainMs: e }]),
        ),
        imports,
        load: { start: loadStart, end: loadavg() },
      },
      null,
      2,
    ),
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
