import "server-only";
import { AppError } from "../app-error";
import { recordAuditEvent } from "../audit/record-audit-event";
import { db } from "../db";
import { notifyInbox } from "../messaging/notify-inbox";
import type { UpdateContactInput } from "../messaging/schemas";
import { recordOptOutChange } from "./record-opt-out-change";

/**
 * Agent edits from the contact panel or the contact's profile: the display name (blank clears it, so the phone
 * shows again) and the opt-out flag (campaigns skip opted-out contacts). A change of the opt-out flag is a consent
 * decision: it is audited, kept in the contact's opt-out history and shown in the thread as an activity line, in
 * the same transaction; re-subscribing carries the agent's reason. Pushed to every open inbox.
 */
export async function updateContact(
  conversationId: string,
  input: UpdateContactInput,
  actor: { id: string; name: string },
) {
  const conversation = await db.conversation.findUnique({
    where: { id: conversationId },
    select: { contactId: true },
  });
  if (!conversation) throw new AppError("NOT_FOUND", "This conversation does not exist.");
  return updateContactById(conversation.contactId, input, actor);
}

export async function updateContactById(
  contactId: string,
  input: UpdateContactInput,
  actor: { id: string; name: string },
) {
  return db.$transaction(async (tx) => {
    const before = await tx.contact.findUnique({
      where: { id: contactId },
      select: { optedOut: true, conversation: { select: { id: true } } },
    });
    if (!before) throw new AppError("NOT_FOUND", "This contact does not exist.");
    const conversationId = before.conversation?.id ?? null;
    const contact = await tx.contact.update({
      where: { id: contactId },
      data: {
        // Clearing the name hands it back to the WhatsApp profile name of the next message.
        ...(input.name !== undefined
          ? { name: input.name ? input.name : null, nameSetByAgent: Boolean(input.name) }
          : {}),
        ...(input.optedOut !== undefined ? { optedOut: input.optedOut } : {}),
      },
      select: { id: true, name: true, phone: true, bsuid: true, optedOut: true },
    });
    if (input.optedOut !== undefined && input.optedOut !== before.optedOut) {
      const reason = input.optedOut ? null : (input.reason ?? null);
      await recordAuditEvent(
        {
          actorId: actor.id,
          action: input.optedOut ? "contact.opted_out" : "contact.resubscribed",
          targetType: "contact",
          targetId: contact.id,
          targetLabel: contact.name ?? contact.phone ?? contact.bsuid,
          details: { ...(conversationId && { conversationId }), ...(reason && { reason }) },
        },
        tx,
      );
      await recordOptOutChange(tx, {
        contactId,
        optedOut: input.optedOut,
        source: "agent",
        actorId: actor.id,
        actorLabel: actor.name,
        reason,
      });
      if (conversationId) {
        const body = input.optedOut
          ? `${actor.name} opted this customer out of campaigns`
          : `${actor.name} re-subscribed this customer to campaigns. Reason: ${reason ?? ""}`;
        await tx.conversationNote.create({
          data: { conversationId, kind: "ACTIVITY", body, authorId: actor.id },
          select: { id: true },
        });
      }
    }
    if (conversationId)
      await notifyInbox(tx, { type: "conversation.updated", conversationId, change: "contact" });
    return contact;
  });
}
