import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createCampaign } from "../../lib/campaigns/create-campaign";
import { importCsvAudience } from "../../lib/campaigns/import-csv-audience";
import { launchCampaign } from "../../lib/campaigns/launch-campaign";
import { updateCampaign } from "../../lib/campaigns/update-campaign";
import { db } from "../../lib/db";
import { sendSessionMessageSchema, sendTemplateMessageSchema } from "../../lib/messaging/schemas";
import { sendSessionMessage } from "../../lib/messaging/send-session-message";
import { sendTemplateMessage } from "../../lib/messaging/send-template-message";
import { startSimulator, type RunningSimulator } from "../../lib/connectly/simulator/server";
import {
  csvStream,
  recipientIdOf,
  REMINDER_MAPPING,
  reminderCsv,
  resetCampaignTables,
  simSent,
  testPhone,
  waitFor,
} from "./campaign-helpers";

// One send budget for the whole business: three campaign workers, each a real process (scripts/worker.ts), and
// inbox sends from this process share Connectly's 200 requests/s against the strict simulator (which enforces
// it). Measured at the simulator: every request it received, accepted or refused, per one-second window.
// The simulator posts no webhooks here (the budget is about the sends; ~5,000 status webhooks into this process
// would only slow the measurement down on a busy machine).

const root = path.resolve(__dirname, "../..");
const RECIPIENTS = 1000;
// Tolerance over 200 in a one-second window: the budget lets an idle bucket start 50 ms early (10 requests) and a
// send may go up to 30 ms after its slot (later, a worker books a new slot instead of catching up in a burst:
// campaign-worker.ts, LATE_MS); 10 % covers both.
const TOLERANCE = 1.1;
let simulator: RunningSimulator;
const children: ChildProcess[] = [];

function startWorkerProcess(name: string): ChildProcess {
  const child = spawn(
    process.execPath,
    ["--conditions=react-server", "--import", "tsx", "scripts/worker.ts"],
    {
      cwd: root,
      env: { ...process.env, CAMPAIGN_WORKER_ID: name },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  child.stderr?.on("data", (d: Buffer) => process.stderr.write(`[${name}] ${d.toString()}`));
  child.stdout?.on("data", (d: Buffer) => process.stdout.write(`[${name}] ${d.toString()}`));
  children.push(child);
  return child;
}

type Logged = { receivedAt: string; endpoint: string };

async function upstreamLog(): Promise<{ accepted: Logged[]; refused: (Logged & { httpStatus: number })[] }> {
  const res = await fetch(`${simulator.url}/sim/sent`);
  const { requests, rejected } = (await res.json()) as {
    requests: Logged[];
    rejected: (Logged & { httpStatus: number })[];
  };
  return { accepted: requests, refused: rejected };
}

function maxInAnySecond(times: number[]): number {
  const sorted = [...times].sort((a, b) => a - b);
  let max = 0;
  for (let i = 0, j = 0; i < sorted.length; i++) {
    while (sorted[i]! - sorted[j]! >= 1000) j++;
    max = Math.max(max, i - j + 1);
  }
  return max;
}

beforeAll(async () => {
  await resetCampaignTables();
  simulator = await startSimulator({
    port: Number(process.env.TEST_SIMULATOR_PORT),
    profile: "strict",
    statusDelayMs: 50,
  });
});

afterAll(async () => {
  for (const child of children)
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
  await Promise.all(
    children.map((c) => (c.exitCode === null ? new Promise((r) => c.once("exit", r)) : null)),
  );
  await simulator.close();
});

it("three worker processes and inbox sends stay within 200 requests/s together; the inbox is not starved", async () => {
  const testStart = new Date();
  const phones = Array.from({ length: RECIPIENTS }, (_, i) => testPhone(i, 10));
  const { id: campaignId } = await createCampaign({ name: "Shared budget" }, null);
  await updateCampaign(campaignId, {
    templateName: "appointment_reminder",
    language: "en_US",
    ratePerSecond: 1000,
  });
  await importCsvAudience(
    campaignId,
    { delimiter: ",", addressColumn: "phone", defaultCountry: null, variables: REMINDER_MAPPING },
    csvStream(reminderCsv(phones)),
  );
  // A customer who wrote in, for session replies (strict: channelType is required, and the app sends it): known to
  // the simulator through /sim/inbound, and to the app as a conversation with an open window.
  const customer = "+447700900770";
  await fetch(`${simulator.url}/sim/inbound`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ from: customer, text: "hello", name: "Inbox Customer" }),
  });
  const conversation = await db.conversation.create({
    data: { lastInboundAt: new Date(), contact: { create: { phone: customer, name: "Inbox Customer" } } },
  });

  for (const name of ["budget-worker-1", "budget-worker-2", "budget-worker-3"]) startWorkerProcess(name);
  await launchCampaign(campaignId, {});
  // Three processes start (tsx compiles each): generous on a busy machine.
  // Polls the count only: the full log is large, and serialising it would take CPU from the simulator.
  const acceptedTotal = async () =>
    ((await (await fetch(`${simulator.url}/sim/sent?limit=0`)).json()) as { total: number }).total;
  await waitFor("the campaign to start sending", async () => (await acceptedTotal()) >= 200, 90_000, 250);

  // Inbox traffic while the campaign saturates the budget: template sends (the campaign's endpoint) and replies.
  const latencies: number[] = [];
  let campaignSentMidway = 0;
  for (let i = 0; i < 16; i++) {
    const started = Date.now();
    if (i % 2 === 0) {
      await sendTemplateMessage(
        sendTemplateMessageSchema.parse({
          to: testPhone(5000 + i, 20),
          templateName: "appointment_reminder",
          language: "en_US",
          parameters: [
            { name: "header_text", value: "Dr. Rivera" },
            { name: "body_1", value: "Ana" },
            { name: "body_2", value: "June 3" },
            { name: "body_3", value: "10:30" },
          ],
        }),
        null,
      );
    } else {
      await sendSessionMessage(
        sendSessionMessageSchema.parse({ conversationId: conversation.id, message: { text: `Reply ${i}` } }),
        null,
      );
    }
    latencies.push(Date.now() - started);
    if (i === 2) campaignSentMidway = (await simSent(simulator, campaignId)).length;
    await new Promise((r) => setTimeout(r, 150));
  }
  expect(campaignSentMidway).toBeLessThan(RECIPIENTS); // the inbox sends really overlapped the campaign

  await waitFor(
    "the campaign to complete",
    async () => (await db.campaign.findUnique({ where: { id: campaignId } }))?.status === "COMPLETED",
    60_000,
    200,
  );

  const states = await db.campaignRecipient.groupBy({
    by: ["state", "errorCode"],
    where: { campaignId },
    _count: { _all: true },
  });
  expect(states.map((g) => `${g.state} ${g.errorCode ?? ""}`.trim())).toEqual(["SENT"]);
  const sent = await simSent(simulator, campaignId);
  const ids = sent.map(recipientIdOf);
  expect(ids).toHaveLength(RECIPIENTS);
  expect(new Set(ids).size).toBe(RECIPIENTS); // 0 duplicates
  const byWorker = await db.campaignRecipient.groupBy({
    by: ["workerId"],
    where: { campaignId },
    _count: { _all: true },
  });
  expect(byWorker.length).toBe(3); // all three processes sent a share

  // The limit is per send endpoint: the campaign and the inbox's template sends share one, replies the other.
  const { accepted, refused } = await upstreamLog();
  const all = [...accepted, ...refused];
  const templateTimes = all.filter((r) => r.endpoint === "template").map((r) => Date.parse(r.receivedAt));
  const peak = maxInAnySecond(templateTimes);
  const refusedRate = refused.filter((r) => r.httpStatus === 429).length / all.length;
  const sorted = [...latencies].sort((a, b) => a - b);
  console.log(
    `[send-budget] upstream peak ${peak} requests in one second (limit 200, tolerance ${Math.round((TOLERANCE - 1) * 100)} %), ` +
      `${refused.length} refused of ${all.length} (${(refusedRate * 100).toFixed(1)} %), ` +
      `inbox send latency median ${sorted[Math.floor(sorted.length / 2)]} ms, max ${sorted.at(-1)} ms`,
  );
  expect(peak).toBeLessThanOrEqual(200 * TOLERANCE);
  expect(refusedRate).toBeLessThan(0.05);
  // Not starved: each inbox send took its token ahead of the campaign (a whole send, database work included,
  // stays well under the time the campaign's queue would take to drain).
  expect(sorted.at(-1)).toBeLessThan(3000);
  const inboxMessages = await db.message.count({
    where: { direction: "OUTBOUND", createdAt: { gte: testStart } },
  });
  expect(inboxMessages).toBe(16);
  expect(
    await db.message.count({
      where: { direction: "OUTBOUND", createdAt: { gte: testStart }, status: "FAILED" },
    }),
  ).toBe(0);
}, 240_000);
