import "server-only";
import { AppError } from "../app-error";
import { recordAuditEvent } from "../audit/record-audit-event";
import { db } from "../db";
import { Prisma } from "../generated/prisma/client";
import { notifyInbox } from "../messaging/notify-inbox";
import type { LabelDto } from "./read-models";
import type { ChangeLabelsInput } from "./schemas";

type Tx = Prisma.TransactionClient;

/** The labels of a request, all of which must exist (422 naming the field otherwise). */
async function existingLabels(tx: Tx, ids: string[], field: string): Promise<Map<string, LabelDto>> {
  const unique = [...new Set(ids)];
  const rows =
    unique.length === 0
      ? []
      : await tx.label.findMany({
          where: { id: { in: unique } },
          select: { id: true, name: true, color: true },
        });
  const found = new Map(rows.map((r) => [r.id, r]));
  const missing = unique.find((id) => !found.has(id));
  if (missing !== undefined) {
    throw new AppError(
      "VALIDATION_FAILED",
      `Invalid request body: ${field}: no label has the id ${missing}`,
      {
        issues: [{ path: field, message: "no label has this id" }],
      },
    );
  }
  return found;
}

/**
 * Adds one label to, or removes it from, many conversations or contacts (the bulk actions) in one statement;
 * rows that already are in the wanted state are left alone. Returns the ids changed and the label's name.
 */
export async function bulkChangeLabel(
  tx: Tx,
  target: "conversation" | "contact",
  action: { type: "addLabel" | "removeLabel"; labelId: string },
  ids: string[],
): Promise<{ changed: string[]; labelName: string | null }> {
  const label = (await existingLabels(tx, [action.labelId], "action.labelId")).get(action.labelId);
  const [table, column, from] =
    target === "conversation"
      ? [`"ConversationLabel"`, `"conversationId"`, `"Conversation"`]
      : [`"ContactLabel"`, `"contactId"`, `"Contact"`];
  const rows =
    action.type === "addLabel"
      ? await tx.$queryRaw<{ id: string }[]>`
          INSERT INTO ${Prisma.raw(table)} (${Prisma.raw(column)}, "labelId")
          SELECT t.id, ${action.labelId} FROM ${Prisma.raw(from)} t WHERE t.id IN (${Prisma.join(ids)})
          ON CONFLICT DO NOTHING
          RETURNING ${Prisma.raw(column)} AS id`
      : await tx.$queryRaw<{ id: string }[]>`
          DELETE FROM ${Prisma.raw(table)}
          WHERE "labelId" = ${action.labelId} AND ${Prisma.raw(column)} IN (${Prisma.join(ids)})
          RETURNING ${Prisma.raw(column)} AS id`;
  return { changed: rows.map((r) => r.id), labelName: label?.name ?? null };
}

/**
 * Puts labels on one conversation or contact and takes others off (the thread header and the contact panel).
 * Idempotent: adding a label it has, or removing one it lacks, changes nothing. Audited when something changed,
 * and pushed to every open inbox.
 */
export async function changeLabels(
  target: "conversation" | "contact",
  id: string,
  input: ChangeLabelsInput,
): Promise<{ labels: LabelDto[] }> {
  return db.$transaction(async (tx) => {
    const labels = await existingLabels(
      tx,
      [...input.add, ...input.remove],
      input.add.length > 0 ? "add" : "remove",
    );
    const remove = input.remove.filter((l) => !input.add.includes(l));
    let conversationId: string | null;
    let added: number;
    let removed: number;
    let targetLabel: string | null;
    if (target === "conversation") {
      const row = await tx.conversation.findUnique({
        where: { id },
        select: { id: true, contact: { select: { name: true, phone: true, bsuid: true } } },
      });
      if (!row) throw new AppError("NOT_FOUND", "This conversation does not exist.");
      conversationId = row.id;
      targetLabel = row.contact.name ?? row.contact.phone ?? row.contact.bsuid;
      added = (
        await tx.conversationLabel.createMany({
          data: input.add.map((labelId) => ({ conversationId: id, labelId })),
          skipDuplicates: true,
        })
      ).count;
      removed = (
        await tx.conversationLabel.deleteMany({ where: { conversationId: id, labelId: { in: remove } } })
      ).count;
    } else {
      const row = await tx.contact.findUnique({
        where: { id },
        select: { name: true, phone: true, bsuid: true, conversation: { select: { id: true } } },
      });
      if (!row) throw new AppError("NOT_FOUND", "This contact does not exist.");
      conversationId = row.conversation?.id ?? null;
      targetLabel = row.name ?? row.phone ?? row.bsuid;
      added = (
        await tx.contactLabel.createMany({
          data: input.add.map((labelId) => ({ contactId: id, labelId })),
          skipDuplicates: true,
        })
      ).count;
      removed = (await tx.contactLabel.deleteMany({ where: { contactId: id, labelId: { in: remove } } }))
        .count;
    }
    if (added + removed > 0) {
      await recordAuditEvent(
        {
          action: target === "conversation" ? "conversation.labels_changed" : "contact.labels_changed",
          targetType: target,
          targetId: id,
          targetLabel,
          details: {
            added: input.add.map((l) => labels.get(l)?.name ?? l),
            removed: remove.map((l) => labels.get(l)?.name ?? l),
          },
        },
        tx,
      );
      if (conversationId)
        await notifyInbox(tx, { type: "conversation.updated", conversationId, change: "labels" });
    }
    const current =
      target === "conversation"
        ? await tx.conversationLabel.findMany({
            where: { conversationId: id },
            select: { label: { select: { id: true, name: true, color: true } } },
          })
        : await tx.contactLabel.findMany({
            where: { contactId: id },
            select: { label: { select: { id: true, name: true, color: true } } },
          });
    return { labels: current.map((r) => r.label).sort((a, b) => a.name.localeCompare(b.name)) };
  });
}
