import { afterAll, beforeAll, expect, it } from "vitest";
import { db } from "../../lib/db";
import { createCampaign } from "../../lib/campaigns/create-campaign";
import { startCampaignWorker, type CampaignWorker } from "../../lib/campaigns/engine/campaign-worker";
import { importCsvAudience } from "../../lib/campaigns/import-csv-audience";
import { launchCampaign } from "../../lib/campaigns/launch-campaign";
import { updateCampaign } from "../../lib/campaigns/update-campaign";
import { csvStream, recipientIdOf, REMINDER_MAPPING, reminderCsv, resetCampaignTables, simSent, startHarness, testPhone, waitFor, type Harness } from "./campaign-helpers";

// Connectly answering 429 (the simulator's documented limit, here 40/s) to a campaign paced faster than that,
// and a campaign scheduled a moment ahead.

let harness: Harness;
let worker: CampaignWorker;

beforeAll(async () => {
  await resetCampaignTables();
  harness = await startHarness({ statusDelayMs: 20, rateLimitPerSecond: 40 });
  worker = await startCampaignWorker({ id: "ratelimit-worker", staleMs: 5000 });
});

afterAll(async () => {
  await worker.stop();
  await harness.close();
});

async function draft(name: string, count: number, rate: number, offset: number) {
  const { id } = await createCampaign({ name }, null);
  await updateCampaign(id, { templateName: "appointment_reminder", language: "en_US", ratePerSecond: rate });
  const phones = Array.from({ length: count }, (_, i) => testPhone(offset + i, 10));
  await importCsvAudience(id, { delimiter: ",", addressColumn: "phone", defaultCountry: null, variables: REMINDER_MAPPING }, csvStream(reminderCsv(phones)));
  return id;
}

it("backs off on 429 and still sends everyone exactly once", async () => {
  const id = await draft("Too fast", 120, 200, 0);
  await launchCampaign(id, {});
  await waitFor("completion", async () => (await db.campaign.findUniqueOrThrow({ where: { id } })).status === "COMPLETED", 25_000);

  const res = await fetch(`${harness.simulator.url}/sim/sent?limit=0`);
  const { rejectedTotal } = (await res.json()) as { rejectedTotal: number };
  expect(rejectedTotal).toBeGreaterThan(0); // 429s happened
  const sent = await simSent(harness.simulator, id);
  expect(sent).toHaveLength(120);
  expect(new Set(sent.map(recipientIdOf)).size).toBe(120);
  const states = await db.campaignRecipient.groupBy({ by: ["state"], where: { campaignId: id }, _count: { _all: true } });
  expect(states.filter((s) => s.state === "FAILED" || s.state === "UNKNOWN")).toEqual([]);
}, 30_000);

it("starts a scheduled campaign when its time comes", async () => {
  const id = await draft("Later", 5, 10, 1000);
  const launched = await launchCampaign(id, { scheduledAt: new Date(Date.now() + 1500).toISOString() });
  expect(launched.status).toBe("SCHEDULED");
  await new Promise((r) => setTimeout(r, 700));
  expect(await simSent(harness.simulator, id)).toHaveLength(0);
  await waitFor("completion", async () => (await db.campaign.findUniqueOrThrow({ where: { id } })).status === "COMPLETED", 8000);
  expect(await simSent(harness.simulator, id)).toHaveLength(5);
});
