import { z } from "zod";

// Quality signals (§9.1): the project's decisions where the contract is silent, in one place.
//
// - Read with GET get/quality_signals (the path's verb says "get"; the doc says GET) every
//   QUALITY_SIGNALS_INTERVAL_MS under an advisory lock, stored per business number (SenderQuality).
// - Answer shape: `entity.signals[].whatsappQualitySignals` = { phoneNumber, wabaId, messagesLimitTier,
//   qualityScore }; `signals` at the top level and signals without the wrapper are read too. Entries without a
//   phone number are dropped.
// - Enums (only HIGH and TIER_UNSPECIFIED are documented): WHATS_APP_QUALITY_SCORE_{HIGH,MEDIUM,LOW,UNSPECIFIED};
//   WHATS_APP_MESSAGE_LIMIT_TIER_{1K,10K,100K,UNLIMITED,UNSPECIFIED} (also 50, 250, 2K; digits + K read as thousands).
//   Any other value is kept as given and treated as unknown (no limit shown, no pause).
// - The tier is Meta's business-initiated conversations with unique customers per rolling 24 h.
// - A running campaign pauses itself when its sender's quality reads LOW (a campaign without a sender uses the
//   default sender, else the only signalled number). Resuming is a person's decision; a later HIGH does not resume.

const signalSchema = z.object({
  phoneNumber: z.string().min(1).max(40),
  wabaId: z.coerce.string().max(100).optional().catch(undefined),
  messagesLimitTier: z.string().max(100).optional().catch(undefined),
  qualityScore: z.string().max(100).optional().catch(undefined),
});

const itemsSchema = z.array(z.unknown()).max(500);
const answerSchema = z.union([
  z.object({ entity: z.object({ signals: itemsSchema }) }).transform((a) => a.entity.signals),
  z.object({ signals: itemsSchema }).transform((a) => a.signals),
]);

export type QualitySignal = {
  phoneNumber: string;
  wabaId: string | null;
  qualityScore: string;
  messagesLimitTier: string;
};

export function parseQualitySignals(answer: unknown): QualitySignal[] {
  const parsed = answerSchema.safeParse(answer ?? {});
  if (!parsed.success) return [];
  return parsed.data.flatMap((item) => {
    const inner =
      item && typeof item === "object" && "whatsappQualitySignals" in item
        ? item.whatsappQualitySignals
        : item;
    const one = signalSchema.safeParse(inner);
    if (!one.success) return [];
    return [
      {
        phoneNumber: one.data.phoneNumber,
        wabaId: one.data.wabaId ?? null,
        qualityScore: one.data.qualityScore ?? "WHATS_APP_QUALITY_SCORE_UNSPECIFIED",
        messagesLimitTier: one.data.messagesLimitTier ?? "WHATS_APP_MESSAGE_LIMIT_TIER_UNSPECIFIED",
      },
    ];
  });
}

export type QualityLevel = "HIGH" | "MEDIUM" | "LOW" | "UNKNOWN";

export function qualityLevel(score: string): QualityLevel {
  const short = score.replace(/^WHATS_APP_QUALITY_SCORE_/, "");
  return short === "HIGH" || short === "MEDIUM" || short === "LOW" ? short : "UNKNOWN";
}

/** Unique customers per rolling 24 h for a tier; Infinity for unlimited; null when unknown. */
export function tierLimit(tier: string): number | null {
  const short = tier.replace(/^WHATS_APP_MESSAGE_LIMIT_TIER_/, "");
  if (short === "UNLIMITED") return Number.POSITIVE_INFINITY;
  const match = /^(\d+)(K)?$/.exec(short);
  if (!match) return null;
  return Number(match[1]) * (match[2] ? 1000 : 1);
}

export function tierLabel(tier: string): string {
  const limit = tierLimit(tier);
  if (limit === null) return "Not reported yet";
  if (limit === Number.POSITIVE_INFINITY) return "Unlimited";
  return `${limit.toLocaleString("en-US")} customers / 24 h`;
}
