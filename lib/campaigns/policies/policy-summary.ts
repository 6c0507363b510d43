import "server-only";
import type { CampaignPolicies } from "../../automation/schemas";
import { db } from "../../db";
import { quietHoursRelease } from "./quiet-hours";
import { HELD_LIMIT_RETRY, HELD_QUIET_HOURS, readCampaignPolicies, recipientTimeZone } from "./send-policies";

// What the send policies mean for one campaign, for the review step and the progress panel: the policies in force,
// the recipients held now (quiet hours, a delayed retry) and when the first goes, and — before and during the send —
// how many of the recipients still waiting fall in quiet hours at this moment and when each group is released.

type QuietGroupDto = { timeZone: string; count: number; releaseAt: string };
export type CampaignPolicySummaryDto = {
  policies: CampaignPolicies;
  heldForQuietHours: number;
  nextQuietRelease: string | null;
  retryScheduled: number;
  nextRetryAt: string | null;
  /** Waiting recipients (not yet held) whose local time is inside the quiet hours now, by zone. */
  inQuietHoursNow: number;
  quietGroups: QuietGroupDto[];
};

export async function campaignPolicySummary(
  campaignId: string,
  now: Date = new Date(),
): Promise<CampaignPolicySummaryDto> {
  const { policies, fallbackZone } = await readCampaignPolicies();
  const [held, waiting] = await Promise.all([
    db.$queryRaw<{ reason: string; n: number; next: Date | null }[]>`
      SELECT "heldReason" AS reason, count(*)::int AS n, min("notBefore") AS next FROM "CampaignRecipient"
      WHERE "campaignId" = ${campaignId} AND state = 'PENDING' AND "notBefore" > ${now}
      GROUP BY "heldReason"`,
    policies.quietHours.enabled
      ? db.$queryRaw<{ country: string | null; n: number }[]>`
          SELECT country, count(*)::int AS n FROM "CampaignRecipient"
          WHERE "campaignId" = ${campaignId} AND state = 'PENDING' AND ("notBefore" IS NULL OR "notBefore" <= ${now})
          GROUP BY country`
      : Promise.resolve([]),
  ]);
  const byZone = new Map<string, number>();
  for (const row of waiting) {
    const zone = recipientTimeZone(row.country, fallbackZone);
    byZone.set(zone, (byZone.get(zone) ?? 0) + row.n);
  }
  const quietGroups: QuietGroupDto[] = [];
  for (const [timeZone, count] of byZone) {
    const release = quietHoursRelease(policies.quietHours, timeZone, now);
    if (release.getTime() > now.getTime())
      quietGroups.push({ timeZone, count, releaseAt: release.toISOString() });
  }
  quietGroups.sort((a, b) => a.releaseAt.localeCompare(b.releaseAt) || b.count - a.count);
  const quiet = held.find((h) => h.reason === HELD_QUIET_HOURS);
  const retry = held.find((h) => h.reason === HELD_LIMIT_RETRY);
  return {
    policies,
    heldForQuietHours: quiet?.n ?? 0,
    nextQuietRelease: quiet?.next?.toISOString() ?? null,
    retryScheduled: retry?.n ?? 0,
    nextRetryAt: retry?.next?.toISOString() ?? null,
    inQuietHoursNow: quietGroups.reduce((n, g) => n + g.count, 0),
    quietGroups,
  };
}
