import "server-only";
import { recordAuditEvent } from "../audit/record-audit-event";
import { db } from "../db";
import { env } from "../env";

// Part of each quality round (sync-quality-signals.ts): a RUNNING campaign whose recent sends fail on messaging
// limits more often than CAMPAIGN_LIMIT_FAILURE_PERCENT pauses itself (reason LIMIT_FAILURES_HIGH, audit-logged).
// Decisions: "recent" = the campaign's last RECENT_SENDS settled recipients (claim order), judged only from
// MIN_SAMPLE of them; limit failures = Connectly's ERROR_CODE_BUSINESS_REACHED_LIMITS and Meta's 131049
// (per-user marketing limit) / 131048 (spam rate limit) / 131056 (pair rate limit), as either reaches the app.

const LIMIT_FAILURES_HIGH = "LIMIT_FAILURES_HIGH";
const LIMIT_FAILURE_CODES = ["ERROR_CODE_BUSINESS_REACHED_LIMITS", "131049", "131048", "131056"];
const RECENT_SENDS = 200;
const MIN_SAMPLE = 20;

export async function pauseCampaignsOnLimitFailures(): Promise<string[]> {
  const percent = env().CAMPAIGN_LIMIT_FAILURE_PERCENT;
  if (percent === 0) return [];
  const running = await db.campaign.findMany({
    where: { status: "RUNNING" },
    select: { id: true, name: true },
  });
  const paused: string[] = [];
  for (const campaign of running) {
    const [row] = await db.$queryRaw<{ limited: number; total: number }[]>`
      SELECT count(*) FILTER (WHERE r."errorCode" = ANY(${LIMIT_FAILURE_CODES}))::int AS limited, count(*)::int AS total
      FROM (
        SELECT "errorCode" FROM "CampaignRecipient"
        WHERE "campaignId" = ${campaign.id} AND state IN ('SENT', 'FAILED', 'DELIVERED', 'READ')
        ORDER BY seq DESC LIMIT ${RECENT_SENDS}
      ) r`;
    if (!row || row.total < MIN_SAMPLE || row.limited * 100 <= row.total * percent) continue;
    const updated = await db.campaign.updateMany({
      where: { id: campaign.id, status: "RUNNING" },
      data: { status: "PAUSED", pausedAt: new Date(), pausedReason: LIMIT_FAILURES_HIGH, statsDirty: true },
    });
    if (updated.count === 0) continue;
    paused.push(campaign.id);
    const share = Math.round((row.limited * 100) / row.total);
    await recordAuditEvent({
      actorId: null,
      actorLabel: "Quality monitor",
      action: "campaign.paused_for_limits",
      targetType: "campaign",
      targetId: campaign.id,
      targetLabel: campaign.name,
      details: {
        code: LIMIT_FAILURES_HIGH,
        limited: row.limited,
        recent: row.total,
        thresholdPercent: percent,
        summary: `Paused: ${row.limited} of the last ${row.total} sends (${share} %) hit messaging limits (over ${percent} %)`,
      },
    });
  }
  return paused;
}
