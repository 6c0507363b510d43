import { describe, expect, it } from "vitest";
import {
  emptyRuleDraft,
  newActionDraft,
  newConditionDraft,
  ruleDraftSchema,
  splitKeywords,
  toRuleBody,
  toRuleDraft,
  type RuleDraft,
} from "./rule-draft";
import type { RuleDto } from "./schemas";

const draft = (change: Partial<RuleDraft>): RuleDraft => ({
  ...emptyRuleDraft(),
  name: "Billing",
  ...change,
});

describe("rule draft ↔ body", () => {
  it("splits the typed keywords, dropping blanks", () => {
    expect(splitKeywords(" price, prices ,, cost ")).toEqual(["price", "prices", "cost"]);
    expect(splitKeywords(" , ")).toEqual([]);
  });

  it("turns each kind into its body shape: empty campaign = any, empty notify user = the assignee", () => {
    const body = toRuleBody(
      draft({
        conditions: [
          { ...newConditionDraft("keyword"), keywords: "refund, invoice", pattern: "left over" },
          { ...newConditionDraft("from_campaign") },
          { ...newConditionDraft("regex"), pattern: "order\\s*\\d+" },
        ],
        actions: [
          { ...newActionDraft("notify"), labelId: "ignored" },
          { ...newActionDraft("set_status"), status: "RESOLVED" },
          { ...newActionDraft("reply"), cannedResponseId: "c1" },
        ],
      }),
    );
    expect(body.conditions).toEqual([
      { type: "keyword", keywords: ["refund", "invoice"] },
      { type: "from_campaign", campaignId: null },
      { type: "regex", pattern: "order\\s*\\d+" },
    ]);
    expect(body.actions).toEqual([
      { type: "notify", userId: null },
      { type: "set_status", status: "RESOLVED" },
      { type: "reply", cannedResponseId: "c1" },
    ]);
  });

  it("round-trips a saved rule through the draft", () => {
    const rule: RuleDto = {
      id: "r1",
      position: 0,
      updatedAt: "2026-01-01T00:00:00.000Z",
      name: "VIP",
      enabled: false,
      match: "any",
      conditions: [
        { type: "keyword", keywords: ["vip", "gold card"] },
        { type: "label", labelId: "l1" },
        { type: "from_campaign", campaignId: "c9" },
        { type: "first_message" },
      ],
      actions: [
        { type: "assign", userId: "u1" },
        { type: "notify", userId: null },
        { type: "label", labelId: "l2" },
      ],
      cooldownMinutes: 15,
      stopAfter: true,
    };
    const { id: _id, position: _p, updatedAt: _u, ...body } = rule;
    expect(toRuleBody(toRuleDraft(rule))).toEqual(body);
  });
});

describe("ruleDraftSchema (the route's schema through the draft)", () => {
  it("parses a valid draft to the body", () => {
    const parsed = ruleDraftSchema.safeParse(
      draft({
        conditions: [{ ...newConditionDraft("keyword"), keywords: "invoice" }],
        actions: [{ ...newActionDraft("label"), labelId: "l1" }],
      }),
    );
    expect(parsed.success && parsed.data.conditions).toEqual([{ type: "keyword", keywords: ["invoice"] }]);
  });

  it("puts the issues on the draft's own paths", () => {
    const parsed = ruleDraftSchema.safeParse(
      draft({
        name: " ",
        conditions: [
          { ...newConditionDraft("keyword"), keywords: "invoice" },
          { ...newConditionDraft("regex"), pattern: "(a+)+$" },
        ],
        actions: [newActionDraft("label")],
        cooldownMinutes: Number.NaN,
      }),
    );
    expect(parsed.success).toBe(false);
    const paths = new Map(parsed.error?.issues.map((i) => [i.path.join("."), i.message]));
    expect(paths.get("name")).toBe("is required");
    expect(paths.get("conditions.1.pattern")).toMatch(/cannot repeat a group/);
    expect(paths.get("actions.0.labelId")).toBe("is required");
    expect(paths.has("cooldownMinutes")).toBe(true);
  });

  it("refuses a keyword condition with only commas", () => {
    const parsed = ruleDraftSchema.safeParse(
      draft({ conditions: [{ ...newConditionDraft("keyword"), keywords: " , " }] }),
    );
    expect(parsed.error?.issues.map((i) => i.path.join("."))).toContain("conditions.0.keywords");
  });
});
