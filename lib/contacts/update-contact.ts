import "server-only";
import { AppError } from "../api/errors";
import { recordAuditEvent } from "../audit/record-audit-event";
import { db } from "../db";
import { notifyInbox } from "../messaging/notify-inbox";
import type { UpdateContactInput } from "../messaging/schemas";

/**
 * Agent edits from the contact panel: the display name (blank clears it, so the phone shows again) and the opt-out
 * flag (campaigns skip opted-out contacts). A change of the opt-out flag is a consent decision: it is audited and
 * shown in the thread as an activity line, in the same transaction; re-subscribing carries the agent's reason.
 * Pushed to every open inbox.
 */
export async function updateContact(
  conversationId: string,
  input: UpdateContactInput,
  actor: { id: string; name: string },
) {
  return db.$transaction(async (tx) => {
    const conversation = await tx.conversation.findUnique({
      where: { id: conversationId },
      select: { contactId: true, contact: { select: { optedOut: true } } },
    });
    if (!conversation) throw new AppError("NOT_FOUND", "This conversation does not exist.");
    const contact = await tx.contact.update({
      where: { id: conversation.contactId },
      data: {
        // Clearing the name hands it back to the WhatsApp profile name of the next message.
        ...(input.name !== undefined ? { name: input.name ? input.name : null, nameSetByAgent: Boolean(input.name) } : {}),
        ...(input.optedOut !== undefined ? { optedOut: input.optedOut } : {}),
      },
      select: { id: true, name: true, phone: true, bsuid: true, optedOut: true },
    });
    const was = conversation.contact.optedOut;
    if (input.optedOut !== undefined && input.optedOut !== was) {
      const reason = input.optedOut ? null : (input.reason ?? null);
      await recordAuditEvent(
        {
          actorId: actor.id,
          action: input.optedOut ? "contact.opted_out" : "contact.resubscribed",
          targetType: "contact",
          targetId: contact.id,
          targetLabel: contact.name ?? contact.phone ?? contact.bsuid,
          details: { conversationId, ...(reason && { reason }) },
        },
        tx,
      );
      const body = input.optedOut
        ? `${actor.name} opted this customer out of campaigns`
        : `${actor.name} re-subscribed this customer to campaigns. Reason: ${reason ?? ""}`;
      await tx.conversationNote.create({ data: { conversationId, kind: "ACTIVITY", body, authorId: actor.id }, select: { id: true } });
    }
    await notifyInbox(tx, { type: "conversation.updated", conversationId, change: "contact" });
    return contact;
  });
}
