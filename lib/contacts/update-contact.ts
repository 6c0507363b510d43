import "server-only";
import { AppError } from "../api/errors";
import { recordAuditEvent } from "../audit/record-audit-event";
import { db } from "../db";
import { notifyInbox } from "../messaging/notify-inbox";
import type { UpdateContactInput } from "../messaging/schemas";

/**
 * Agent edits from the contact panel: the display name (blank clears it, so the phone shows again) and the opt-out
 * flag (campaigns skip opted-out contacts). Pushed to every open inbox.
 */
export async function updateContact(conversationId: string, input: UpdateContactInput) {
  return db.$transaction(async (tx) => {
    const conversation = await tx.conversation.findUnique({ where: { id: conversationId }, select: { contactId: true } });
    if (!conversation) throw new AppError("NOT_FOUND", "This conversation does not exist.");
    const before = await tx.contact.findUnique({ where: { id: conversation.contactId }, select: { optedOut: true } });
    const contact = await tx.contact.update({
      where: { id: conversation.contactId },
      data: {
        // Clearing the name hands it back to the WhatsApp profile name of the next message.
        ...(input.name !== undefined ? { name: input.name ? input.name : null, nameSetByAgent: Boolean(input.name) } : {}),
        ...(input.optedOut !== undefined ? { optedOut: input.optedOut } : {}),
      },
      select: { id: true, name: true, phone: true, bsuid: true, optedOut: true },
    });
    if (before && before.optedOut !== contact.optedOut) {
      // Opt-outs may be set by Connectly's reports (mark-contact-opted-out.ts): who changed it back is on record.
      await recordAuditEvent(
        {
          action: "contact.opt_out_changed",
          targetType: "contact",
          targetId: contact.id,
          targetLabel: contact.phone ?? contact.bsuid,
          details: { optedOut: contact.optedOut },
        },
        tx,
      );
    }
    await notifyInbox(tx, { type: "conversation.updated", conversationId, change: "contact" });
    return contact;
  });
}
