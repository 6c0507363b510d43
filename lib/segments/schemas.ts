import { z } from "zod";
import { attributeKeySchema } from "../contacts/schemas";

// A segment's filter: conditions over contacts combined in AND/OR groups. Pure (client and server): the builder
// edits this shape and lib/segments/compile-segment.ts turns it into parameterised SQL.
//
// Extending it: a new condition kind (for example `attribute`, once contacts have typed attributes) is one more
// member of `conditionSchema` and one more case in compile-segment.ts; stored filters stay valid.

export const MAX_SEGMENT_DEPTH = 3; // the root group and two levels of nested groups
export const MAX_GROUP_ITEMS = 20;
const MAX_SEGMENT_CONDITIONS = 50;
export const SEGMENT_NAME_MAX = 80;

const id = z.string().min(1).max(64);
const isoDate = z.iso.date({ error: "must be a date (YYYY-MM-DD)" });

/** What a contact did with a campaign send (any campaign when campaignId is absent). */
export const ENGAGEMENTS = [
  "received",
  "delivered_not_read",
  "read",
  "read_not_replied",
  "replied",
  "not_replied",
  "clicked",
  "not_clicked",
  "read_not_clicked",
] as const;
export type Engagement = (typeof ENGAGEMENTS)[number];
export const ENGAGEMENT_LABELS: Record<Engagement, string> = {
  received: "was sent",
  delivered_not_read: "got it but did not read it",
  read: "read it",
  read_not_replied: "read it but did not reply",
  replied: "replied",
  not_replied: "did not reply",
  clicked: "clicked a button or link",
  not_clicked: "did not click",
  read_not_clicked: "read it but did not click",
};

/** A custom field's key (lib/contacts/schemas.ts: lower-case letters, digits and _). */
const attributeKey = attributeKeySchema;

/**
 * A typed custom field (ContactAttribute; values in Contact.attributes): text equals (ignoring case) or contains,
 * number less than / equal to / greater than, date before / after a day or within the last N days (UTC), boolean
 * is. A contact without a value for the field never matches. `type` is the field's type when the condition was
 * built (a value of another type stored under the key does not match).
 */
const attributeConditionSchema = z.discriminatedUnion(
  "type",
  [
    z.strictObject({
      kind: z.literal("attribute"),
      key: attributeKey,
      type: z.literal("TEXT"),
      op: z.enum(["equals", "contains"], { error: "op must be equals or contains" }),
      value: z
        .string()
        .trim()
        .min(1, { error: "value is required" })
        .max(200, { error: "value must be at most 200 characters" }),
    }),
    z.strictObject({
      kind: z.literal("attribute"),
      key: attributeKey,
      type: z.literal("NUMBER"),
      op: z.enum(["lt", "eq", "gt"], { error: "op must be lt, eq or gt" }),
      value: z.number({ error: "value must be a number" }).finite({ error: "value must be a finite number" }),
    }),
    z
      .strictObject({
        kind: z.literal("attribute"),
        key: attributeKey,
        type: z.literal("DATE"),
        op: z.enum(["before", "after", "within"], { error: "op must be before, after or within" }),
        /** The day, for before and after. */
        value: isoDate.optional(),
        /** N, for within the last N days. */
        days: z
          .number({ error: "days must be a number" })
          .int({ error: "days must be whole days" })
          .min(1, { error: "days must be at least 1" })
          .max(3650, { error: "days must be at most 3650" })
          .optional(),
      })
      .refine((c) => (c.op === "within" ? c.days !== undefined : c.value !== undefined), {
        error: (issue) =>
          (issue.input as { op?: string }).op === "within" ? "days is required" : "value is required",
        path: ["value"],
      }),
    z.strictObject({
      kind: z.literal("attribute"),
      key: attributeKey,
      type: z.literal("BOOLEAN"),
      op: z.literal("is"),
      value: z.boolean({ error: "value must be true or false" }),
    }),
  ],
  { error: "type must be one of TEXT, NUMBER, DATE, BOOLEAN" },
);
export type AttributeCondition = z.infer<typeof attributeConditionSchema>;

export const conditionSchema = z.discriminatedUnion(
  "kind",
  [
    /** Carries (has: true) or lacks the label, on the contact or on its conversation. */
    z.strictObject({
      kind: z.literal("label"),
      labelId: z.string().min(1, { error: "pick a label" }).max(64),
      has: z.boolean().default(true),
    }),
    z.strictObject({ kind: z.literal("optedOut"), value: z.boolean() }),
    /**
     * A campaign send to the contact and what came of it. A reply is a message from the customer within
     * `withinHours` of the send (or one that quoted the send).
     */
    z.strictObject({
      kind: z.literal("campaign"),
      campaignId: id.optional(),
      engagement: z.enum(ENGAGEMENTS, { error: `engagement must be one of ${ENGAGEMENTS.join(", ")}` }),
      withinHours: z.number().int().min(1).max(720).default(72),
    }),
    /** Never sent us a message. */
    z.strictObject({ kind: z.literal("neverWrote") }),
    /** The customer's last message came before (or on/after) the start of this day, UTC. */
    z.strictObject({ kind: z.literal("lastInbound"), op: z.enum(["before", "after"]), date: isoDate }),
    attributeConditionSchema,
  ],
  { error: "kind must be one of label, optedOut, campaign, neverWrote, lastInbound, attribute" },
);
export type SegmentCondition = z.infer<typeof conditionSchema>;

export type SegmentGroup = { kind: "group"; op: "and" | "or"; items: (SegmentCondition | SegmentGroup)[] };

/** A group or a condition, told apart by `kind`, so a 422 names what is wrong inside the one it is. */
const itemSchema: z.ZodType<SegmentCondition | SegmentGroup> = z.lazy(() =>
  z.unknown().transform((value, ctx) => {
    const isGroup =
      typeof value === "object" && value !== null && (value as { kind?: unknown }).kind === "group";
    const parsed = isGroup ? groupSchema.safeParse(value) : conditionSchema.safeParse(value);
    if (parsed.success) return parsed.data;
    for (const issue of parsed.error.issues)
      ctx.addIssue({ code: "custom", message: issue.message, path: issue.path });
    return z.NEVER;
  }),
);

const groupSchema: z.ZodType<SegmentGroup> = z.lazy(() =>
  z.strictObject({
    kind: z.literal("group"),
    op: z.enum(["and", "or"], { error: "op must be and or or" }),
    items: z
      .array(itemSchema)
      .max(MAX_GROUP_ITEMS, { error: `a group has at most ${MAX_GROUP_ITEMS} conditions` }),
  }),
);

function measure(group: SegmentGroup, depth = 1): { depth: number; conditions: number } {
  let deepest = depth;
  let conditions = 0;
  for (const item of group.items) {
    if (item.kind === "group") {
      const inner = measure(item, depth + 1);
      deepest = Math.max(deepest, inner.depth);
      conditions += inner.conditions;
    } else conditions++;
  }
  return { depth: deepest, conditions };
}

/** The root group, bounded: nesting depth and the total number of conditions. An empty group matches everyone. */
export const segmentFilterSchema = groupSchema.superRefine((group, ctx) => {
  const { depth, conditions } = measure(group);
  if (depth > MAX_SEGMENT_DEPTH)
    ctx.addIssue({
      code: "custom",
      message: `groups nest at most ${MAX_SEGMENT_DEPTH} deep`,
      path: ["items"],
    });
  if (conditions > MAX_SEGMENT_CONDITIONS)
    ctx.addIssue({
      code: "custom",
      message: `a segment has at most ${MAX_SEGMENT_CONDITIONS} conditions`,
      path: ["items"],
    });
});
export type SegmentFilter = SegmentGroup;

const segmentName = z
  .string()
  .trim()
  .min(1, { error: "name is required" })
  .max(SEGMENT_NAME_MAX, { error: `name must be at most ${SEGMENT_NAME_MAX} characters` });

export const createSegmentSchema = z.strictObject({ name: segmentName, filter: segmentFilterSchema });
export type CreateSegmentInput = z.infer<typeof createSegmentSchema>;

export const updateSegmentSchema = z
  .strictObject({ name: segmentName.optional(), filter: segmentFilterSchema.optional() })
  .refine((v) => v.name !== undefined || v.filter !== undefined, {
    error: "give name or filter",
    path: ["name"],
  });
export type UpdateSegmentInput = z.infer<typeof updateSegmentSchema>;

/** Count a filter that is not saved yet (the builder's live count). */
export const countSegmentSchema = z.strictObject({ filter: segmentFilterSchema });

/** The follow-up audiences of a campaign's analytics page. */
export const FOLLOW_UPS = {
  not_read: { engagement: "delivered_not_read", title: "Did not read" },
  read_not_replied: { engagement: "read_not_replied", title: "Read but did not reply" },
  clicked: { engagement: "clicked", title: "Clicked" },
  read_not_clicked: { engagement: "read_not_clicked", title: "Read but did not click" },
} as const satisfies Record<string, { engagement: Engagement; title: string }>;
export const followUpSchema = z.strictObject({
  kind: z.enum(["not_read", "read_not_replied", "clicked", "read_not_clicked"], {
    error: "kind must be not_read, read_not_replied, clicked or read_not_clicked",
  }),
});
export type FollowUpInput = z.infer<typeof followUpSchema>;
