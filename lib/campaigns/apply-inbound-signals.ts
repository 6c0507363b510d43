import "server-only";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { Prisma } from "../generated/prisma/client";
import { campaignRecipientRef } from "./callback-data";
import { markStatsDirtySql } from "./count-recipients";
import { recordOptOutChange } from "../contacts/record-opt-out-change";
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
  const optedOut = isOptOutText(input.text) ? true : isOptInText(input.text) ? false : null;
  if (optedOut !== null) {
    const changed = await tx.contact.updateMany({
      where: { id: input.contactId, optedOut: !optedOut },
      data: { optedOut },
    });
    // A consent change: in the contact's opt-out history and audited like an agent's (in this transaction); a
    // repeated STOP changes nothing and is neither.
    if (changed.count > 0) {
      const keyword = (input.text ?? "").trim().slice(0, 40);
      await recordOptOutChange(tx, {
        contactId: input.contactId,
        optedOut,
        source: "keyword",
        actorLabel: "Customer",
        reason: `wrote "${keyword}"`,
      });
      const contact = await tx.contact.findUnique({
        where: { id: input.contactId },
        select: { name: true, phone: true, bsuid: true },
      });
      await recordAuditEvent(
        {
          actorId: null,
          actorLabel: "Customer",
          action: optedOut ? "contact.opted_out_by_keyword" : "contact.opted_in_by_keyword",
          targetType: "contact",
          targetId: input.contactId,
          targetLabel: contact?.name ?? contact?.phone ?? contact?.bsuid ?? null,
          details: { keyword },
          ip: null,
          userAgent: null,
        },
        tx,
      );
    }
  }
  const ref = campaignRecipientRef(input.callbackData);
  if (!ref) return;
  const updated = await tx.$executeRaw`
    UPDATE "CampaignRecipient" SET "repliedAt" = LEAST(COALESCE("repliedAt", ${input.at}), ${input.at})
    WHERE id = ${ref.recipientId} AND "campaignId" = ${ref.campaignId}`;
  if (updated > 0) await tx.$executeRaw(markStatsDirtySql(ref.campaignId));
}
