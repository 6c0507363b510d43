import { spawn } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import pg from "pg";
import { createDatabaseIfMissing, dropDatabase } from "../scripts/lib/database";
import { migrateDeploy } from "../scripts/lib/prisma-cli";
import { fmtInt, fmtMs, summarize, table, type LatencySummary } from "./lib/stats";

// `npm run bench:segments`: segment counts (the builder's live count, the review step) at 200,000 contacts and
// 1,000,000 campaign recipients.
//   1. a fresh database (migrations)
//   2. seeded in SQL (INSERT … SELECT generate_series, deterministic hashes): contacts (5 % opted out), a
//      conversation for 60 % of them (last inbound over 90 days, 20 % never wrote), 10 labels on contacts and
//      conversations, 10 campaigns × 100,000 recipients with a realistic outcome mix, and customers' answers
//      as inbound messages (some within 72 h of the send, some later)
//   3. p50/p95 of countSegment (the service behind POST /api/segments/count) for several filters
// Prints numbers (target: each p95 < 500 ms) and writes bench/results/segments.json.
// Environment: BENCH_CONTACTS (200000), BENCH_RECIPIENTS (1000000), BENCH_ITERATIONS (50),
// BENCH_SEGMENTS_DATABASE_URL (postgresql://postgres@127.0.0.1:5432/connectly_bench_segments; dropped and recreated),
// BENCH_REUSE=1 (measure again on the database a previous run seeded, without seeding).

const root = path.resolve(__dirname, "..");
const DATABASE_URL =
  process.env.BENCH_SEGMENTS_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/connectly_bench_segments";
const CONTACTS = Number(process.env.BENCH_CONTACTS ?? 200_000);
const RECIPIENTS = Number(process.env.BENCH_RECIPIENTS ?? 1_000_000);
const ITERATIONS = Number(process.env.BENCH_ITERATIONS ?? 50);
const CAMPAIGNS = 10;
const TARGET_P95_MS = 500;
const REUSE = process.env.BENCH_REUSE === "1";

const log = (line: string) => console.log(`[bench] ${line}`);
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
// Deterministic pseudo-random numbers in [0, 1) per row.
const U = (salt: number, col = "i") => `((hashint4(${col} # ${salt}) & 2147483647) / 2147483648.0)`;

async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const t = performance.now();
  const value = await fn();
  return [value, performance.now() - t];
}

const SEED_SQL: [string, string][] = [
  [
    "contacts",
    `INSERT INTO "Contact" (id, phone, name, "optedOut", "createdAt", "updatedAt", attributes)
     SELECT 'ct' || i, '+1555' || lpad(i::text, 7, '0'), 'Customer ' || i, ${U(1)} < 0.05, now() - (i || ' seconds')::interval, now(),
       -- typed custom fields (the attribute conditions): text, number, date, boolean; a third have none
       CASE WHEN i % 3 = 0 THEN '{}'::jsonb ELSE jsonb_build_object(
         'tier', (ARRAY['Gold', 'Silver', 'Bronze', 'Rose gold'])[1 + (hashint4(i # 11) & 3)],
         'spend', round((${U(12)} * 500)::numeric, 2),
         'renewal', to_char(current_date - ((${U(13)} * 365)::int - 180), 'YYYY-MM-DD'),
         'vip', ${U(14)} < 0.1) END
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

// One campaign's recipients: contacts (offset + j) mod CONTACTS, so campaigns overlap.
const RECIPIENTS_SQL = `
INSERT INTO "CampaignRecipient" (id, "campaignId", address, phone, "contactId", variables, state, "stateRank",
  "acceptedAt", "sentAt", "deliveredAt", "readAt", "failedAt", "repliedAt")
SELECT md5($1 || j)::uuid::text, $1, '+1555' || lpad(x.i::text, 7, '0'), '+1555' || lpad(x.i::text, 7, '0'), 'ct' || x.i, '{}'::jsonb,
       o.state::"CampaignRecipientState", o.rank,
       CASE WHEN o.state <> 'FAILED' THEN x.sent END,
       CASE WHEN o.state <> 'FAILED' THEN x.sent + interval '2 seconds' END,
       CASE WHEN o.state IN ('DELIVERED', 'READ') THEN x.sent + interval '1 minute' END,
       CASE WHEN o.state = 'READ' THEN x.sent + interval '10 minutes' END,
       CASE WHEN o.state = 'FAILED' THEN x.sent END,
       CASE WHEN o.state = 'READ' AND ${U(21, "j")} < 0.1 THEN x.sent + interval '3 hours' END
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

async function main() {
  const started = performance.now();
  const loadStart = os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(" / ");
  log(
    `database ${DATABASE_URL.replace(/:\/\/([^:@/]+):[^@/]+@/, "://$1:***@")} (${REUSE ? "reused" : "dropped and recreated"})`,
  );
  if (!REUSE) {
    await dropDatabase(DATABASE_URL);
    await createDatabaseIfMissing(DATABASE_URL);
    migrateDeploy(DATABASE_URL);
  }
  process.env.DATABASE_URL = DATABASE_URL;

  const client = new pg.Client({ connectionString: DATABASE_URL });
  await client.connect();
  const seedMs: Record<string, number> = {};
  const campaignIds = Array.from({ length: CAMPAIGNS }, (_, k) => `bench-c${k + 1}`);
  if (!REUSE) await seed(client, seedMs);

  await measure(client, campaignIds, seedMs, started, loadStart);
}

async function seed(client: pg.Client, seedMs: Record<string, number>) {
  for (const [what, sql] of SEED_SQL) {
    const [res, ms] = await timed(() => client.query(sql, sql.includes("$1") ? [CONTACTS] : []));
    seedMs[what] = ms;
    log(`seeded ${fmtInt(res.rowCount ?? 0)} ${what} in ${seconds(ms)}`);
  }
  // The analytics triggers are not what this bench measures: recipients and messages go in without them.
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
  const [, analyzeMs] = await timed(() => client.query("ANALYZE"));
  log(`ANALYZE in ${seconds(analyzeMs)}`);
}

async function measure(
  client: pg.Client,
  campaignIds: string[],
  seedMs: Record<string, number>,
  started: number,
  loadStart: string,
) {
  const { countSegment } = await import("../lib/segments/count-segment");
  const { segmentFilterSchema } = await import("../lib/segments/schemas");
  const { db } = await import("../lib/db");
  const g = (op: "and" | "or", ...items: unknown[]) =>
    segmentFilterSchema.parse({ kind: "group", op, items });
  const since = new Date(Date.now() - 30 * 86_400_000).toISOString().slice(0, 10);
  const filters: [string, ReturnType<typeof g>][] = [
    ["label (contact or conversation)", g("and", { kind: "label", labelId: "lb1" })],
    [
      "delivered but not read in campaign 5",
      g("and", { kind: "campaign", campaignId: campaignIds[4], engagement: "delivered_not_read" }),
    ],
    [
      "read but did not reply, campaign 3",
      g("and", { kind: "campaign", campaignId: campaignIds[2], engagement: "read_not_replied" }),
    ],
    [
      "replied within 72 h, any campaign",
      g("and", { kind: "campaign", engagement: "replied", withinHours: 72 }),
    ],
    ["never wrote AND not opted out", g("and", { kind: "neverWrote" }, { kind: "optedOut", value: false })],
    ["last inbound after 30 days ago", g("and", { kind: "lastInbound", op: "after", date: since })],
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
        { kind: "campaign", campaignId: campaignIds[0], engagement: "not_replied" },
      ),
    ],
  ];

  const rows: string[][] = [];
  const summaries: Record<string, LatencySummary & { matching: number }> = {};
  for (const [name, filter] of filters) {
    const first = await countSegment(filter); // warm-up (and the count printed)
    const samples: number[] = [];
    for (let i = 0; i < ITERATIONS; i++) samples.push((await timed(() => countSegment(filter)))[1]);
    const s = summarize(samples);
    summaries[name] = { ...s, matching: first.matching };
    rows.push([
      name,
      fmtInt(first.matching),
      fmtMs(s.p50),
      fmtMs(s.p95),
      fmtMs(s.max),
      s.p95 < TARGET_P95_MS ? "ok" : "OVER",
    ]);
    log(`${name}: ${fmtInt(first.matching)} contacts, p50 ${fmtMs(s.p50)} p95 ${fmtMs(s.p95)}`);
  }
  await db.$disconnect();
  const counts = (
    await client.query<{ contacts: number; recipients: number; messages: number }>(
      `SELECT (SELECT count(*) FROM "Contact")::int AS contacts, (SELECT count(*) FROM "CampaignRecipient")::int AS recipients,
            (SELECT count(*) FROM "Message")::int AS messages`,
    )
  ).rows[0];
  await client.end();

  console.log(
    `\nSegment counts (countSegment: count + opted-out + 5 examples), ${ITERATIONS} runs each, ` +
      `${fmtInt(counts?.contacts ?? 0)} contacts, ${fmtInt(counts?.recipients ?? 0)} recipients, ${fmtInt(counts?.messages ?? 0)} inbound messages`,
  );
  console.log(table(["filter", "matching", "p50", "p95", "max", `p95 < ${TARGET_P95_MS} ms`], rows));
  const loadEnd = os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(" / ");
  console.log(
    `\nload average ${loadStart} -> ${loadEnd} (${os.cpus().length} CPUs); total ${seconds(performance.now() - started)}`,
  );
  mkdirSync(path.join(root, "bench", "results"), { recursive: true });
  writeFileSync(
    path.join(root, "bench", "results", "segments.json"),
    JSON.stringify(
      {
        contacts: counts?.contacts,
        recipients: counts?.recipients,
        messages: counts?.messages,
        iterations: ITERATIONS,
        seedMs,
        filters: summaries,
      },
      null,
      2,
    ),
  );
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
