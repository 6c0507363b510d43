import "server-only";
import { withAdvisoryLock } from "../advisory-lock";
import { recordAuditEvent } from "../audit/record-audit-event";
import { connectly } from "../connectly/config";
import { parseQualitySignals, qualityLevel, type QualitySignal } from "../connectly/quality-signals";
import { db } from "../db";
import { log } from "../observability/logger";
import { getConnectlySettings } from "../settings/get-connectly-settings";
import { pauseCampaignsOnLimitFailures } from "./pause-campaigns-on-limit-failures";

// One round of the quality-signal reader: get/quality_signals → SenderQuality rows → running campaigns of a sender
// whose quality reads LOW are paused (reason SENDER_QUALITY_LOW on the campaign, audit-logged). Under an advisory
// lock, so one instance reads at a time. Decisions: lib/connectly/quality-signals.ts. The same round pauses campaigns
// whose recent sends fail on messaging limits too often (pause-campaigns-on-limit-failures.ts).

const LOCK_KEY = 0x51534947; // "QSIG"
const SENDER_QUALITY_LOW = "SENDER_QUALITY_LOW";

export type QualityRound = { acquired: boolean; signals: QualitySignal[]; paused: string[] };

export async function syncQualitySignals(): Promise<QualityRound> {
  const run = await withAdvisoryLock(LOCK_KEY, async () => {
    // First, so an unreadable quality answer does not stop it.
    const limitPaused = await pauseCampaignsOnLimitFailures();
    const signals = parseQualitySignals(await connectly().getQualitySignals());
    const now = new Date();
    for (const s of signals) {
      const before = await db.senderQuality.findUnique({
        where: { phoneNumber: s.phoneNumber },
        select: { qualityScore: true },
      });
      await db.senderQuality.upsert({
        where: { phoneNumber: s.phoneNumber },
        create: { ...s, readAt: now, scoreChangedAt: now },
        update: {
          wabaId: s.wabaId,
          qualityScore: s.qualityScore,
          messagesLimitTier: s.messagesLimitTier,
          readAt: now,
          ...(before?.qualityScore !== s.qualityScore ? { scoreChangedAt: now } : {}),
        },
      });
      if (before && before.qualityScore !== s.qualityScore) {
        log("quality").info(
          { sender: s.phoneNumber, from: before.qualityScore, to: s.qualityScore },
          "sender quality changed",
        );
      }
    }
    const paused = [...limitPaused, ...(await pauseCampaignsOfLowSenders(signals))];
    return { signals, paused };
  });
  return run.acquired ? { acquired: true, ...run.result } : { acquired: false, signals: [], paused: [] };
}

/**
 * Running campaigns whose sender reads LOW. A campaign without a sender sends from the default one: the saved /
 * configured default sender, else the only number Connectly reported.
 */
async function pauseCampaignsOfLowSenders(signals: QualitySignal[]): Promise<string[]> {
  const low = signals.filter((s) => qualityLevel(s.qualityScore) === "LOW");
  if (low.length === 0) return [];
  const settings = await getConnectlySettings();
  const defaultNumber = settings.defaultSender ?? (signals.length === 1 ? signals[0]!.phoneNumber : null);
  const paused: string[] = [];
  for (const signal of low) {
    const isDefault = signal.phoneNumber === defaultNumber;
    const campaigns = await db.campaign.findMany({
      where: {
        status: "RUNNING",
        OR: [{ sender: signal.phoneNumber }, ...(isDefault ? [{ sender: null }] : [])],
      },
      select: { id: true, name: true },
    });
    for (const campaign of campaigns) {
      const updated = await db.campaign.updateMany({
        where: { id: campaign.id, status: "RUNNING" },
        data: { status: "PAUSED", pausedAt: new Date(), pausedReason: SENDER_QUALITY_LOW, statsDirty: true },
      });
      if (updated.count === 0) continue;
      paused.push(campaign.id);
      await recordAuditEvent({
        actorId: null,
        actorLabel: "Quality monitor",
        action: "campaign.paused_for_quality",
        targetType: "campaign",
        targetId: campaign.id,
        targetLabel: campaign.name,
        details: {
          code: SENDER_QUALITY_LOW,
          sender: signal.phoneNumber,
          qualityScore: signal.qualityScore,
          summary: `Paused: ${signal.phoneNumber}'s quality reads low`,
        },
      });
    }
  }
  return paused;
}
