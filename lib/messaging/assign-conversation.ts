import "server-only";
import { AppError } from "../app-error";
import { can } from "../auth/roles";
import { db } from "../db";
import { notifyUsers } from "../notifications/notify-users";
import { notifyInbox } from "./notify-inbox";
import { getConversation, type ConversationDto } from "./read-models";
import type { AssignConversationInput } from "./schemas";

/**
 * Gives a conversation to an agent (or to nobody). The assignee must be active and allowed to reply; the change is
 * written to the thread as activity and pushed to every open inbox in the same transaction.
 */
export async function assignConversation(
  conversationId: string,
  input: AssignConversationInput,
  actor: { id: string; name: string },
): Promise<ConversationDto> {
  const assignee = input.assigneeId
    ? await db.user.findUnique({
        where: { id: input.assigneeId },
        select: { id: true, name: true, role: true, active: true },
      })
    : null;
  if (input.assigneeId && (!assignee || !assignee.active)) {
    throw new AppError("VALIDATION_FAILED", "Invalid request body: assigneeId: no active user has this id", {
      issues: [{ path: "assigneeId", message: "no active user has this id" }],
    });
  }
  if (assignee && !can(assignee.role, "inbox:reply")) {
    throw new AppError(
      "VALIDATION_FAILED",
      `Invalid request body: assigneeId: ${assignee.name} cannot reply to customers, so cannot own a conversation`,
      {
        issues: [{ path: "assigneeId", message: "this user's role cannot reply to customers" }],
      },
    );
  }
  await db.$transaction(async (tx) => {
    const current = await tx.conversation.findUnique({
      where: { id: conversationId },
      select: { assigneeId: true },
    });
    if (!current) throw new AppError("NOT_FOUND", "This conversation does not exist.");
    if (current.assigneeId === (assignee?.id ?? null)) return; // nothing changes: no activity line, no event
    await tx.conversation.update({
      where: { id: conversationId },
      data: { assigneeId: assignee?.id ?? null },
      select: { id: true },
    });
    const body = !assignee
      ? `${actor.name} unassigned this conversation`
      : assignee.id === actor.id
        ? `${actor.name} took this conversation`
        : `${actor.name} assigned this conversation to ${assignee.name}`;
    await tx.conversationNote.create({
      data: { conversationId, kind: "ACTIVITY", body, authorId: actor.id },
      select: { id: true },
    });
    await notifyInbox(tx, { type: "conversation.updated", conversationId, change: "assignee" });
    // Taking a conversation yourself is not news to you.
    if (assignee && assignee.id !== actor.id) {
      await notifyUsers(tx, {
        recipientIds: [assignee.id],
        kind: "ASSIGNED",
        conversationId,
        actorName: actor.name,
        body: `${actor.name} assigned you a conversation`,
      });
    }
  });
  return getConversation(conversationId);
}
