import "server-only";
import { qualityLevel, tierLabel, tierLimit, type QualityLevel } from "../connectly/quality-signals";
import { db } from "../db";

export type SenderQualityDto = {
  phoneNumber: string;
  quality: QualityLevel;
  qualityScore: string;
  tier: string;
  tierLabel: string;
  /** Unique customers per rolling 24 h; null when unknown or unlimited. */
  tierLimit: number | null;
  readAt: string;
  scoreChangedAt: string;
};

/** Every business number's last quality signals, for Settings (and the campaign review). */
export async function listSenderQuality(): Promise<SenderQualityDto[]> {
  const rows = await db.senderQuality.findMany({ orderBy: { phoneNumber: "asc" } });
  return rows.map((r) => {
    const limit = tierLimit(r.messagesLimitTier);
    return {
      phoneNumber: r.phoneNumber,
      quality: qualityLevel(r.qualityScore),
      qualityScore: r.qualityScore,
      tier: r.messagesLimitTier,
      tierLabel: tierLabel(r.messagesLimitTier),
      tierLimit: limit === null || limit === Number.POSITIVE_INFINITY ? null : limit,
      readAt: r.readAt.toISOString(),
      scoreChangedAt: r.scoreChangedAt.toISOString(),
    };
  });
}
