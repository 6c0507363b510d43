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
};

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
    const booking = book(states, keys.map((k) => k.limit), input.count, input.priority, nowMs);
    return { states: booking.next, result: booking };
  });
  // The database's clock, translated to this process's.
  return { count: result.count, startMs: Date.now() + (result.startMs - dbNowMs), spacingMs: result.spacingMs, retryInMs: result.retryInMs };
}
