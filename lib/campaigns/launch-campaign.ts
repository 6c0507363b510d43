import "server-only";
import { AppError } from "../app-error";
import { db } from "../db";
import { getCampaignDetail, type CampaignDetailDto } from "./read-models";
import type { LaunchCampaignInput } from "./schemas";
import { recordAuditEvent } from "../audit/record-audit-event";
import { materializeSegmentAudiences } from "./segment-audience";

/** Send now (RUNNING: a worker picks it up within a second) or at `scheduledAt` (SCHEDULED). */
export async function launchCampaign(id: string, input: LaunchCampaignInput): Promise<CampaignDetailDto> {
  // Planned segments become recipients now (skipped for a campaign that is not a draft: importTarget refuses it).
  const draft = await db.campaign.findUnique({ where: { id }, select: { status: true } });
  if (draft?.status === "DRAFT") await materializeSegmentAudiences(id);
  const campaign = await db.campaign.findUnique({
    where: { id },
    select: {
      name: true,
      status: true,
      templateName: true,
      kind: true,
      flowName: true,
      sources: { where: { status: "IMPORTING" }, select: { id: true } },
      _count: { select: { recipients: { where: { state: "PENDING" } } } },
    },
  });
  if (!campaign) throw new AppError("NOT_FOUND", "This campaign does not exist.");
  if (campaign.status !== "DRAFT")
    throw new AppError("CONFLICT", `This campaign was already launched (${campaign.status.toLowerCase()}).`);
  if (campaign.kind === "FLOW" ? !campaign.flowName : !campaign.templateName) {
    throw new AppError(
      "VALIDATION_FAILED",
      campaign.kind === "FLOW"
        ? "Name the Connectly flow before launching."
        : "Pick a template before launching.",
    );
  }
  if (campaign.sources.length > 0)
    throw new AppError("CONFLICT", "An import is still running; wait for it to finish.");
  if (campaign._count.recipients === 0)
    throw new AppError("VALIDATION_FAILED", "The audience is empty: add recipients before launching.");

  const scheduledAt = input.scheduledAt ? new Date(input.scheduledAt) : null;
  const later = scheduledAt !== null && scheduledAt.getTime() > Date.now();
  // Conditional on DRAFT: two clicks launch once.
  const updated = await db.campaign.updateMany({
    where: { id, status: "DRAFT" },
    data: later
      ? { status: "SCHEDULED", scheduledAt }
      : { status: "RUNNING", startedAt: new Date(), scheduledAt: null, statsDirty: true },
  });
  if (updated.count === 0) throw new AppError("CONFLICT", "This campaign was launched meanwhile.");
  await recordAuditEvent({
    action: "campaign.started",
    targetType: "campaign",
    targetId: id,
    targetLabel: campaign.name,
    details: {
      scheduledAt: later ? scheduledAt.toISOString() : null,
      kind: campaign.kind,
      ...(campaign.kind === "FLOW" ? { flowName: campaign.flowName } : {}),
    },
  });
  return getCampaignDetail(id);
}
