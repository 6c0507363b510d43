import "server-only";
import { AppError } from "../app-error";
import { recordAuditEvent } from "../audit/record-audit-event";
import { can } from "../auth/roles";
import { db } from "../db";
import { Prisma } from "../generated/prisma/client";
import { notifyInbox } from "../messaging/notify-inbox";
import { bulkChangeLabel } from "./change-labels";
import type { BulkConversationsInput } from "./schemas";

export type BulkResult = { requested: number; changed: number };

/** One activity line (by the actor) in each of these conversations' threads. */
export async function addActivityLines(
  tx: Prisma.TransactionClient,
  conversationIds: string[],
  body: string,
  authorId: string,
): Promise<void> {
  await tx.conversationNote.createMany({
    data: conversationIds.map((conversationId) => ({
      conversationId,
      kind: "ACTIVITY" as const,
      body,
      authorId,
    })),
  });
}

const STATUS_VERB = {
  OPEN: "reopened this conversation",
  PENDING: "marked this conversation pending",
  RESOLVED: "resolved this conversation",
} as const;

/**
 * One action on many selected conversations (the inbox list's checkboxes): assign (or unassign), change status,
 * add or remove a label. One transaction: conversations already in the wanted state are left alone; each changed
 * one gets its activity line (assignment and status, as when done one by one) and a live event; one audit entry
 * names the action and the conversations it changed. Ids that do not exist are ignored (counted in `requested`).
 */
export async function bulkUpdateConversations(
  input: BulkConversationsInput,
  actor: { id: string; name: string },
): Promise<BulkResult> {
  const ids = [...new Set(input.conversationIds)];
  const { action } = input;
  const assignee =
    action.type === "assign" && action.assigneeId
      ? await db.user.findUnique({
          where: { id: action.assigneeId },
          select: { id: true, name: true, role: true, active: true },
        })
      : null;
  if (
    action.type === "assign" &&
    action.assigneeId &&
    (!assignee || !assignee.active || !can(assignee.role, "inbox:reply"))
  ) {
    throw new AppError(
      "VALIDATION_FAILED",
      "Invalid request body: action.assigneeId: no active user who can reply has this id",
      {
        issues: [{ path: "action.assigneeId", message: "no active user who can reply has this id" }],
      },
    );
  }
  return db.$transaction(async (tx) => {
    let changed: string[] = [];
    let labelName: string | null = null;
    if (action.type === "assign") {
      const rows = await tx.$queryRaw<{ id: string }[]>`
        UPDATE "Conversation" SET "assigneeId" = ${assignee?.id ?? null}, "updatedAt" = now()
        WHERE id IN (${Prisma.join(ids)}) AND "assigneeId" IS DISTINCT FROM ${assignee?.id ?? null}
        RETURNING id`;
      changed = rows.map((r) => r.id);
      const body = !assignee
        ? `${actor.name} unassigned this conversation`
        : assignee.id === actor.id
          ? `${actor.name} took this conversation`
          : `${actor.name} assigned this conversation to ${assignee.name}`;
      await addActivityLines(tx, changed, body, actor.id);
    } else if (action.type === "status") {
      const rows = await tx.$queryRaw<{ id: string }[]>`
        UPDATE "Conversation" SET status = ${action.status}::"ConversationStatus", "updatedAt" = now()
        WHERE id IN (${Prisma.join(ids)}) AND status <> ${action.status}::"ConversationStatus"
        RETURNING id`;
      changed = rows.map((r) => r.id);
      const body = `${actor.name} ${STATUS_VERB[action.status]}`;
      await addActivityLines(tx, changed, body, actor.id);
    } else {
      ({ changed, labelName } = await bulkChangeLabel(tx, "conversation", action, ids));
    }
    if (changed.length > 0) {
      await recordAuditEvent(
        {
          actorId: actor.id,
          action: "conversations.bulk_updated",
          targetType: "conversation",
          targetLabel: `${changed.length} conversation${changed.length === 1 ? "" : "s"}`,
          details: {
            type: action.type,
            ...(action.type === "assign"
              ? { assigneeId: assignee?.id ?? null, assignee: assignee?.name ?? null }
              : {}),
            ...(action.type === "status" ? { status: action.status } : {}),
            ...(labelName !== null ? { label: labelName } : {}),
            conversationIds: changed,
          },
        },
        tx,
      );
      const change = action.type === "assign" ? "assignee" : action.type === "status" ? "status" : "labels";
      for (const conversationId of changed)
        await notifyInbox(tx, { type: "conversation.updated", conversationId, change });
    }
    return { requested: ids.length, changed: changed.length };
  });
}
