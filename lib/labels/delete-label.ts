import "server-only";
import { AppError } from "../app-error";
import { recordAuditEvent } from "../audit/record-audit-event";
import { db } from "../db";

/**
 * Deletes a label: it comes off every contact and conversation (cascade). Audited with how many carried it. A
 * segment that filters on it keeps the condition, which then matches nobody (has) or everybody (lacks); the
 * segment builder shows it as a deleted label.
 */
export async function deleteLabel(id: string): Promise<void> {
  await db.$transaction(async (tx) => {
    const label = await tx.label.findUnique({
      where: { id },
      select: { name: true, color: true, _count: { select: { contacts: true, conversations: true } } },
    });
    if (!label) throw new AppError("NOT_FOUND", "This label does not exist.");
    await tx.label.delete({ where: { id }, select: { id: true } });
    await recordAuditEvent(
      {
        action: "label.deleted",
        targetType: "label",
        targetId: id,
        targetLabel: label.name,
        details: {
          color: label.color,
          contacts: label._count.contacts,
          conversations: label._count.conversations,
        },
      },
      tx,
    );
  });
}
