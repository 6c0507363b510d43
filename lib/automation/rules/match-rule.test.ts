import { describe, expect, it } from "vitest";
import { containsKeyword, matchRule, type MessageFacts } from "./match-rule";
import { checkRulePattern } from "./check-pattern";
import { matchPatterns } from "./safe-regex";
import { createRuleSchema } from "./schemas";

const facts = (over: Partial<MessageFacts> = {}): MessageFacts => ({
  text: "Hello",
  firstMessage: false,
  campaignId: null,
  labelIds: new Set(),
  ...over,
});

describe("containsKeyword", () => {
  it.each([
    ["What is the PRICE?", "price", true],
    ["priceless", "price", false],
    ["the price-list", "price", true],
    ["bajo precio", "precio", true],
    ["I want a refund now", "refund now", true],
    ["refunds", "refund", false],
    ["café au lait", "café", true],
    ["cafés", "café", false],
    ["order #123 please", "#123", true],
  ])("%s / %s → %s", (text, keyword, expected) => {
    expect(containsKeyword(text, keyword)).toBe(expected);
  });
});

describe("matchRule", () => {
  const rule = (conditions: unknown[], match: "all" | "any" = "all") =>
    createRuleSchema.parse({ name: "r", match, conditions, actions: [{ type: "notify", userId: null }] });

  it("keyword, regex, first message, campaign and label conditions", () => {
    expect(
      matchRule(rule([{ type: "keyword", keywords: ["refund"] }]), facts({ text: "Refund please" })).matched,
    ).toBe(true);
    expect(matchRule(rule([{ type: "keyword", keywords: ["refund"] }]), facts({ text: null })).matched).toBe(
      false,
    );
    expect(
      matchRule(rule([{ type: "regex", pattern: "order\\s*#?\\d{4,}" }]), facts({ text: "my ORDER #12345" }))
        .matched,
    ).toBe(true);
    expect(
      matchRule(rule([{ type: "regex", pattern: "order\\s*#?\\d{4,}" }]), facts({ text: "order 12" }))
        .matched,
    ).toBe(false);
    expect(matchRule(rule([{ type: "first_message" }]), facts({ firstMessage: true })).matched).toBe(true);
    expect(matchRule(rule([{ type: "first_message" }]), facts()).matched).toBe(false);
    expect(
      matchRule(rule([{ type: "from_campaign", campaignId: null }]), facts({ campaignId: "c1" })).matched,
    ).toBe(true);
    expect(
      matchRule(rule([{ type: "from_campaign", campaignId: "c2" }]), facts({ campaignId: "c1" })).matched,
    ).toBe(false);
    expect(matchRule(rule([{ type: "from_campaign", campaignId: null }]), facts()).matched).toBe(false);
    expect(
      matchRule(rule([{ type: "label", labelId: "vip" }]), facts({ labelIds: new Set(["vip"]) })).matched,
    ).toBe(true);
    expect(matchRule(rule([{ type: "label", labelId: "vip" }]), facts()).matched).toBe(false);
  });

  it("all needs every condition, any needs one", () => {
    const conditions = [
      { type: "keyword", keywords: ["refund"] },
      { type: "label", labelId: "vip" },
    ];
    expect(matchRule(rule(conditions, "all"), facts({ text: "refund" })).matched).toBe(false);
    expect(
      matchRule(rule(conditions, "all"), facts({ text: "refund", labelIds: new Set(["vip"]) })).matched,
    ).toBe(true);
    expect(matchRule(rule(conditions, "any"), facts({ text: "refund" })).matched).toBe(true);
    expect(matchRule(rule(conditions, "any"), facts({ text: "hello" })).matched).toBe(false);
  });
});

describe("rule patterns", () => {
  it.each([
    ["\\border\\s+#?\\d+", null],
    ["(?:hi|hello) there", null],
    ["(abc)+", null],
    ["(a+)+$", "cannot repeat a group"],
    ["(a|aa)*", "cannot repeat a group"],
    ["(.*x){3,}", "cannot repeat a group"],
    ["((ab)*c)*", "cannot repeat a group"],
    ["(\\w+\\s?)*$", "cannot repeat a group"],
    ["(x)\\1", "backreferences"],
    ["(?<=a)b", "lookahead or lookbehind"],
    ["(", "not a valid regular expression"],
    ["", "is required"],
  ])("%s", (pattern, refusal) => {
    const check = checkRulePattern(pattern);
    if (refusal === null) expect(check).toEqual({ ok: true });
    else expect(check.ok ? "" : check.message).toContain(refusal);
  });

  it("a pattern that backtracks catastrophically runs out of its time budget and does not match; the others still answer", () => {
    // Written straight to the matcher, as a stored rule that slipped past the save-time check would be.
    const started = performance.now();
    const outcome = matchPatterns(["^(a+)+$", "aaa"], `${"a".repeat(40)}!`, 20);
    expect(performance.now() - started).toBeLessThan(1000);
    expect(outcome).toEqual({ results: [false, true], timedOut: true });
  });

  it("matches case-insensitively and with Unicode", () => {
    expect(matchPatterns(["^héllo", "\\p{Lu}"], "HÉLLO").results).toEqual([true, true]);
  });
});
