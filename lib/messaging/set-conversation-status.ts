import "server-only";
import { AppError } from "../app-error";
import { requestCsat } from "../automation/request-csat";
import { runInBackground } from "../automation/send-automated-message";
import { db } from "../db";
import { notifyInbox } from "./notify-inbox";
import { getConversation, type ConversationDto } from "./read-models";
import type { SetConversationStatusInput } from "./schemas";

const VERB = {
  OPEN: "reopened",
  PENDING: "marked this conversation pending",
  RESOLVED: "resolved this conversation",
} as const;

/**
 * Open / Pending / Resolved. A customer message reopens a resolved conversation by itself (record-inbound-message).
 * Resolving starts the CSAT survey when it is on (lib/automation/request-csat.ts), after the change commits.
 */
export async function setConversationStatus(
  conversationId: string,
  input: SetConversationStatusInput,
  actor: { id: string; name: string },
): Promise<ConversationDto> {
  const changed = await db.$transaction(async (tx) => {
    const current = await tx.conversation.findUnique({
      where: { id: conversationId },
      select: { status: true },
    });
    if (!current) throw new AppError("NOT_FOUND", "This conversation does not exist.");
    if (current.status === input.status) return false;
    await tx.conversation.update({
      where: { id: conversationId },
      data: { status: input.status },
      select: { id: true },
    });
    const body =
      input.status === "OPEN"
        ? `${actor.name} reopened this conversation`
        : `${actor.name} ${VERB[input.status]}`;
    await tx.conversationNote.create({
      data: { conversationId, kind: "ACTIVITY", body, authorId: actor.id },
      select: { id: true },
    });
    await notifyInbox(tx, { type: "conversation.updated", conversationId, change: "status" });
    return true;
  });
  if (changed && input.status === "RESOLVED") runInBackground("csat", () => requestCsat(conversationId));
  return getConversation(conversationId);
}
