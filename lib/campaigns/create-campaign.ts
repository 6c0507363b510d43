import "server-only";
import { recordAuditEvent } from "../audit/record-audit-event";
import { db } from "../db";
import { env } from "../env";
import { getCampaignDetail, type CampaignDetailDto } from "./read-models";
import type { CreateCampaignInput } from "./schemas";

/**
 * A draft: the builder fills in the template, the audience and the variables, then launches it. No sender:
 * the account's default (Settings) is resolved at send time.
 */
export async function createCampaign(
  input: CreateCampaignInput,
  createdById: string | null,
): Promise<CampaignDetailDto> {
  const config = env();
  const campaign = await db.campaign.create({
    data: {
      name: input.name,
      upstreamName: input.name,
      kind: input.kind ?? "TEMPLATE",
      ratePerSecond: config.CAMPAIGN_DEFAULT_RATE,
      createdById,
    },
    select: { id: true },
  });
  await recordAuditEvent({
    actorId: createdById,
    action: "campaign.created",
    targetType: "campaign",
    targetId: campaign.id,
    targetLabel: input.name,
    details: { kind: input.kind ?? "TEMPLATE" },
  });
  return getCampaignDetail(campaign.id);
}
