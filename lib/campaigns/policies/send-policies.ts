import "server-only";
import { getAutomationSettings } from "../../automation/get-automation-settings";
import type { CampaignPolicies } from "../../automation/schemas";
import { MARKETING_USER_LIMIT_CODE } from "../../connectly/error-catalogue";
import { db } from "../../db";
import type { ClaimedRecipient } from "../engine/recipient-queue";
import { timeZoneForCountry } from "./country-time-zone";
import { quietHoursRelease } from "./quiet-hours";

// Campaign send policies, applied by the worker to each window it claims (lib/campaigns/engine/campaign-worker.ts),
// before any slot is booked. Kept apart from the engine: the engine claims, this decides who of the claimed may go.
// - Quiet hours: a recipient whose local time (zone from the phone number's country, country-time-zone.ts; the
//   business-hours zone when unknown) is inside the quiet stretch goes back to PENDING with notBefore = the end of
//   the stretch; the claim query skips it until then (no polling of held rows: see nextReleaseAt).
// - Per-contact cap (marketing templates only): a contact who already got `maxMessages` marketing sends from any
//   campaign in the last `windowHours` is SKIPPED with the reason PER_CONTACT_CAP. The check and the mark it leaves
//   (clearedAt) run under one transaction-level advisory lock, so two workers sending two campaigns to the same
//   contact at the same moment cannot both pass it.
// - Meta's per-user marketing limit (131049): never retried at once (the engine does not retry an HTTP refusal);
//   when the retry policy is on, scheduleLimitRetries puts the recipient back once, after the configured delay.

export const HELD_QUIET_HOURS = "QUIET_HOURS";
export const HELD_LIMIT_RETRY = "LIMIT_RETRY";
const PER_CONTACT_CAP = "PER_CONTACT_CAP";

/** The states of a send that counts against the cap: cleared to go, maybe or surely sent. FAILED and SKIPPED do not. */
const COUNTED_STATES = ["SENDING", "UNKNOWN", "SENT", "DELIVERED", "READ"];

export async function readCampaignPolicies(): Promise<{ policies: CampaignPolicies; fallbackZone: string }> {
  const settings = await getAutomationSettings();
  return { policies: settings.campaignPolicies, fallbackZone: settings.businessHours.timeZone };
}

export function recipientTimeZone(country: string | null, fallbackZone: string): string {
  return timeZoneForCountry(country) ?? fallbackZone;
}

export type PolicyOutcome = { send: ClaimedRecipient[]; held: number; suppressed: number };

/**
 * Of the recipients just claimed (SENDING, not attempted), the ones that may go now. The others are handed back
 * (held) or finished (suppressed) here, in the database, guarded on still being this worker's unattempted claims.
 */
export async function applySendPolicies(
  campaign: { id: string; templateCategory: string | null },
  claimed: ClaimedRecipient[],
  workerId: string,
  now: Date,
): Promise<PolicyOutcome> {
  const sendable = claimed.filter((r) => r.state === "SENDING");
  if (sendable.length === 0) return { send: [], held: 0, suppressed: 0 };
  const { policies, fallbackZone } = await readCampaignPolicies();
  const capOn = policies.contactCap.enabled && campaign.templateCategory === "MARKETING";
  if (!policies.quietHours.enabled && !capOn) return { send: sendable, held: 0, suppressed: 0 };

  const ids = sendable.map((r) => r.id);
  const facts = await db.campaignRecipient.findMany({
    where: { id: { in: ids } },
    select: { id: true, country: true, contactId: true },
  });
  const byId = new Map(facts.map((f) => [f.id, f]));

  let remaining = sendable;
  let held = 0;
  if (policies.quietHours.enabled) {
    const releaseByZone = new Map<string, Date>();
    const holds: { id: string; until: Date }[] = [];
    remaining = [];
    for (const recipient of sendable) {
      const zone = recipientTimeZone(byId.get(recipient.id)?.country ?? null, fallbackZone);
      let release = releaseByZone.get(zone);
      if (!release) {
        release = quietHoursRelease(policies.quietHours, zone, now);
        releaseByZone.set(zone, release);
      }
      if (release.getTime() > now.getTime()) holds.push({ id: recipient.id, until: release });
      else remaining.push(recipient);
    }
    if (holds.length > 0) {
      held = await db.$executeRaw`
        UPDATE "CampaignRecipient" r SET state = 'PENDING', "stateRank" = 0, "workerId" = NULL, "sendingAt" = NULL,
          "notBefore" = v.until, "heldReason" = ${HELD_QUIET_HOURS}
        FROM unnest(${holds.map((h) => h.id)}::text[], ${holds.map((h) => h.until.toISOString())}::timestamptz[]) AS v(id, until)
        WHERE r.id = v.id AND r.state = 'SENDING' AND r."workerId" = ${workerId} AND r."sendingAt" IS NULL`;
    }
  }

  if (!capOn || remaining.length === 0) return { send: remaining, held, suppressed: 0 };
  const { maxMessages, windowHours } = policies.contactCap;
  const since = new Date(now.getTime() - windowHours * 3_600_000);
  const suppressedIds = await db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('campaign_contact_cap'))`;
    const contactIds = [
      ...new Set(remaining.map((r) => byId.get(r.id)?.contactId).filter((c): c is string => Boolean(c))),
    ];
    const counts = contactIds.length
      ? await tx.$queryRaw<{ contactId: string; n: number }[]>`
          SELECT r."contactId", count(*)::int AS n
          FROM "CampaignRecipient" r JOIN "Campaign" c ON c.id = r."campaignId"
          WHERE r."contactId" = ANY(${contactIds}::text[]) AND r.id <> ALL(${ids}::text[])
            AND c."templateCategory" = 'MARKETING'
            AND r.state::text = ANY(${COUNTED_STATES}::text[])
            AND COALESCE(r."clearedAt", r."sendingAt") > ${since}
          GROUP BY r."contactId"`
      : [];
    const sent = new Map(counts.map((c) => [c.contactId, c.n]));
    const cleared: string[] = [];
    const suppressed: string[] = [];
    for (const recipient of remaining) {
      const contactId = byId.get(recipient.id)?.contactId;
      if (!contactId) {
        cleared.push(recipient.id); // no contact to count against (never happens for imported rows)
        continue;
      }
      const n = sent.get(contactId) ?? 0;
      if (n >= maxMessages) suppressed.push(recipient.id);
      else {
        cleared.push(recipient.id);
        sent.set(contactId, n + 1);
      }
    }
    if (cleared.length > 0) {
      await tx.$executeRaw`UPDATE "CampaignRecipient" SET "clearedAt" = ${now} WHERE id = ANY(${cleared}::text[])`;
    }
    if (suppressed.length > 0) {
      await tx.$executeRaw`
        UPDATE "CampaignRecipient" r SET state = 'SKIPPED', "stateRank" = 9, "skipReason" = ${PER_CONTACT_CAP}, "workerId" = NULL
        WHERE r.id = ANY(${suppressed}::text[]) AND r.state = 'SENDING' AND r."workerId" = ${workerId} AND r."sendingAt" IS NULL`;
    }
    return new Set(suppressed);
  });
  return { send: remaining.filter((r) => !suppressedIds.has(r.id)), held, suppressed: suppressedIds.size };
}

/** The earliest instant a held recipient of the campaign may be claimed, or null when none is held. */
export async function nextReleaseAt(campaignId: string, now: Date): Promise<Date | null> {
  const [row] = await db.$queryRaw<{ at: Date | null }[]>`
    SELECT min("notBefore") AS at FROM "CampaignRecipient"
    WHERE "campaignId" = ${campaignId} AND state = 'PENDING' AND "notBefore" > ${now}`;
  return row?.at ?? null;
}

/**
 * After Meta's per-user marketing limit (131049, at send time or by a delivery_failed webhook): with the retry
 * policy on, a recipient gets ONE more attempt, `delayHours` after the failure — back to PENDING with notBefore,
 * its campaign running again if it had completed meanwhile. Off (the default): it stays FAILED.
 */
export async function scheduleLimitRetries(now: Date): Promise<number> {
  const { policies } = await readCampaignPolicies();
  if (!policies.limitRetry.enabled) return 0;
  const delay = `${policies.limitRetry.delayHours} hours`;
  const rows = await db.$queryRaw<{ campaignId: string }[]>`
    WITH picked AS (
      SELECT r.id FROM "CampaignRecipient" r JOIN "Campaign" c ON c.id = r."campaignId"
      WHERE r.state = 'FAILED' AND r."errorCode" = ${MARKETING_USER_LIMIT_CODE} AND r."limitRetries" = 0
        AND c.status IN ('RUNNING', 'COMPLETED')
      ORDER BY r.id
      FOR UPDATE OF r SKIP LOCKED
    )
    UPDATE "CampaignRecipient" r SET state = 'PENDING', "stateRank" = 0, "workerId" = NULL, "sendingAt" = NULL,
      "acceptedAt" = NULL, "sentAt" = NULL, "failedAt" = NULL, "upstreamId" = NULL,
      "notBefore" = GREATEST(COALESCE(r."failedAt", ${now}) + ${delay}::interval, ${now}), "heldReason" = ${HELD_LIMIT_RETRY},
      "limitRetries" = r."limitRetries" + 1, "clearedAt" = NULL
    FROM picked p WHERE r.id = p.id
    RETURNING r."campaignId"`;
  const campaigns = [...new Set(rows.map((r) => r.campaignId))];
  if (campaigns.length > 0) {
    await db.$executeRaw`
      UPDATE "Campaign" SET status = 'RUNNING', "completedAt" = NULL, "statsDirty" = true, "updatedAt" = now()
      WHERE id = ANY(${campaigns}::text[]) AND status = 'COMPLETED'`;
    await db.$executeRaw`UPDATE "Campaign" SET "statsDirty" = true WHERE id = ANY(${campaigns}::text[])`;
  }
  return rows.length;
}
