import pg from "pg";
import { randomUUID } from "node:crypto";
const url = "postgresql://postgres@127.0.0.1:5432/connectly_test_load";
process.env.DATABASE_URL = url;
async function main() {
  const m = await import("./lib/campaigns/apply-campaign-status");
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  const size = Number(process.argv[2] ?? 32);
  const status = process.argv[3] ?? "DELIVERED";
  const rank = { SENT: 1, DELIVERED: 3, READ: 4 }[status]!;
  const { rows } = await c.query(`SELECT id, "campaignId" FROM "CampaignRecipient" WHERE state <> '${status}' ORDER BY random() LIMIT ${size}`);
  const params = [
    rows.map(() => randomUUID()), rows.map((r) => `bench2:${r.id}:${status}`), rows.map((r) => `up-${r.id}`), rows.map(() => status), rows.map(() => rank),
    rows.map(() => new Date().toISOString()), rows.map(() => null), rows.map(() => null), rows.map(() => null), rows.map(() => "{}"),
    rows.map((r) => r.campaignId), rows.map((r) => r.id),
  ];
  c.on("notice", (n) => console.log("NOTICE", n.message));
  await c.query("LOAD 'auto_explain'");
  await c.query("SET auto_explain.log_min_duration = 2; SET auto_explain.log_analyze = on; SET auto_explain.log_nested_statements = on; SET client_min_messages = log");
  await c.query("BEGIN");
  const r = await c.query("EXPLAIN (ANALYZE, BUFFERS) " + (m as unknown as { RECORD_AND_APPLY_SQL: string }).RECORD_AND_APPLY_SQL, params);
  console.log(r.rows.map((x) => x["QUERY PLAN"]).slice(-4).join("\n"));
  await c.query("ROLLBACK");
  await c.end();
  process.exit(0);
}
void main();
