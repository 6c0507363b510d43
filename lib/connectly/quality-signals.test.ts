import { describe, expect, it } from "vitest";
import { parseQualitySignals, qualityLevel, tierLabel, tierLimit } from "./quality-signals";

describe("quality signals (§9.1)", () => {
  it("reads the documented shape and the tolerated ones, dropping entries without a number", () => {
    const documented = {
      entity: {
        signals: [
          {
            whatsappQualitySignals: {
              phoneNumber: "+14155550100",
              wabaId: "w1",
              messagesLimitTier: "WHATS_APP_MESSAGE_LIMIT_TIER_UNSPECIFIED",
              qualityScore: "WHATS_APP_QUALITY_SCORE_HIGH",
            },
          },
          { whatsappQualitySignals: { wabaId: "w2" } },
          "junk",
        ],
      },
    };
    expect(parseQualitySignals(documented)).toEqual([
      {
        phoneNumber: "+14155550100",
        wabaId: "w1",
        messagesLimitTier: "WHATS_APP_MESSAGE_LIMIT_TIER_UNSPECIFIED",
        qualityScore: "WHATS_APP_QUALITY_SCORE_HIGH",
      },
    ]);
    expect(
      parseQualitySignals({ signals: [{ phoneNumber: "+1", qualityScore: "WHATS_APP_QUALITY_SCORE_LOW" }] }),
    ).toEqual([
      {
        phoneNumber: "+1",
        wabaId: null,
        qualityScore: "WHATS_APP_QUALITY_SCORE_LOW",
        messagesLimitTier: "WHATS_APP_MESSAGE_LIMIT_TIER_UNSPECIFIED",
      },
    ]);
    expect(parseQualitySignals(null)).toEqual([]);
  });

  it.each([
    ["WHATS_APP_QUALITY_SCORE_LOW", "LOW"],
    ["WHATS_APP_QUALITY_SCORE_MEDIUM", "MEDIUM"],
    ["WHATS_APP_QUALITY_SCORE_UNSPECIFIED", "UNKNOWN"],
    ["SOMETHING_NEW", "UNKNOWN"],
  ])("quality %s is %s", (score, level) => {
    expect(qualityLevel(score)).toBe(level);
  });

  it.each([
    ["WHATS_APP_MESSAGE_LIMIT_TIER_1K", 1000, "1,000 customers / 24 h"],
    ["WHATS_APP_MESSAGE_LIMIT_TIER_100K", 100_000, "100,000 customers / 24 h"],
    ["WHATS_APP_MESSAGE_LIMIT_TIER_250", 250, "250 customers / 24 h"],
    ["WHATS_APP_MESSAGE_LIMIT_TIER_UNLIMITED", Number.POSITIVE_INFINITY, "Unlimited"],
    ["WHATS_APP_MESSAGE_LIMIT_TIER_UNSPECIFIED", null, "Not reported yet"],
  ])("tier %s", (tier, limit, label) => {
    expect(tierLimit(tier)).toBe(limit);
    expect(tierLabel(tier)).toBe(label);
  });
});
