import { expect, it } from "vitest";
import { db } from "../../lib/db";
import { createCampaign } from "../../lib/campaigns/create-campaign";
import { startCampaignWorker } from "../../lib/campaigns/engine/campaign-worker";
import { importCsvAudience } from "../../lib/campaigns/import-csv-audience";
import { launchCampaign } from "../../lib/campaigns/launch-campaign";
import { updateCampaign } from "../../lib/campaigns/update-campaign";
import {
  busiestSecond,
  csvStream,
  REMINDER_MAPPING,
  reminderCsv,
  campaignSuite,
  simSent,
  testPhone,
  waitFor,
} from "./campaign-helpers";

// The configured rate is a ceiling at every moment, not only on average: two workers sharing one sender, and no
// one-second window (as Connectly received the requests) above the rate by more than 10 %.

const { harness, workers } = campaignSuite({ statusDelayMs: 20 });

it("two workers keep one campaign at its rate in every one-second window", async () => {
  const rate = 25; // low enough that even a busy machine could send faster if the pace allowed it
  const { id } = await createCampaign({ name: "Pacing" }, null);
  await updateCampaign(id, { templateName: "appointment_reminder", language: "en_US", ratePerSecond: rate });
  const phones = Array.from({ length: 150 }, (_, i) => testPhone(i, 10));
  await importCsvAudience(
    id,
    { delimiter: ",", addressColumn: "phone", defaultCountry: null, variables: REMINDER_MAPPING },
    csvStream(reminderCsv(phones)),
  );
  await launchCampaign(id, {});
  workers.push(
    await startCampaignWorker({ id: "pace-a", staleMs: 5000 }),
    await startCampaignWorker({ id: "pace-b", staleMs: 5000 }),
  );
  await waitFor(
    "completion",
    async () => (await db.campaign.findUniqueOrThrow({ where: { id } })).status === "COMPLETED",
    40_000,
  );

  const sent = await simSent(harness.simulator, id);
  expect(sent).toHaveLength(150);
  const times = sent.map((r) => Date.parse(r.receivedAt));
  const busiest = busiestSecond(times);
  const span = (Math.max(...times) - Math.min(...times)) / 1000;
  console.log(
    `pacing: 150 sends at ${rate}/s over ${span.toFixed(2)} s; busiest one-second window ${busiest}`,
  );
  expect(busiest, `sends in the busiest one-second window at a configured ${rate}/s`).toBeLessThanOrEqual(
    rate * 1.1,
  );
}, 60_000);
