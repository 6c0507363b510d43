import "server-only";
import { AppError } from "../app-error";
import { recordAuditEvent } from "../audit/record-audit-event";
import { db } from "../db";

/** Only drafts can be deleted: a launched campaign's recipients are its send history. */
export async function deleteCampaign(id: string): Promise<void> {
  const draft = await db.campaign.findUnique({
    where: { id },
    select: { name: true, _count: { select: { recipients: true } } },
  });
  const deleted = await db.campaign.deleteMany({ where: { id, status: "DRAFT" } });
  if (deleted.count > 0) {
    await recordAuditEvent({
      action: "campaign.deleted",
      targetType: "campaign",
      targetId: id,
      targetLabel: draft?.name ?? null,
      details: { recipients: draft?._count.recipients ?? 0 },
    });
  }
  if (deleted.count === 0) {
    const exists = await db.campaign.findUnique({ where: { id }, select: { status: true } });
    if (!exists) throw new AppError("NOT_FOUND", "This campaign does not exist.");
    throw new AppError("CONFLICT", "Only drafts can be deleted; cancel a running campaign instead.");
  }
}
