import { afterAll, beforeAll, it } from "vitest";
import { db } from "../../lib/db";
import { createCampaign } from "../../lib/campaigns/create-campaign";
import { importCsvAudience } from "../../lib/campaigns/import-csv-audience";
import { launchCampaign } from "../../lib/campaigns/launch-campaign";
import { updateCampaign } from "../../lib/campaigns/update-campaign";
import {
  csvStream,
  reminderCsv,
  resetCampaignTables,
  startHarness,
  testPhone,
  type Harness,
} from "./campaign-helpers";
import { expectCrashSafe } from "./worker-crash";

// campaign-crash.test.ts for a flow campaign (the scenario: worker-crash.ts), the worker sending chunked
// send/campaigns requests: no flow may be started twice for a recipient; an entry whose request may have been in
// flight is settled by the flow's statuses (attributed through the flow's name and the customer).

type FlowRequest = { endpoint: string; body: { entries: { client: string; campaignName: string }[] } };

/** Every entry the simulator accepted for this flow, in arrival order (one client = one recipient here). */
async function simClients(harness: Harness, flowName: string): Promise<string[]> {
  const res = await fetch(`${harness.simulator.url}/sim/sent`);
  const { requests } = (await res.json()) as { requests: FlowRequest[] };
  return requests
    .filter((r) => r.endpoint === "campaigns")
    .flatMap((r) => r.body.entries.filter((e) => e.campaignName === flowName).map((e) => e.client));
}

let harness: Harness;

beforeAll(async () => {
  await resetCampaignTables();
  harness = await startHarness({ statusDelayMs: 20 });
});

afterAll(async () => {
  await harness.close();
});

it("a flow-campaign worker killed with SIGKILL mid-campaign and restarted starts nobody's flow twice, and never resends an attempted entry", async () => {
  const phones = Array.from({ length: 1000 }, (_, i) => testPhone(i, i % 10 === 3 ? 94 : 10));
  const { id: campaignId } = await createCampaign({ name: "Flow crash test", kind: "FLOW" }, null);
  await updateCampaign(campaignId, {
    flowName: "welcome_flow",
    flowVariables: ["first_name"],
    ratePerSecond: 500,
  });
  await importCsvAudience(
    campaignId,
    {
      delimiter: ",",
      addressColumn: "phone",
      defaultCountry: null,
      variables: { first_name: { kind: "column", column: "name" } },
    },
    csvStream(reminderCsv(phones)),
  );
  const idOf = new Map(
    (await db.campaignRecipient.findMany({ where: { campaignId }, select: { id: true, phone: true } })).map(
      (r) => [r.phone!, r.id],
    ),
  );
  await launchCampaign(campaignId, {});
  await expectCrashSafe(
    harness,
    campaignId,
    async () => (await simClients(harness, "welcome_flow")).map((client) => idOf.get(client)!),
    { CONNECTLY_FLOW_CHUNK_SIZE: "20" },
  );
}, 150_000);
