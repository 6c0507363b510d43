import { afterAll, beforeAll, expect, it } from "vitest";
import { db } from "../../lib/db";
import { createCampaign } from "../../lib/campaigns/create-campaign";
import { startCampaignWorker, type CampaignWorker } from "../../lib/campaigns/engine/campaign-worker";
import { importCsvAudience } from "../../lib/campaigns/import-csv-audience";
import { launchCampaign } from "../../lib/campaigns/launch-campaign";
import { updateCampaign } from "../../lib/campaigns/update-campaign";
import { csvStream, recipientIdOf, REMINDER_MAPPING, reminderCsv, resetCampaignTables, simRejected, simSent, startHarness, testPhone, waitFor, type Harness } from "./campaign-helpers";

// Connectly answering 429 (the simulator's documented limit, here 5/s: low enough to be hit even on a busy machine) to a campaign paced faster than that,
// and a campaign scheduled a moment ahead.

let harness: Harness;
let worker: CampaignWorker;

beforeAll(async () => {
  await resetCampaignTables();
  harness = await startHarness({ statusDelayMs: 20, rateLimitPerSecond: 5 });
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
  const id = await draft("Too fast", 50, 200, 0);
  await launchCampaign(id, {});
  await waitFor("completion", async () => (await db.campaign.findUniqueOrThrow({ where: { id } })).status === "COMPLETED", 50_000);

  const res = await fetch(`${harness.simulator.url}/sim/sent?limit=0`);
  const { rejectedTotal } = (await res.json()) as { rejectedTotal: number };
  expect(rejectedTotal).toBeGreaterThan(0); // 429s happened
  const sent = await simSent(harness.simulator, id);
  expect(sent).toHaveLength(50);
  expect(new Set(sent.map(recipientIdOf)).size).toBe(50);
  const states = await db.campaignRecipient.groupBy({ by: ["state"], where: { campaignId: id }, _count: { _all: true } });
  expect(states.filter((s) => s.state === "FAILED" || s.state === "UNKNOWN")).toEqual([]);

  // The backoff, measured: after its k-th 429 (k from 0) a recipient is tried again no sooner than
  // 250 ms * 2^k * 0.75 (the engine's backoff with its -25 % jitter), as Connectly saw the two requests.
  const rejected = await simRejected(harness.simulator, id);
  expect(rejected.length).toBeGreaterThan(0);
  expect(rejected.every((r) => r.httpStatus === 429)).toBe(true);
  const attempts = new Map<string, { at: number; status: number }[]>();
  for (const r of [...rejected.map((x) => ({ ...x, status: 429 })), ...sent.map((x) => ({ ...x, status: 200 }))]) {
    const list = attempts.get(recipientIdOf(r)) ?? [];
    list.push({ at: Date.parse(r.receivedAt), status: r.status });
    attempts.set(recipientIdOf(r), list);
  }
  const delays: { k: number; ms: number }[] = [];
  for (const list of attempts.values()) {
    list.sort((a, b) => a.at - b.at);
    list.forEach((a, i) => {
      if (a.status === 429 && list[i + 1]) delays.push({ k: i, ms: list[i + 1]!.at - a.at });
    });
  }
  expect(delays.length).toBe(rejected.length); // every 429 was followed by a retry of the same recipient
  const tooSoon = delays.filter((d) => d.ms < 250 * 2 ** Math.min(d.k, 7) * 0.75);
  const first = delays.filter((d) => d.k === 0).map((d) => d.ms).sort((a, b) => a - b);
  console.log(
    `backoff after a first 429: min ${first[0]} ms, median ${first[Math.floor(first.length / 2)]} ms over ${first.length} (429s in all: ${delays.length})`,
  );
  expect(tooSoon.map((d) => `retry ${d.k + 1} after ${d.ms} ms`), "retries sooner than the backoff").toEqual([]);
}, 60_000);

it("starts a scheduled campaign when its time comes", async () => {
  const id = await draft("Later", 5, 10, 1000);
  const launched = await launchCampaign(id, { scheduledAt: new Date(Date.now() + 1500).toISOString() });
  expect(launched.status).toBe("SCHEDULED");
  await new Promise((r) => setTimeout(r, 700));
  expect(await simSent(harness.simulator, id)).toHaveLength(0);
  await waitFor("completion", async () => (await db.campaign.findUniqueOrThrow({ where: { id } })).status === "COMPLETED", 8000);
  expect(await simSent(harness.simulator, id)).toHaveLength(5);
});
