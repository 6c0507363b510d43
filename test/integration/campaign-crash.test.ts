import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { db } from "../../lib/db";
import { createCampaign } from "../../lib/campaigns/create-campaign";
import { importCsvAudience } from "../../lib/campaigns/import-csv-audience";
import { launchCampaign } from "../../lib/campaigns/launch-campaign";
import { updateCampaign } from "../../lib/campaigns/update-campaign";
import {
  csvStream,
  expectedState,
  recipientIdOf,
  REMINDER_MAPPING,
  reminderCsv,
  resetCampaignTables,
  simSent,
  startHarness,
  testPhone,
  waitFor,
  webhooksIdle,
  type Harness,
} from "./campaign-helpers";

// The worker as a real process (scripts/worker.ts), killed with SIGKILL mid-campaign and started again. No
// recipient may be sent twice; a recipient whose request may have been in flight is not resent blindly: the
// webhook carrying its callbackData settles it, and one that never reached the simulator stays UNKNOWN.

const root = path.resolve(__dirname, "../..");
let harness: Harness;
const children: ChildProcess[] = [];

function startWorkerProcess(name: string): ChildProcess {
  const child = spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", "scripts/worker.ts"], {
    cwd: root,
    env: {
      ...process.env,
      CAMPAIGN_WORKER_ID: name,
      // Short, so the restarted worker settles the dead one's claims quickly.
      CAMPAIGN_WORKER_STALE_MS: "1500",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stderr?.on("data", (d: Buffer) => process.stderr.write(`[${name}] ${d.toString()}`));
  children.push(child);
  return child;
}

beforeAll(async () => {
  await resetCampaignTables();
  harness = await startHarness({ statusDelayMs: 20 });
});

afterAll(async () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  await harness.close();
});

it("a worker killed with SIGKILL mid-campaign and restarted sends nobody twice", async () => {
  const phones = Array.from({ length: 1000 }, (_, i) => testPhone(i, i % 10 === 3 ? 94 : 10));
  const { id: campaignId } = await createCampaign({ name: "Crash test" }, null);
  await updateCampaign(campaignId, { templateName: "appointment_reminder", language: "en_US", ratePerSecond: 500 });
  await importCsvAudience(
    campaignId,
    { delimiter: ",", addressColumn: "phone", defaultCountry: null, variables: REMINDER_MAPPING },
    csvStream(reminderCsv(phones)),
  );
  await launchCampaign(campaignId, {});

  const first = startWorkerProcess("crash-worker-1");
  // The strict simulator's 200 requests/s (and the send budget) cap the pace at 200/s, and the process has to start.
  await waitFor("the first worker to send some", async () => (await simSent(harness.simulator, campaignId)).length >= 300, 30_000, 100);
  first.kill("SIGKILL");
  await new Promise((r) => first.once("exit", r));
  const sentAtKill = (await simSent(harness.simulator, campaignId)).length;
  expect(sentAtKill).toBeLessThan(1000);

  startWorkerProcess("crash-worker-2");
  await waitFor("the campaign to complete", async () => (await db.campaign.findUnique({ where: { id: campaignId } }))?.status === "COMPLETED", 20_000);
  await waitFor("webhooks to drain", () => webhooksIdle(harness.simulator), 10_000);


  const sent = await simSent(harness.simulator, campaignId);
  const sentIds = sent.map(recipientIdOf);
  expect(new Set(sentIds).size).toBe(sentIds.length); // nobody twice

  const recipients = await db.campaignRecipient.findMany({ where: { campaignId } });
  const sentSet = new Set(sentIds);
  expect(recipients.filter((r) => r.state === "PENDING" || r.state === "SENDING")).toEqual([]);
  // Everything that reached the simulator ends in the state its webhooks dictate, including the ones the
  // killed worker never recorded (settled through callbackData).
  const wrong = recipients.filter((r) => sentSet.has(r.id) && r.state !== expectedState(r.phone ?? "").state);
  expect(wrong.map((r) => `${r.phone} ${r.state}`)).toEqual([]);
  // What did not reach it is UNKNOWN (attempted when the worker died), never silently dropped or resent.
  const notSent = recipients.filter((r) => !sentSet.has(r.id));
  expect(notSent.every((r) => r.state === "UNKNOWN" && r.errorCode === "WORKER_INTERRUPTED")).toBe(true);
  expect(sent.length + notSent.length).toBe(1000);
  // Both processes sent a share.
  expect(new Set(recipients.map((r) => r.workerId)).size).toBe(2);

}, 75_000);
