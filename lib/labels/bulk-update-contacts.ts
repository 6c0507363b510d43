import "server-only";
import { recordAuditEvent } from "../audit/record-audit-event";
import { db } from "../db";
import { Prisma } from "../generated/prisma/client";
import { notifyInbox } from "../messaging/notify-inbox";
import { addActivityLines, type BulkResult } from "./bulk-update-conversations";
import { bulkChangeLabel } from "./change-labels";
import type { BulkContactsInput } from "./schemas";
import { recordOptOutChange } from "../contacts/record-opt-out-change";

/**
 * One action on many contacts (for the contacts page's selection): add or remove a label, or opt out of
 * campaigns. One transaction and one audit entry naming the contacts changed; an opt-out also writes the activity
 * line in each changed contact's thread, as the contact panel does. Unknown ids are ignored.
 */
export async function bulkUpdateContacts(
  input: BulkContactsInput,
  actor: { id: string; name: string },
): Promise<BulkResult> {
  const ids = [...new Set(input.contactIds)];
  const { action } = input;
  return db.$transaction(async (tx) => {
    let changed: string[];
    let labelName: string | null = null;
    if (action.type === "optOut") {
      const rows = await tx.$queryRaw<{ id: string }[]>`
        UPDATE "Contact" SET "optedOut" = true, "updatedAt" = now()
        WHERE id IN (${Prisma.join(ids)}) AND NOT "optedOut" RETURNING id`;
      changed = rows.map((r) => r.id);
      // Every opt-out change leaves a line in the contact's history (as one-by-one changes do), with the reason.
      for (const contactId of changed) {
        await recordOptOutChange(tx, {
          contactId,
          optedOut: true,
          source: "agent",
          actorId: actor.id,
          actorLabel: actor.name,
          reason: action.reason || null,
        });
      }
    } else {
      ({ changed, labelName } = await bulkChangeLabel(tx, "contact", action, ids));
    }
    if (changed.length === 0) return { requested: ids.length, changed: 0 };
    await recordAuditEvent(
      {
        actorId: actor.id,
        action: "contacts.bulk_updated",
        targetType: "contact",
        targetLabel: `${changed.length} contact${changed.length === 1 ? "" : "s"}`,
        details: {
          type: action.type,
          ...(labelName !== null ? { label: labelName } : {}),
          ...(action.type === "optOut" && action.reason ? { reason: action.reason } : {}),
          contactIds: changed,
        },
      },
      tx,
    );
    const conversations = await tx.conversation.findMany({
      where: { contactId: { in: changed } },
      select: { id: true },
    });
    if (action.type === "optOut") {
      await addActivityLines(
        tx,
        conversations.map((c) => c.id),
        `${actor.name} opted this customer out of campaigns${action.reason ? ` (${action.reason})` : ""}`,
        actor.id,
      );
    }
    for (const c of conversations)
      await notifyInbox(tx, {
        type: "conversation.updated",
        conversationId: c.id,
        change: action.type === "optOut" ? "contact" : "labels",
      });
    return { requested: ids.length, changed: changed.length };
  });
}
