// Quality signals (§9.1): one entry per business number, read by GET get/quality_signals and changed by
// POST /sim/quality. The enum values beyond HIGH and TIER_UNSPECIFIED are inferred (the contract lists them as
// NOT FOUND); the app's reader is lib/connectly/quality-signals.ts.

const QUALITY_SCORES = ["HIGH", "MEDIUM", "LOW", "UNSPECIFIED"] as const;
const LIMIT_TIERS = ["50", "250", "1K", "10K", "100K", "UNLIMITED", "UNSPECIFIED"] as const;

export interface QualitySignal {
  phoneNumber: string;
  wabaId: string;
  messagesLimitTier: string;
  qualityScore: string;
}

export class QualityStore {
  private readonly byNumber = new Map<string, QualitySignal>();

  constructor(private readonly businessNumber: string) {
    this.reset();
  }

  /** The business number starts HIGH on the 10K tier. */
  reset(): void {
    this.byNumber.clear();
    this.set({ phoneNumber: this.businessNumber, qualityScore: "HIGH", messagesLimitTier: "10K" });
  }

  list(): { entity: { signals: { whatsappQualitySignals: QualitySignal }[] } } {
    return {
      entity: { signals: [...this.byNumber.values()].map((s) => ({ whatsappQualitySignals: { ...s } })) },
    };
  }

  /** Short forms (HIGH, 1K) or the full enum names; a new number is added. Returns an error message or null. */
  set(input: { phoneNumber?: unknown; qualityScore?: unknown; messagesLimitTier?: unknown }): string | null {
    const phoneNumber = typeof input.phoneNumber === "string" ? input.phoneNumber : this.businessNumber;
    if (!/^\+[1-9]\d{7,14}$/.test(phoneNumber)) return "phoneNumber must be E.164";
    const current = this.byNumber.get(phoneNumber) ?? {
      phoneNumber,
      wabaId: "sim-waba-1",
      qualityScore: "WHATS_APP_QUALITY_SCORE_UNSPECIFIED",
      messagesLimitTier: "WHATS_APP_MESSAGE_LIMIT_TIER_UNSPECIFIED",
    };
    if (input.qualityScore !== undefined) {
      const score = String(input.qualityScore).replace("WHATS_APP_QUALITY_SCORE_", "");
      if (!(QUALITY_SCORES as readonly string[]).includes(score))
        return `qualityScore must be one of ${QUALITY_SCORES.join(", ")}`;
      current.qualityScore = `WHATS_APP_QUALITY_SCORE_${score}`;
    }
    if (input.messagesLimitTier !== undefined) {
      const tier = String(input.messagesLimitTier).replace("WHATS_APP_MESSAGE_LIMIT_TIER_", "");
      if (!(LIMIT_TIERS as readonly string[]).includes(tier))
        return `messagesLimitTier must be one of ${LIMIT_TIERS.join(", ")}`;
      current.messagesLimitTier = `WHATS_APP_MESSAGE_LIMIT_TIER_${tier}`;
    }
    this.byNumber.set(phoneNumber, current);
    return null;
  }
}
