import { afterAll, beforeAll, it } from "vitest";
import { createCampaign } from "../../lib/campaigns/create-campaign";
import { importCsvAudience } from "../../lib/campaigns/import-csv-audience";
import { launchCampaign } from "../../lib/campaigns/launch-campaign";
import { updateCampaign } from "../../lib/campaigns/update-campaign";
import {
  csvStream,
  recipientIdOf,
  REMINDER_MAPPING,
  reminderCsv,
  resetCampaignTables,
  simSent,
  startHarness,
  testPhone,
  type Harness,
} from "./campaign-helpers";
import { expectCrashSafe } from "./worker-crash";

// A template campaign's worker killed with SIGKILL mid-campaign and restarted (the scenario: worker-crash.ts): a
// recipient whose request may have been in flight is settled by the webhook carrying its callbackData.

let harness: Harness;

beforeAll(async () => {
  await resetCampaignTables();
  harness = await startHarness({ statusDelayMs: 20 });
});

afterAll(async () => {
  await harness.close();
});

it("a worker killed with SIGKILL mid-campaign and restarted sends nobody twice, and never resends an attempted recipient", async () => {
  const phones = Array.from({ length: 1000 }, (_, i) => testPhone(i, i % 10 === 3 ? 94 : 10));
  const { id: campaignId } = await createCampaign({ name: "Crash test" }, null);
  await updateCampaign(campaignId, {
    templateName: "appointment_reminder",
    language: "en_US",
    ratePerSecond: 500,
  });
  await importCsvAudience(
    campaignId,
    { delimiter: ",", addressColumn: "phone", defaultCountry: null, variables: REMINDER_MAPPING },
    csvStream(reminderCsv(phones)),
  );
  await launchCampaign(campaignId, {});
  await expectCrashSafe(harness, campaignId, async () =>
    (await simSent(harness.simulator, campaignId)).map(recipientIdOf),
  );
}, 150_000);
