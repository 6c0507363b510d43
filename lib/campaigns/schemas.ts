import { z } from "zod";
import {
  flowNameSchema,
  flowVariableNameSchema,
  flowVersionSchema,
  MAX_FLOW_VARIABLES,
} from "../connectly/flow-sendouts";
import { templateParameterNameSchema } from "../connectly/schemas";
import { RECIPIENT_STATES } from "./states";

// zod schemas shared by the campaign route handlers, services and the builder's forms.

export const MAX_RATE_PER_SECOND = 1000;
export const MAX_CSV_ROWS = 100_000;
export const MAX_CSV_BYTES = 50 * 1024 * 1024;
/** Columns in a CSV (the header and every row): a wider file is refused while it is read, before it costs memory. */
export const MAX_CSV_COLUMNS = 1000;
/** Characters in one CSV record (header or row, its cells together), enforced by the parser as it reads. */
export const MAX_CSV_RECORD_CHARS = 64 * 1024;
/** Characters of a rejected row's original cells kept for the report (cells beyond it are cut, then dropped). */
export const MAX_REJECTED_CELLS_CHARS = 4 * 1024;

const name = z
  .string()
  .trim()
  .min(1, { error: "name is required" })
  .max(120, { error: "name must be at most 120 characters" });

const rate = z.coerce
  .number({ error: "ratePerSecond must be a number" })
  .int({ error: "ratePerSecond must be a whole number" })
  .min(1, { error: "ratePerSecond must be at least 1 message per second" })
  .max(MAX_RATE_PER_SECOND, {
    error: `ratePerSecond can be at most ${MAX_RATE_PER_SECOND} messages per second`,
  });

const sender = z
  .string()
  .trim()
  .regex(/^\+[1-9]\d{7,14}$/, { error: "sender must be an E.164 business number, e.g. +14155550100" });

/** TEMPLATE: an approved template per recipient; FLOW: a Connectly flow started per recipient (send/campaigns). */
const CAMPAIGN_KINDS = ["TEMPLATE", "FLOW"] as const;
export type CampaignKind = (typeof CAMPAIGN_KINDS)[number];

export const createCampaignSchema = z.strictObject({
  name,
  kind: z.enum(CAMPAIGN_KINDS, { error: "kind must be TEMPLATE or FLOW" }).optional(),
});
export type CreateCampaignInput = z.infer<typeof createCampaignSchema>;

const flowVariables = z
  .array(flowVariableNameSchema)
  .max(MAX_FLOW_VARIABLES, { error: `at most ${MAX_FLOW_VARIABLES} flow variables` })
  .refine((names) => new Set(names).size === names.length, { error: "each flow variable once" });

export const updateCampaignSchema = z
  .strictObject({
    name: name.optional(),
    templateName: z.string().trim().min(1, { error: "templateName is required" }).max(512).optional(),
    language: z.string().trim().min(2, { error: "language is required" }).max(20).optional(),
    sender: sender.nullable().optional(),
    ratePerSecond: rate.optional(),
    // Flow campaigns only (lib/connectly/flow-sendouts.ts).
    flowName: flowNameSchema.optional(),
    flowVersion: flowVersionSchema.nullable().optional(),
    flowVariables: flowVariables.optional(),
  })
  .refine((v) => (v.templateName === undefined) === (v.language === undefined), {
    error: "templateName and language go together",
    path: ["language"],
  });
export type UpdateCampaignInput = z.infer<typeof updateCampaignSchema>;

// The builder's flow step: the version box empty = the latest, the variables typed as one comma-separated line.
export const campaignFlowFormSchema = z.object({
  flowName: z
    .string()
    .trim()
    .min(1, { error: "Type the flow's exact name from Connectly's Flow Builder." })
    .pipe(flowNameSchema),
  flowVersion: z
    .string()
    .trim()
    .transform((v) => v || null)
    .pipe(flowVersionSchema.nullable()),
  flowVariables: z.string().transform((text, ctx) => {
    const checked = flowVariables.safeParse(text.split(/[\s,]+/).filter(Boolean));
    if (checked.success) return checked.data;
    // One message on the one box (not per array item: the form has no box per variable).
    ctx.addIssue({ code: "custom", message: checked.error.issues[0]?.message ?? "not valid flow variables" });
    return z.NEVER;
  }),
});

// Where a template variable's value comes from, per recipient.
const variableSourceSchema = z.discriminatedUnion("kind", [
  z.strictObject({
    kind: z.literal("column"),
    column: z.string().min(1, { error: "pick a column" }),
    fallback: z.string().max(1024).optional(),
  }),
  z.strictObject({ kind: z.literal("fixed"), value: z.string().max(2000) }),
  z.strictObject({
    kind: z.literal("contact"),
    field: z.enum(["name", "phone"], { error: "field must be name or phone" }),
    fallback: z.string().max(1024).optional(),
  }),
]);
export type VariableSource = z.infer<typeof variableSourceSchema>;

// Keys: a template's parameter names, or a flow campaign's variable names (identifiers); the import checks
// them against the campaign (checkMappingCovers).
const variablesMapping = z.record(
  z.union([templateParameterNameSchema, flowVariableNameSchema]),
  variableSourceSchema,
);
export type VariablesMapping = z.infer<typeof variablesMapping>;

const country = z
  .string()
  .regex(/^[A-Z]{2}$/, { error: "defaultCountry must be a two-letter country code, e.g. GB" })
  .nullable();

export const CSV_DELIMITERS = [",", ";", "\t", "|"] as const;

// The CSV import's settings travel in the query string (the body is the file itself, streamed).
export const csvImportSchema = z.strictObject({
  fileName: z.string().trim().max(255).optional(),
  delimiter: z.enum(CSV_DELIMITERS, { error: "delimiter must be , ; tab or |" }),
  addressColumn: z.string().min(1, { error: "pick the column with the phone number or BSUID" }),
  defaultCountry: country,
  variables: variablesMapping,
  /** Flow campaigns (alpha upstream): the column holding each recipient's ISO 8601 start time; blank cells = now. */
  scheduledAtColumn: z.string().min(1).optional(),
});
export type CsvImportInput = z.infer<typeof csvImportSchema>;

const contactsFilterSchema = z.strictObject({
  q: z.string().trim().max(100).optional(),
  /** Only contacts who wrote to us within this many days. */
  activeWithinDays: z.coerce.number().int().min(1).max(3650).optional(),
  conversationStatus: z.enum(["OPEN", "PENDING", "RESOLVED"]).optional(),
});
export type ContactsFilter = z.infer<typeof contactsFilterSchema>;

export const contactsImportSchema = z.strictObject({
  filter: contactsFilterSchema,
  variables: variablesMapping.refine((v) => Object.values(v).every((s) => s.kind !== "column"), {
    error: "contacts have no columns: map variables to a contact field or a fixed value",
  }),
  dryRun: z.boolean().optional(),
});
export type ContactsImportInput = z.infer<typeof contactsImportSchema>;

/** A saved segment as the audience: planned now, its recipients picked at launch (segment-audience.ts). */
export const segmentAudienceSchema = z.strictObject({
  segmentId: z.string().min(1).max(64),
  variables: variablesMapping.refine((v) => Object.values(v).every((s) => s.kind !== "column"), {
    error: "a segment has no columns: map variables to a contact field or a fixed value",
  }),
  dryRun: z.boolean().optional(),
});
export type SegmentAudienceInput = z.infer<typeof segmentAudienceSchema>;

export const launchCampaignSchema = z.strictObject({
  scheduledAt: z.iso
    .datetime({ offset: true, error: "scheduledAt must be an ISO date-time" })
    .refine((v) => Date.parse(v) > Date.now() - 60_000, { error: "scheduledAt must be in the future" })
    .optional(),
});
export type LaunchCampaignInput = z.infer<typeof launchCampaignSchema>;

// The review step's "When to send": now, or a local date-time from the browser's picker (in its zone), which must
// still be ahead; the launch body carries it as an ISO instant.
export const campaignLaunchFormSchema = z
  .object({ when: z.enum(["now", "later"]), scheduledAt: z.string() })
  .transform((form, ctx) => {
    if (form.when === "now") return {};
    const at = new Date(form.scheduledAt);
    if (form.scheduledAt === "" || Number.isNaN(at.getTime()) || at.getTime() < Date.now()) {
      ctx.addIssue({ code: "custom", path: ["scheduledAt"], message: "Pick a time in the future." });
      return z.NEVER;
    }
    return { scheduledAt: at.toISOString() };
  })
  .pipe(launchCampaignSchema);

// The review step's pace box: the typed text, within ratePerSecond's bounds, with one message for every way the
// box can be wrong (empty, not a number, a fraction, out of range).
const rateMessage = `A whole number from 1 to ${MAX_RATE_PER_SECOND.toLocaleString("en-US")}.`;
export const campaignRateFormSchema = z.object({
  ratePerSecond: z
    .string()
    .trim()
    .transform(Number)
    .pipe(
      z
        .number({ error: rateMessage })
        .int({ error: rateMessage })
        .min(1, { error: rateMessage })
        .max(MAX_RATE_PER_SECOND, { error: rateMessage }),
    ),
});

export const controlCampaignSchema = z.strictObject({
  action: z.enum(["pause", "resume", "cancel"], { error: "action must be pause, resume or cancel" }),
});
export type ControlCampaignInput = z.infer<typeof controlCampaignSchema>;

export const retryCampaignSchema = z.strictObject({
  /** Also re-send recipients whose first send may have gone out (UNKNOWN): they may get it twice. */
  includeUnknown: z.boolean().optional(),
});
export type RetryCampaignInput = z.infer<typeof retryCampaignSchema>;

export const sendCampaignTestSchema = z.strictObject({
  /** The manager's own WhatsApp number (E.164); remembered on their account for the next test. */
  phone: z
    .string()
    .trim()
    .regex(/^\+[1-9]\d{7,14}$/, "must be a number in international format, such as +447700900123"),
});
export type SendCampaignTestInput = z.infer<typeof sendCampaignTestSchema>;

// The test send's number box: spaces, dots, dashes and brackets are how people write numbers.
export const campaignTestFormSchema = z
  .object({ phone: z.string() })
  .transform(({ phone }) => ({ phone: phone.replace(/[\s().-]/g, "") }))
  .pipe(sendCampaignTestSchema);

export const campaignListQuerySchema = z.object({
  status: z.enum(["DRAFT", "SCHEDULED", "RUNNING", "PAUSED", "COMPLETED", "CANCELLED"]).optional(),
  cursor: z.string().optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});
export type CampaignListQuery = z.infer<typeof campaignListQuerySchema>;

export const recipientListQuerySchema = z.object({
  state: z.enum(RECIPIENT_STATES).optional(),
  cursor: z.coerce.number().int().min(0).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type RecipientListQuery = z.infer<typeof recipientListQuerySchema>;
