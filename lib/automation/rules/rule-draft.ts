import { z } from "zod";
import {
  createRuleSchema,
  RULE_COOLDOWN_DEFAULT,
  type RuleAction,
  type RuleBody,
  type RuleBodyInput,
  type RuleCondition,
  type RuleDto,
} from "./schemas";

// The rule form's state as plain data and its conversion to the rule routes' body. A condition or action draft
// holds every kind's field at once (as text), so switching its kind and back loses nothing typed; the keywords are
// the text the admin types ("price, prices"). The paths mirror the body's ("conditions.1.pattern"), so the
// schema's issues and a 422's land on the draft's fields unchanged. The rules are createRuleSchema's, never
// repeated here.

export type ConditionDraft = {
  type: RuleCondition["type"];
  /** Comma-separated. */
  keywords: string;
  pattern: string;
  /** "" = any campaign. */
  campaignId: string;
  labelId: string;
};
export type ActionDraft = {
  type: RuleAction["type"];
  /** "" = none picked (assign) or the conversation's assignee (notify). */
  userId: string;
  labelId: string;
  status: "OPEN" | "PENDING" | "RESOLVED";
  cannedResponseId: string;
};
export type RuleDraft = {
  name: string;
  enabled: boolean;
  match: "all" | "any";
  conditions: ConditionDraft[];
  actions: ActionDraft[];
  cooldownMinutes: number;
  stopAfter: boolean;
};

export const newConditionDraft = (type: ConditionDraft["type"] = "keyword"): ConditionDraft => ({
  type,
  keywords: "",
  pattern: "",
  campaignId: "",
  labelId: "",
});
export const newActionDraft = (type: ActionDraft["type"]): ActionDraft => ({
  type,
  userId: "",
  labelId: "",
  status: "PENDING",
  cannedResponseId: "",
});

export function emptyRuleDraft(): RuleDraft {
  return {
    name: "",
    enabled: true,
    match: "all",
    conditions: [newConditionDraft("keyword")],
    actions: [newActionDraft("label")],
    cooldownMinutes: RULE_COOLDOWN_DEFAULT,
    stopAfter: false,
  };
}

/** "price, prices ,, cost" → ["price", "prices", "cost"]. */
export function splitKeywords(text: string): string[] {
  return text
    .split(",")
    .map((k) => k.trim())
    .filter(Boolean);
}

function conditionBody(c: ConditionDraft): RuleCondition {
  switch (c.type) {
    case "keyword":
      return { type: c.type, keywords: splitKeywords(c.keywords) };
    case "regex":
      return { type: c.type, pattern: c.pattern };
    case "first_message":
      return { type: c.type };
    case "from_campaign":
      return { type: c.type, campaignId: c.campaignId || null };
    case "label":
      return { type: c.type, labelId: c.labelId };
  }
}

function actionBody(a: ActionDraft): RuleAction {
  switch (a.type) {
    case "assign":
      return { type: a.type, userId: a.userId };
    case "label":
      return { type: a.type, labelId: a.labelId };
    case "set_status":
      return { type: a.type, status: a.status };
    case "reply":
      return { type: a.type, cannedResponseId: a.cannedResponseId };
    case "notify":
      return { type: a.type, userId: a.userId || null };
  }
}

/** The draft as the create route's body (unchecked: the schema checks it). */
export function toRuleBody(d: RuleDraft): RuleBodyInput {
  return {
    name: d.name,
    enabled: d.enabled,
    match: d.match,
    conditions: d.conditions.map(conditionBody),
    actions: d.actions.map(actionBody),
    cooldownMinutes: d.cooldownMinutes,
    stopAfter: d.stopAfter,
  };
}

/** A saved rule as a draft to edit. */
export function toRuleDraft(rule: RuleDto): RuleDraft {
  return {
    name: rule.name,
    enabled: rule.enabled,
    match: rule.match,
    conditions: rule.conditions.map((c) => ({
      ...newConditionDraft(c.type),
      ...(c.type === "keyword" ? { keywords: c.keywords.join(", ") } : {}),
      ...(c.type === "regex" ? { pattern: c.pattern } : {}),
      ...(c.type === "from_campaign" ? { campaignId: c.campaignId ?? "" } : {}),
      ...(c.type === "label" ? { labelId: c.labelId } : {}),
    })),
    actions: rule.actions.map((a) => ({
      ...newActionDraft(a.type),
      ...(a.type === "assign" || a.type === "notify" ? { userId: a.userId ?? "" } : {}),
      ...(a.type === "label" ? { labelId: a.labelId } : {}),
      ...(a.type === "set_status" ? { status: a.status } : {}),
      ...(a.type === "reply" ? { cannedResponseId: a.cannedResponseId } : {}),
    })),
    cooldownMinutes: rule.cooldownMinutes,
    stopAfter: rule.stopAfter,
  };
}

/** The draft checked by the route's own schema: the body, or issues at the draft's paths. The form's resolver. */
export const ruleDraftSchema: z.ZodType<RuleBody, RuleDraft> = z
  .custom<RuleDraft>((value) => typeof value === "object" && value !== null)
  .transform(toRuleBody)
  .pipe(createRuleSchema);
