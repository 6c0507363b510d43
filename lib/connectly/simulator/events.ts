import type { ConnectlyErrorObject } from "./errors";
import type { DeliveryStatus } from "./failures";
import type { MessageRecord, WebhookParty } from "./state";

/** Unix seconds as a string, as in every webhook `timestamp` (§5.4). */
export function unixSeconds(ms: number): string {
  return String(Math.floor(ms / 1000));
}

/**
 * The customer object per §6: with a BSUID it carries `userId` and `phoneNumber`, and a phone-less
 * customer is identified by the BSUID with `phoneNumber: ""`.
 */
export function customerParty(identity: { phone?: string; bsuid?: string }, name?: string): WebhookParty {
  const party: WebhookParty = { id: identity.phone ?? identity.bsuid ?? "", channelType: "whatsapp" };
  if (name) party.name = name;
  if (identity.bsuid) {
    party.userId = identity.bsuid;
    party.phoneNumber = identity.phone ?? "";
  }
  return party;
}

export function businessParty(number: string, name: string): WebhookParty {
  return { id: number, channelType: "whatsapp", name };
}

/** §5.7 delivery-status event. */
export function deliveryStatusEvent(
  record: MessageRecord,
  status: DeliveryStatus,
  error: ConnectlyErrorObject | null,
  nowMs: number,
): Record<string, unknown> {
  const event: Record<string, unknown> = {
    topic: "delivery_status",
    timestamp: unixSeconds(nowMs),
    sender: record.sender,
    recipient: record.recipient,
    statusUpdate: {
      id: record.id,
      status,
      error,
      ...(record.campaignName ? { metadata: { campaignName: record.campaignName } } : {}),
    },
  };
  if (record.callbackData !== undefined) event.callbackData = record.callbackData;
  return event;
}
