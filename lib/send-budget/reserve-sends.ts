import "server-only";
import { getConnectlySettings } from "../settings/get-connectly-settings";
import { book, type Priority } from "./bucket";
import { withBuckets } from "./budget-store";
import { campaignKey, endpointKey, senderKey, type SendEndpointKind } from "./limits";

export type SendSlots = {
  /** Sends granted (0: a campaign must wait `retryInMs` and ask again). */
  count: number;
  /** This process's clock: the first send may go then, the others `spacingMs` apart. */
  startMs: number;
  spacingMs: number;
  retryInMs: number;
  /** This process's clock when the budget was read: slots before it were unused time the budget let go early. */
  bookedAtMs: number;
};

// This process's clock minus the database's. Each answer bounds it from above (it arrives after the clock was
// read); the smallest recent bound is the closest. Translating with the arrival time instead would shift every
// slot of a slow answer later, onto slots other processes send in. The bound may creep up 1 ms a second (drift).
let clockOffset: { value: number; at: number } | null = null;
function translate(dbNowMs: number): number {
  const now = Date.now();
  const sample = now - dbNowMs;
  const previous = clockOffset === null ? Infinity : clockOffset.value + (now - clockOffset.at) / 1000;
  clockOffset = { value: Math.min(sample, previous), at: now };
  return clockOffset.value;
}

/**
 * Takes `count` tokens from every bucket the send draws from: the business's send endpoint, the sender
 * number, and (for a campaign) the campaign's own pace. Inbox sends go first (see bucket.ts).
 */
export async function reserveSends(input: {
  endpoint: SendEndpointKind;
  sender: string | null;
  campaign?: { id: string; ratePerSecond: number };
  count: number;
  priority: Priority;
}): Promise<SendSlots> {
  const { businessId } = await getConnectlySettings();
  const keys = [endpointKey(businessId, input.endpoint), senderKey(input.sender)];
  if (input.campaign) keys.push(campaignKey(input.campaign.id, input.campaign.ratePerSecond));
  const { result, dbNowMs } = await withBuckets(keys, (states, nowMs) => {
    const booking = book(
      states,
      keys.map((k) => k.limit),
      input.count,
      input.priority,
      nowMs,
    );
    return { states: booking.next, result: booking };
  });
  // The database's clock, translated to this process's.
  const offset = translate(dbNowMs);
  return {
    count: result.count,
    startMs: result.startMs + offset,
    spacingMs: result.spacingMs,
    retryInMs: result.retryInMs,
    bookedAtMs: dbNowMs + offset,
  };
}
