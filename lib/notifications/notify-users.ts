import "server-only";
import type { Prisma } from "../generated/prisma/client";
import { notifyInbox } from "../messaging/notify-inbox";

type Tx = Pick<Prisma.TransactionClient, "notification" | "$executeRaw">;

/**
 * Stores one notification per recipient and pushes it, in the caller's transaction, to the recipient's open tabs
 * only (the event stream filters on `recipientId`). Whether a desktop notification appears is the recipient's
 * preference, applied by their browser; the stored one is always kept (the Account page lists them).
 */
export async function notifyUsers(
  tx: Tx,
  input: {
    recipientIds: string[];
    kind: "MENTION" | "ASSIGNED" | "RULE";
    conversationId: string;
    noteId?: string;
    actorName: string;
    body: string;
  },
): Promise<void> {
  for (const userId of new Set(input.recipientIds)) {
    const row = await tx.notification.create({
      data: {
        userId,
        kind: input.kind,
        conversationId: input.conversationId,
        noteId: input.noteId,
        actorName: input.actorName,
        body: input.body,
      },
      select: { id: true },
    });
    await notifyInbox(tx, {
      type: "notification.created",
      conversationId: input.conversationId,
      recipientId: userId,
      notificationId: row.id,
      kind: input.kind,
      body: input.body,
    });
  }
}
