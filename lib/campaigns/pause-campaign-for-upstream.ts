import "server-only";
import { recordAuditEvent } from "../audit/record-audit-event";
import { db } from "../db";

/**
 * The engine pauses a running campaign when Connectly says sending more cannot succeed
 * (ERROR_CODE_BUSINESS_REACHED_LIMITS: Meta restricted the channel), instead of retrying forever. The reason is
 * kept on the campaign (shown on its page) and audit-logged; a person resumes it. Returns whether it paused it
 * (false when it was no longer running, e.g. another worker got there first).
 */
export async function pauseCampaignForUpstream(
  campaignId: string,
  code: string,
  upstream: { cntTraceId?: string; message?: string } | null,
): Promise<boolean> {
  const updated = await db.campaign.updateMany({
    where: { id: campaignId, status: "RUNNING" },
    data: { status: "PAUSED", pausedAt: new Date(), pausedReason: code, statsDirty: true },
  });
  if (updated.count === 0) return false;
  const named = await db.campaign.findUnique({ where: { id: campaignId }, select: { name: true } });
  await recordAuditEvent({
    actorId: null,
    actorLabel: "Campaign engine",
    action: "campaign.paused_by_upstream",
    targetType: "campaign",
    targetId: campaignId,
    targetLabel: named?.name ?? null,
    details: { code, traceId: upstream?.cntTraceId ?? null, message: upstream?.message ?? null },
  });
  return true;
}
