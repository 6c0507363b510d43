import { expect, it } from "vitest";
import { db } from "../../lib/db";
import { createCampaign } from "../../lib/campaigns/create-campaign";
import { importCsvAudience } from "../../lib/campaigns/import-csv-audience";
import { launchCampaign } from "../../lib/campaigns/launch-campaign";
import { updateCampaign } from "../../lib/campaigns/update-campaign";
import { controlCampaign } from "../../lib/campaigns/control-campaign";
import { getCampaignDetail } from "../../lib/campaigns/read-models";
import {
  csvStream,
  recipientIdOf,
  REMINDER_MAPPING,
  reminderCsv,
  campaignSuite,
  simSent,
  testPhone,
  waitFor,
} from "./campaign-helpers";

// Connectly answering 429: the simulator's limit lowered to 40/s under a budget that believes in 200/s (the
// budget adapts), a 429 that says the channel is restricted (the campaign pauses), and a campaign scheduled a
// moment ahead.

const { harness } = campaignSuite(
  { statusDelayMs: 20, rateLimitPerSecond: 40 },
  { id: "ratelimit-worker", staleMs: 5000 },
);

async function draft(name: string, count: number, rate: number, offset: number) {
  const { id } = await createCampaign({ name }, null);
  await updateCampaign(id, { templateName: "appointment_reminder", language: "en_US", ratePerSecond: rate });
  const phones = Array.from({ length: count }, (_, i) => testPhone(offset + i, 10));
  await importCsvAudience(
    id,
    { delimiter: ",", addressColumn: "phone", defaultCountry: null, variables: REMINDER_MAPPING },
    csvStream(reminderCsv(phones)),
  );
  return id;
}

it("adapts to a 429 storm: after adaptation under 5 % refused, the campaign completes, nobody twice", async () => {
  // The simulator allows 40 requests/s, the budget believes in 200: only the 429s can teach it otherwise.
  const count = 600;
  const id = await draft("Too fast", count, 1000, 0);
  await launchCampaign(id, {});
  await waitFor(
    "completion",
    async () => (await db.campaign.findUniqueOrThrow({ where: { id } })).status === "COMPLETED",
    60_000,
    200,
  );

  const res = await fetch(`${harness.simulator.url}/sim/sent`);
  const { rejectedTotal, rejected } = (await res.json()) as {
    rejectedTotal: number;
    rejected: { receivedAt: string }[];
  };
  const sent = await simSent(harness.simulator, id);
  expect(sent).toHaveLength(count);
  expect(new Set(sent.map(recipientIdOf)).size).toBe(count); // 0 duplicates
  const states = await db.campaignRecipient.groupBy({
    by: ["state"],
    where: { campaignId: id },
    _count: { _all: true },
  });
  expect(states.filter((s) => s.state === "FAILED" || s.state === "UNKNOWN")).toEqual([]);

  const times = sent.map((r) => Date.parse(r.receivedAt)).sort((a, b) => a - b);
  const refusedTimes = rejected.map((r) => Date.parse(r.receivedAt)).sort((a, b) => a - b);
  const seconds = ((times.at(-1) ?? 0) - (times[0] ?? 0)) / 1000;
  // Adaptation: the 2 s after the first refusal (the budget halves at most every 250 ms: 200 -> 25/s takes 0.75 s,
  // plus the sends already booked or in flight). What counts is the rate of refusals after that.
  const adaptedFrom = (refusedTimes[0] ?? 0) + 2000;
  const refusedAfter = refusedTimes.filter((t) => t >= adaptedFrom).length;
  const sentAfter = times.filter((t) => t >= adaptedFrom).length;
  const share = refusedAfter / Math.max(1, refusedAfter + sentAfter);
  console.log(
    `[429 storm] ${count} sent in ${seconds.toFixed(1)} s (${(count / seconds).toFixed(0)}/s against 40/s); ` +
      `${rejectedTotal} refused in all (${((rejectedTotal / (count + rejectedTotal)) * 100).toFixed(1)} %), ` +
      `${refusedAfter} of ${refusedAfter + sentAfter} after adaptation (${(share * 100).toFixed(1)} %)`,
  );
  expect(sentAfter).toBeGreaterThan(count / 3); // most of the campaign ran adapted
  expect(share).toBeLessThan(0.05);
  // Every refusal was reported to the shared budget.
  const budget = await db.sendBudget.findFirstOrThrow({ where: { key: { startsWith: "endpoint:" } } });
  expect(budget.refusals).toBe(rejectedTotal);
}, 70_000);

it("pauses the campaign when a 429 says ERROR_CODE_BUSINESS_REACHED_LIMITS, with the reason and an audit entry", async () => {
  await fetch(`${harness.simulator.url}/sim/reset`, { method: "POST" });
  const { id } = await createCampaign({ name: "Restricted" }, null);
  await updateCampaign(id, { templateName: "appointment_reminder", language: "en_US", ratePerSecond: 5 });
  // The strict simulator answers 429 + ERROR_CODE_BUSINESS_REACHED_LIMITS for numbers ending in 83.
  const phones = [
    testPhone(3000, 10),
    testPhone(3001, 10),
    testPhone(3002, 83),
    testPhone(3003, 10),
    testPhone(3004, 10),
  ];
  await importCsvAudience(
    id,
    { delimiter: ",", addressColumn: "phone", defaultCountry: null, variables: REMINDER_MAPPING },
    csvStream(reminderCsv(phones)),
  );
  await launchCampaign(id, {});
  await waitFor(
    "the pause",
    async () => (await db.campaign.findUniqueOrThrow({ where: { id } })).status === "PAUSED",
    15_000,
  );
  await new Promise((r) => setTimeout(r, 500)); // let anything in flight settle

  const campaign = await db.campaign.findUniqueOrThrow({ where: { id } });
  expect(campaign.pausedReason).toBe("ERROR_CODE_BUSINESS_REACHED_LIMITS");
  const detail = await getCampaignDetail(id);
  expect(detail.pausedReason).toMatchObject({
    code: "ERROR_CODE_BUSINESS_REACHED_LIMITS",
    title: "Sending number restricted",
  });
  const audit = await db.auditLog.findFirst({
    where: { action: "campaign.paused_by_upstream", targetId: id },
  });
  expect(audit?.details).toMatchObject({ code: "ERROR_CODE_BUSINESS_REACHED_LIMITS" });
  // The refused recipient was not sent and waits in the queue, not FAILED; nothing after it went out.
  const restricted = await db.campaignRecipient.findFirstOrThrow({
    where: { campaignId: id, phone: phones[2] },
  });
  expect(restricted.state).toBe("PENDING");
  const sent = await simSent(harness.simulator, id);
  expect(sent.length).toBeLessThanOrEqual(2);
  // Refused once, not retried forever.
  const res = await fetch(`${harness.simulator.url}/sim/sent?limit=0`);
  expect(((await res.json()) as { rejectedTotal: number }).rejectedTotal).toBe(1);
  // A person resumes it once the restriction is lifted: the reason goes away.
  const resumed = await controlCampaign(id, { action: "resume" });
  expect(resumed.pausedReason).toBeNull();
  await controlCampaign(id, { action: "cancel" });
});

it("starts a scheduled campaign when its time comes", async () => {
  const id = await draft("Later", 5, 10, 1000);
  const launched = await launchCampaign(id, { scheduledAt: new Date(Date.now() + 1500).toISOString() });
  expect(launched.status).toBe("SCHEDULED");
  await new Promise((r) => setTimeout(r, 700));
  expect(await simSent(harness.simulator, id)).toHaveLength(0);
  await waitFor(
    "completion",
    async () => (await db.campaign.findUniqueOrThrow({ where: { id } })).status === "COMPLETED",
    8000,
  );
  expect(await simSent(harness.simulator, id)).toHaveLength(5);
});
