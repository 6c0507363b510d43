import "server-only";
import type { Prisma } from "../generated/prisma/client";
import { campaignRecipientRef } from "./callback-data";
import { markStatsDirtySql } from "./count-recipients";
import { isOptInText, isOptOutText } from "./opt-out";

/**
 * What an inbound message means for campaigns, inside the inbound transaction: an opt-out keyword (STOP,
 * BAJA, PARAR...) suppresses the contact from later campaigns, an opt-in keyword (START) lifts it, and a
 * reply that quotes a campaign message (its callbackData is echoed, contract §5.6) marks that recipient
 * as having replied.
 */
export async function applyInboundCampaignSignals(
  tx: Prisma.TransactionClient,
  input: { contactId: string; text: string | null; callbackData: unknown; at: Date },
): Promise<void> {
  if (isOptOutText(input.text)) {
    await tx.contact.updateMany({ where: { id: input.contactId, optedOut: false }, data: { optedOut: true } });
  } else if (isOptInText(input.text)) {
    await tx.contact.updateMany({ where: { id: input.contactId, optedOut: true }, data: { optedOut: false } });
  }
  const ref = campaignRecipientRef(input.callbackData);
  if (!ref) return;
  const updated = await tx.$executeRaw`
    UPDATE "CampaignRecipient" SET "repliedAt" = LEAST(COALESCE("repliedAt", ${input.at}), ${input.at})
    WHERE id = ${ref.recipientId} AND "campaignId" = ${ref.campaignId}`;
  if (updated > 0) await tx.$executeRaw(markStatsDirtySql(ref.campaignId));
}
