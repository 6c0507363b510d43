import { afterAll, beforeAll, expect } from "vitest";

// Shared by the campaign integration files: the simulator harness (from helpers.ts), CSV builders, polling helpers.

import type { CampaignWorker, CampaignWorkerOptions } from "../../lib/campaigns/engine/campaign-worker";
import type { RunningSimulator } from "../../lib/connectly/simulator/server";
import { startHarness, type Harness } from "./helpers";

export { startHarness, type Harness };

/**
 * A campaign file's setup: before its tests the campaign tables emptied and the harness started (with `worker`
 * options, one worker too); after them every worker stopped (that one and any the file pushes onto `workers`)
 * and the harness closed. `harness` and `worker` are filled in by the beforeAll, so use them in tests and hooks.
 */
export function campaignSuite(
  harnessOptions: Parameters<typeof startHarness>[0],
  workerOptions?: CampaignWorkerOptions,
): { harness: Harness; worker: CampaignWorker; workers: CampaignWorker[] } {
  const harness = {} as Harness;
  const worker = {} as CampaignWorker;
  const workers: CampaignWorker[] = [];
  beforeAll(async () => {
    await resetCampaignTables();
    Object.assign(harness, await startHarness(harnessOptions));
    if (workerOptions) {
      const { startCampaignWorker } = await import("../../lib/campaigns/engine/campaign-worker");
      workers.push(Object.assign(worker, await startCampaignWorker(workerOptions)));
    }
  });
  afterAll(async () => {
    await Promise.all(workers.map((w) => w.stop()));
    await harness.close();
  });
  return { harness, worker, workers };
}

export async function resetCampaignTables() {
  const { db } = await import("../../lib/db");
  await db.$executeRawUnsafe(
    'TRUNCATE "Campaign", "CampaignRecipient", "CampaignAudienceSource", "CampaignRejectedRow", "CampaignWorker", "SendBudget", "Contact", "WebhookEvent" CASCADE',
  );
}

/** A valid US number whose last two digits are `ending` (the simulator's failure rules key on them). */
export function testPhone(index: number, ending = 10): string {
  return `+1415${String(2_000_000 + index * 100 + ending)}`;
}

/** The simulator's outcome for a number: …91–…94 and …97 fail, …95 stops at delivered, …96 at sent, others read. */
export function expectedState(phone: string): { state: string; code?: string } {
  const ending = phone.slice(-2);
  const failures: Record<string, string> = {
    "91": "ERROR_CODE_MESSAGE_PHONE_NUMBER_INVALID",
    "92": "ERROR_CODE_MESSAGE_CUSTOMER_OPTED_OUT",
    "93": "ERROR_CODE_BUSINESS_REACHED_LIMITS",
    "94": "ERROR_CODE_UNSPECIFIED",
    "97": "131049",
  };
  if (failures[ending]) return { state: "FAILED", code: failures[ending] };
  if (ending === "95") return { state: "DELIVERED" };
  if (ending === "96") return { state: "SENT" };
  return { state: "READ" };
}

export function csvStream(text: string): ReadableStream<Uint8Array> {
  const bytes = new TextEncoder().encode(text);
  let offset = 0;
  // Small chunks, so rows and quoted cells straddle chunk boundaries as they do over the network.
  return new ReadableStream({
    pull(controller) {
      if (offset >= bytes.length) return controller.close();
      controller.enqueue(bytes.slice(offset, offset + 997));
      offset += 997;
    },
  });
}

/** appointment_reminder (en_US) takes header_text and body_1..3. */
export const REMINDER_MAPPING = {
  header_text: { kind: "fixed", value: "Dr. Rivera" },
  body_1: { kind: "column", column: "name" },
  body_2: { kind: "column", column: "date" },
  body_3: { kind: "fixed", value: "10:30" },
} as const;

export function reminderCsv(phones: string[]): string {
  return ["phone,name,date", ...phones.map((p, i) => `${p},Customer ${i},June ${1 + (i % 28)}`)].join("\n");
}

export type SentRequest = { endpoint: string; body: Record<string, unknown>; receivedAt: string };

export async function simSent(simulator: RunningSimulator, campaignId?: string): Promise<SentRequest[]> {
  const res = await fetch(`${simulator.url}/sim/sent`);
  const { requests } = (await res.json()) as { requests: SentRequest[] };
  if (!campaignId) return requests;
  return requests.filter(
    (r) => (r.body.callbackData as { campaignId?: string } | undefined)?.campaignId === campaignId,
  );
}

export function recipientIdOf(request: SentRequest): string {
  return (request.body.callbackData as { recipientId: string }).recipientId;
}

export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | null | undefined | false>,
  timeoutMs = 15_000,
  everyMs = 100,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    last = await probe();
    if (last) return last as T;
    if (Date.now() > deadline) expect.fail(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

export async function webhooksIdle(simulator: RunningSimulator): Promise<boolean> {
  const res = await fetch(`${simulator.url}/sim/webhooks?limit=0`);
  const { pending } = (await res.json()) as {
    pending: { scheduled: number; queued: number; inFlight: number; retrying: number };
  };
  return pending.scheduled + pending.queued + pending.inFlight + pending.retrying === 0;
}

/** The most requests received in any one-second window [t, t + 1 s), over the given receive times (ms). */
export function busiestSecond(times: number[]): number {
  const sorted = [...times].sort((a, b) => a - b);
  let best = 0;
  let start = 0;
  for (let end = 0; end < sorted.length; end++) {
    while (sorted[end]! - sorted[start]! >= 1000) start++;
    best = Math.max(best, end - start + 1);
  }
  return best;
}
