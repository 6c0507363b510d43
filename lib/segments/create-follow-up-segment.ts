import "server-only";
import { AppError } from "../app-error";
import { db } from "../db";
import { getSegment, type SegmentDto } from "./read-models";
import { createSegment } from "./save-segment";
import { FOLLOW_UPS, type SegmentFilter } from "./schemas";

/**
 * A campaign's engagement segment for a follow-up ("did not read", "read but did not reply"): the segment of that
 * name if it exists with the same filter, otherwise a new one. Opted-out contacts stay in the segment and are
 * left out when the follow-up campaign is launched.
 */
export async function createFollowUpSegment(
  campaignId: string,
  kind: keyof typeof FOLLOW_UPS,
  actorId: string,
): Promise<SegmentDto> {
  const campaign = await db.campaign.findUnique({ where: { id: campaignId }, select: { name: true } });
  if (!campaign) throw new AppError("NOT_FOUND", "This campaign does not exist.");
  const followUp = FOLLOW_UPS[kind];
  const filter: SegmentFilter = {
    kind: "group",
    op: "and",
    items: [{ kind: "campaign", campaignId, engagement: followUp.engagement, withinHours: 72 }],
  };
  const name = `${campaign.name.slice(0, 50)} · ${followUp.title}`;
  const [existing] = await db.$queryRaw<{ id: string; same: boolean }[]>`
    SELECT id, filter = ${JSON.stringify(filter)}::jsonb AS same FROM "Segment" WHERE "nameKey" = ${name.toLowerCase()}`;
  if (existing?.same) return getSegment(existing.id);
  const free = existing
    ? `${name.slice(0, 70)} (${new Date().toISOString().slice(0, 16).replace("T", " ")})`
    : name;
  return createSegment({ name: free, filter }, actorId);
}
