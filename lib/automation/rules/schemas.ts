import { z } from "zod";
import { checkRulePattern } from "./check-pattern";

// Automation rules (Settings → Automation rules): "when an inbound message matches … then …". Shared by the route
// handlers, the form and the evaluator, which parses each stored rule again (one that no longer parses is skipped).

const id = z.string().trim().min(1, { error: "is required" }).max(64);

const RULE_CONDITION_TYPES = ["keyword", "regex", "first_message", "from_campaign", "label"] as const;
const ruleConditionSchema = z.discriminatedUnion(
  "type",
  [
    /** Any of the words or phrases, case-insensitive, as whole words ("price" does not match "priceless"). */
    z.strictObject({
      type: z.literal("keyword"),
      keywords: z
        .array(
          z
            .string()
            .trim()
            .min(1, { error: "a keyword cannot be empty" })
            .max(100, { error: "at most 100 characters" }),
        )
        .min(1, { error: "give at least one keyword" })
        .max(50, { error: "at most 50 keywords" }),
    }),
    z.strictObject({
      type: z.literal("regex"),
      pattern: z.string().superRefine((value, ctx) => {
        const check = checkRulePattern(value);
        if (!check.ok) ctx.addIssue({ code: "custom", message: check.message });
      }),
    }),
    /** The customer's first message ever. */
    z.strictObject({ type: z.literal("first_message") }),
    /** A reply to a campaign send (it quotes the send): any campaign, or the one named. */
    z.strictObject({ type: z.literal("from_campaign"), campaignId: id.nullable() }),
    /** The conversation or its customer has the label. */
    z.strictObject({ type: z.literal("label"), labelId: id }),
  ],
  { error: `must be one of ${RULE_CONDITION_TYPES.join(", ")}` },
);
export type RuleCondition = z.infer<typeof ruleConditionSchema>;

const RULE_ACTION_TYPES = ["assign", "label", "set_status", "reply", "notify"] as const;
const ruleActionSchema = z.discriminatedUnion(
  "type",
  [
    z.strictObject({ type: z.literal("assign"), userId: id }),
    z.strictObject({ type: z.literal("label"), labelId: id }),
    z.strictObject({
      type: z.literal("set_status"),
      status: z.enum(["OPEN", "PENDING", "RESOLVED"], { error: "must be OPEN, PENDING or RESOLVED" }),
    }),
    /** A quick reply (canned response), sent through chooseAutomatedSend: session text while the window is open. */
    z.strictObject({ type: z.literal("reply"), cannedResponseId: id }),
    /** A notification to a user, or to the conversation's assignee (userId null). */
    z.strictObject({ type: z.literal("notify"), userId: id.nullable() }),
  ],
  { error: `must be one of ${RULE_ACTION_TYPES.join(", ")}` },
);
export type RuleAction = z.infer<typeof ruleActionSchema>;

const ruleConditionsSchema = z
  .array(ruleConditionSchema)
  .min(1, { error: "give at least one condition" })
  .max(10, { error: "at most 10 conditions" });
export const ruleActionsSchema = z
  .array(ruleActionSchema)
  .min(1, { error: "give at least one action" })
  .max(10, { error: "at most 10 actions" })
  .refine((list) => list.filter((a) => a.type === "reply").length <= 1, {
    error: "at most one reply per rule",
  })
  .refine((list) => list.filter((a) => a.type === "assign").length <= 1, {
    error: "at most one assignment per rule",
  })
  .refine((list) => list.filter((a) => a.type === "set_status").length <= 1, {
    error: "at most one status change per rule",
  });

export const RULE_COOLDOWN_DEFAULT = 60;
export const MAX_RULES = 100;

const ruleBodySchema = z.strictObject({
  name: z.string().trim().min(1, { error: "is required" }).max(80, { error: "at most 80 characters" }),
  enabled: z.boolean({ error: "must be true or false" }).default(true),
  /** all = every condition must hold; any = one is enough. */
  match: z.enum(["all", "any"], { error: "must be all or any" }).default("all"),
  conditions: ruleConditionsSchema,
  actions: ruleActionsSchema,
  /** Loop protection: at most once per conversation in this many minutes (1 minute to 7 days). */
  cooldownMinutes: z
    .number({ error: "must be a number of minutes" })
    .int({ error: "must be a whole number of minutes" })
    .min(1, { error: "must be at least 1 minute" })
    .max(10_080, { error: "must be at most 10080 minutes (7 days)" })
    .default(RULE_COOLDOWN_DEFAULT),
  /** When this rule fires, the rules after it are not evaluated for the message. */
  stopAfter: z.boolean({ error: "must be true or false" }).default(false),
});
export type RuleBody = z.infer<typeof ruleBodySchema>;
export type RuleBodyInput = z.input<typeof ruleBodySchema>;

export const createRuleSchema = ruleBodySchema;
export const updateRuleSchema = ruleBodySchema
  .partial()
  .refine((v) => Object.values(v).some((x) => x !== undefined), {
    error: "There is nothing to change.",
  });
export type UpdateRuleInput = z.infer<typeof updateRuleSchema>;

/** The whole order, first to last: every rule's id exactly once. */
export const reorderRulesSchema = z.strictObject({ ids: z.array(id).min(1).max(MAX_RULES) });

/** Dry run: the rule as drafted (not saved) over the last `limit` customer messages. */
export const previewRuleSchema = z.strictObject({
  rule: ruleBodySchema,
  limit: z.number().int().min(1).max(500).default(100),
});
export type PreviewRuleInput = z.infer<typeof previewRuleSchema>;

/** How a rule is stored: conditions, match and stopAfter live together in the `conditions` JSON column. */
export const storedConditionsSchema = z.object({
  match: z.enum(["all", "any"]).default("all"),
  stopAfter: z.boolean().default(false),
  list: ruleConditionsSchema,
});

export type RuleDto = RuleBody & { id: string; position: number; updatedAt: string };
