// The callbackData every campaign send carries (contract §5.6): Connectly echoes it on each delivery-status
// event and on replies that quote the message, which ties them back to one campaign recipient without a
// lookup by message id (the id may never have been stored if the worker died mid-request).

export type CampaignRecipientRef = { campaignId: string; recipientId: string };

const KIND = "campaign";
const ID = /^[A-Za-z0-9_-]{1,64}$/;

export function campaignCallbackData(ref: CampaignRecipientRef) {
  return { kind: KIND, campaignId: ref.campaignId, recipientId: ref.recipientId };
}

/** The recipient a webhook's callbackData points at, or null when it is not one of ours. */
export function campaignRecipientRef(callbackData: unknown): CampaignRecipientRef | null {
  if (typeof callbackData !== "object" || callbackData === null || Array.isArray(callbackData)) return null;
  const data = callbackData as Record<string, unknown>;
  if (data.kind !== KIND) return null;
  const { campaignId, recipientId } = data;
  if (typeof campaignId !== "string" || typeof recipientId !== "string") return null;
  if (!ID.test(campaignId) || !ID.test(recipientId)) return null;
  return { campaignId, recipientId };
}
