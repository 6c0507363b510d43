import "server-only";
import { AppError } from "../app-error";
import { db } from "../db";
import { getCampaignDetail, type CampaignDetailDto } from "./read-models";

/** Removes every import (recipients and rejected rows go with them) from a draft. */
export async function clearAudience(campaignId: string): Promise<CampaignDetailDto> {
  const campaign = await db.campaign.findUnique({ where: { id: campaignId }, select: { status: true } });
  if (!campaign) throw new AppError("NOT_FOUND", "This campaign does not exist.");
  if (campaign.status !== "DRAFT")
    throw new AppError("CONFLICT", "The audience of a launched campaign cannot change.");
  await db.campaignAudienceSource.deleteMany({ where: { campaignId } });
  return getCampaignDetail(campaignId);
}
