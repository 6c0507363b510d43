import pg from "pg";
const url = "postgresql://postgres@127.0.0.1:5432/connectly_test_load";
process.env.DATABASE_URL = url;
async function main() {
  const { applyCampaignStatusEvent } = await import("./lib/campaigns/apply-campaign-status");
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  const { rows } = await c.query(`SELECT id, "campaignId" FROM "CampaignRecipient" ORDER BY id LIMIT 3000`);
  await c.query(`UPDATE "CampaignRecipient" SET state='SENDING', "stateRank"=0, "sentAt"=null, "deliveredAt"=null, "readAt"=null, "acceptedAt"=now() WHERE id = ANY($1)`, [rows.map((r) => r.id)]);
  await c.query(`DELETE FROM "WebhookEvent" WHERE "eventKey" LIKE 'bench:%'`);
  let i = 0;
  for (const status of ["sent", "delivered", "read"] as const) {
    for (const size of [1, 16, 32, 200]) {
      const batch = rows.slice(i % 2800, (i % 2800) + size); 
      const t = performance.now();
      await Promise.all(batch.map((r) => applyCampaignStatusEvent({ kind: "status", eventKey: `bench:${r.id}:${status}`, timestamp: new Date(), upstreamId: `up-${r.id}`, status, error: null, customer: {} as never, campaignName: null, callbackData: null }, { campaignId: r.campaignId, recipientId: r.id }, "{}")));
      console.log(status, size, (performance.now() - t).toFixed(1), "ms");
      i += size;
    }
  }
  await c.end();
  process.exit(0);
}
void main();
