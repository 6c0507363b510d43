import "server-only";
import { AppError } from "../app-error";
import { db } from "../db";
import type { CampaignStatus } from "../generated/prisma/client";
import { getCampaignDetail, type CampaignDetailDto } from "./read-models";
import type { ControlCampaignInput } from "./schemas";
import { recordAuditEvent } from "../audit/record-audit-event";

const ALLOWED: Record<ControlCampaignInput["action"], { from: CampaignStatus[]; to: CampaignStatus }> = {
  pause: { from: ["RUNNING"], to: "PAUSED" },
  resume: { from: ["PAUSED"], to: "RUNNING" },
  cancel: { from: ["SCHEDULED", "RUNNING", "PAUSED"], to: "CANCELLED" },
};

/**
 * Pause, resume, cancel. Workers re-read the status before every send window (about every 100 ms) and
 * before firing each batch, so the change takes effect well within a second; requests already in flight
 * finish. Cancelling skips everything still pending, in the same transaction.
 */
export async function controlCampaign(id: string, input: ControlCampaignInput): Promise<CampaignDetailDto> {
  const rule = ALLOWED[input.action];
  const now = new Date();
  const changed = await db.$transaction(async (tx) => {
    const updated = await tx.campaign.updateMany({
      where: { id, status: { in: rule.from } },
      data: {
        status: rule.to,
        ...(input.action === "pause" ? { pausedAt: now, pausedReason: null } : {}),
        ...(input.action === "resume" ? { pausedAt: null, pausedReason: null } : {}),
        ...(input.action === "cancel" ? { cancelledAt: now } : {}),
        statsDirty: true,
      },
    });
    if (updated.count === 0) return false;
    if (input.action === "cancel") {
      await tx.campaignRecipient.updateMany({
        where: { campaignId: id, state: "PENDING" },
        data: { state: "SKIPPED", stateRank: 9, skipReason: "CANCELLED" },
      });
    }
    return true;
  });
  if (!changed) {
    const campaign = await db.campaign.findUnique({ where: { id }, select: { status: true } });
    if (!campaign) throw new AppError("NOT_FOUND", "This campaign does not exist.");
    throw new AppError(
      "CONFLICT",
      `Cannot ${input.action} a campaign that is ${campaign.status.toLowerCase()}.`,
    );
  }
  const action = (
    { pause: "campaign.paused", resume: "campaign.resumed", cancel: "campaign.cancelled" } as const
  )[input.action];
  const named = await db.campaign.findUnique({ where: { id }, select: { name: true } });
  await recordAuditEvent({ action, targetType: "campaign", targetId: id, targetLabel: named?.name ?? null });
  return getCampaignDetail(id);
}
