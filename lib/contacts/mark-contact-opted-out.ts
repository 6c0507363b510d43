import "server-only";
import { recordAuditEvent } from "../audit/record-audit-event";
import { db } from "../db";
import { withConflictRetry } from "../db-retry";
import { notifyInbox } from "../messaging/notify-inbox";
import { recordOptOutChange } from "./record-opt-out-change";
import { upsertContact } from "./upsert-contact";

// Connectly telling us a customer opted out (ERROR_CODE_MESSAGE_CUSTOMER_OPTED_OUT), whether at send time (4xx)
// or later (a delivery_failed webhook), marks the contact opted out: campaigns skip it from then on. Audited as
// done by the system; an agent can switch it back in the contact panel (also audited).

export type OptOutTarget = {
  contactId?: string | null;
  phone?: string | null;
  bsuid?: string | null;
  /** The campaign send Connectly refused (its callbackData): the recipient's own phone/BSUID are used. */
  campaignRecipientId?: string | null;
  /** The message or campaign send Connectly refused: finds the contact when the identity is not at hand. */
  upstreamId?: string | null;
};

export type OptOutOrigin = {
  /** send / webhook: an ERROR_CODE_MESSAGE_CUSTOMER_OPTED_OUT; report: a campaign report's opt_out_at (§8.5). */
  via: "send" | "webhook" | "report";
  code: string;
  upstreamId?: string | null;
  campaignId?: string | null;
  /** Leave the contact alone when someone re-subscribed it after this time (a late report must not undo that). */
  notIfResubscribedAfter?: Date | null;
};

async function identityOf(
  target: OptOutTarget,
): Promise<{ contactId: string | null; phone: string | null; bsuid: string | null }> {
  if (target.campaignRecipientId) {
    const recipient = await db.campaignRecipient.findUnique({
      where: { id: target.campaignRecipientId },
      select: { contactId: true, phone: true, bsuid: true },
    });
    if (recipient && (recipient.contactId || recipient.phone || recipient.bsuid)) return recipient;
  }
  if (target.contactId || target.phone || target.bsuid || !target.upstreamId) {
    return { contactId: target.contactId ?? null, phone: target.phone ?? null, bsuid: target.bsuid ?? null };
  }
  const message = await db.message.findUnique({
    where: { upstreamId: target.upstreamId },
    select: { conversation: { select: { contactId: true } } },
  });
  if (message) return { contactId: message.conversation.contactId, phone: null, bsuid: null };
  const recipient = await db.campaignRecipient.findUnique({
    where: { upstreamId: target.upstreamId },
    select: { contactId: true, phone: true, bsuid: true },
  });
  return {
    contactId: recipient?.contactId ?? null,
    phone: recipient?.phone ?? null,
    bsuid: recipient?.bsuid ?? null,
  };
}

/** True when the contact was switched to opted out now; false when it already was, or no contact can be found. */
export async function markContactOptedOut(target: OptOutTarget, origin: OptOutOrigin): Promise<boolean> {
  const identity = await identityOf(target);
  if (!identity.contactId && !identity.phone && !identity.bsuid) return false;
  return withConflictRetry(() =>
    db.$transaction(async (tx) => {
      const contact = identity.contactId
        ? await tx.contact.findUnique({
            where: { id: identity.contactId },
            select: { id: true, optedOut: true, phone: true, bsuid: true, name: true },
          })
        : await upsertContact(tx, { phone: identity.phone, bsuid: identity.bsuid, name: null });
      if (!contact || contact.optedOut) return false;
      if (origin.notIfResubscribedAfter) {
        const later = await tx.contactOptOutEvent.findFirst({
          where: { contactId: contact.id, optedOut: false, at: { gt: origin.notIfResubscribedAfter } },
          select: { id: true },
        });
        if (later) return false;
      }
      // Only the first report flips it: concurrent failures for one customer audit once.
      const changed = await tx.contact.updateMany({
        where: { id: contact.id, optedOut: false },
        data: { optedOut: true },
      });
      if (changed.count === 0) return false;
      await recordAuditEvent(
        {
          actorId: null,
          actorLabel: "Connectly",
          action: "contact.opted_out_by_connectly",
          targetType: "contact",
          targetId: contact.id,
          targetLabel: contact.name ?? contact.phone ?? contact.bsuid,
          details: {
            via: origin.via,
            code: origin.code,
            upstreamId: origin.upstreamId ?? null,
            campaignId: origin.campaignId ?? null,
          },
        },
        tx,
      );
      await recordOptOutChange(tx, {
        contactId: contact.id,
        optedOut: true,
        source: origin.via === "report" ? "campaign report" : "connectly",
        actorLabel: "Connectly",
        reason: origin.code,
      });
      const conversation = await tx.conversation.findUnique({
        where: { contactId: contact.id },
        select: { id: true },
      });
      if (conversation)
        await notifyInbox(tx, {
          type: "conversation.updated",
          conversationId: conversation.id,
          change: "contact",
        });
      return true;
    }),
  );
}
