import { z } from "zod";
import { isValidTimeZone, parseWallTime, WEEKDAYS, type BusinessHours } from "./business-hours";

// Settings → Automation, as the form sends it and as it is stored (AutomationSettings.config). Shared by the
// route handler, the form and the reader, which parses each stored section again (a section that no longer parses
// falls back to its default).

const wallTime = z
  .string({ error: "must be a time such as 09:00" })
  .refine((v) => parseWallTime(v) !== null, { error: "must be a time such as 09:00 (00:00 to 24:00)" });

const interval = z
  .strictObject({ start: wallTime, end: wallTime })
  .refine((v) => (parseWallTime(v.end) ?? 0) > (parseWallTime(v.start) ?? 0), {
    error: "must end after it starts",
    path: ["end"],
  })
  .refine((v) => v.start !== "24:00", { error: "cannot start at 24:00", path: ["start"] });

const day = z
  .array(interval)
  .max(4, { error: "at most 4 open intervals a day" })
  .superRefine((list, ctx) => {
    const sorted = list
      .map((v, i) => ({ i, s: parseWallTime(v.start) ?? 0, e: parseWallTime(v.end) ?? 0 }))
      .sort((a, b) => a.s - b.s);
    for (let k = 1; k < sorted.length; k++) {
      if (sorted[k]!.s < sorted[k - 1]!.e)
        ctx.addIssue({
          code: "custom",
          path: [sorted[k]!.i, "start"],
          message: "overlaps the interval before it",
        });
    }
  });

const isoDate = z
  .string({ error: "must be a date such as 2026-12-25" })
  .regex(/^\d{4}-\d{2}-\d{2}$/, { error: "must be a date such as 2026-12-25" })
  .refine(
    (v) => {
      const d = new Date(`${v}T00:00:00Z`);
      return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(v);
    },
    { error: "is not a real date" },
  );

const businessHoursSchema = z.strictObject({
  timeZone: z
    .string({ error: "must be a time zone such as Europe/London" })
    .trim()
    .refine(isValidTimeZone, { error: "is not a known time zone (use an IANA name such as Europe/London)" }),
  weekly: z.strictObject(
    Object.fromEntries(WEEKDAYS.map((d) => [d, day.default([])])) as Record<
      (typeof WEEKDAYS)[number],
      z.ZodDefault<typeof day>
    >,
  ),
  holidays: z
    .array(
      z.strictObject({
        date: isoDate,
        name: z.string().trim().max(100, { error: "at most 100 characters" }).optional(),
      }),
    )
    .max(200, { error: "at most 200 holidays" })
    .refine((list) => new Set(list.map((h) => h.date)).size === list.length, {
      error: "a date is listed twice",
    }),
}) satisfies z.ZodType<BusinessHours, unknown>;

const templateRefSchema = z.strictObject({
  name: z
    .string()
    .trim()
    .min(1, { error: "is required" })
    .max(512)
    .regex(/^[a-z0-9_]+$/, { error: "must be lowercase letters, digits and _" }),
  language: z
    .string()
    .trim()
    .regex(/^[a-z]{2,3}(_[A-Z]{2})?$/, { error: "must be a language code such as en, en_US or pt_BR" }),
});
export type TemplateRef = z.infer<typeof templateRefSchema>;

/** One automated message: the text sent in an open window, the template sent when it is closed (or nothing). */
const automatedMessageSchema = z
  .strictObject({
    enabled: z.boolean({ error: "must be true or false" }),
    text: z.string().trim().max(1024, { error: "at most 1024 characters" }).nullable(),
    template: templateRefSchema.nullable(),
  })
  .refine((v) => !v.enabled || Boolean(v.text) || v.template !== null, {
    error: "give a text (sent in the 24-hour window) or a template (sent outside it), or turn it off",
    path: ["text"],
  });
export type AutomatedMessageConfig = z.infer<typeof automatedMessageSchema>;

const ASSIGNMENT_MODES = ["off", "round_robin", "least_busy"] as const;
const assignmentSchema = z.strictObject({
  mode: z.enum(ASSIGNMENT_MODES, { error: "must be off, round_robin or least_busy" }),
  /** Open conversations an agent may hold before auto-assignment passes them over (their own setting wins). */
  defaultCapacity: z
    .number({ error: "must be a number" })
    .int({ error: "must be a whole number" })
    .min(1, { error: "must be at least 1" })
    .max(500, { error: "must be at most 500" }),
  /** When an agent sets Away, their open conversations go back to the pool (unassigned, then auto-assigned). */
  releaseOnAway: z.boolean({ error: "must be true or false" }),
});
export type AssignmentConfig = z.infer<typeof assignmentSchema>;

const wholeNumber = (min: number, max: number, unit: string) =>
  z
    .number({ error: `must be a number of ${unit}` })
    .int({ error: `must be a whole number of ${unit}` })
    .min(min, { error: `must be at least ${min}` })
    .max(max, { error: `must be at most ${max}` });

/**
 * Campaign send policies (lib/campaigns/policies/): quiet hours in the recipient's local time (start to end, may
 * wrap past midnight: 21:00–08:00), a cap on marketing messages per contact across campaigns, and what happens
 * after Meta's per-user marketing limit (131049): never an immediate retry; one retry after a delay when on.
 */
const campaignPoliciesSchema = z.strictObject({
  quietHours: z
    .strictObject({ enabled: z.boolean({ error: "must be true or false" }), start: wallTime, end: wallTime })
    .refine((v) => v.start !== v.end, { error: "must start and end at different times", path: ["end"] })
    .refine((v) => v.start !== "24:00" && v.end !== "24:00", {
      error: "use 00:00 for midnight",
      path: ["start"],
    }),
  contactCap: z.strictObject({
    enabled: z.boolean({ error: "must be true or false" }),
    maxMessages: wholeNumber(1, 20, "messages"),
    windowHours: wholeNumber(1, 168, "hours"),
  }),
  limitRetry: z.strictObject({
    enabled: z.boolean({ error: "must be true or false" }),
    delayHours: wholeNumber(1, 168, "hours"),
  }),
});
export type CampaignPolicies = z.infer<typeof campaignPoliciesSchema>;

const automationSettingsSchema = z.strictObject({
  businessHours: businessHoursSchema,
  welcome: automatedMessageSchema,
  away: automatedMessageSchema,
  /** Resolve a conversation after this many hours without a customer message; null = never. */
  autoResolveHours: z
    .number({ error: "must be a number of hours" })
    .int({ error: "must be a whole number of hours" })
    .min(1, { error: "must be at least 1 hour" })
    .max(720, { error: "must be at most 720 hours (30 days)" })
    .nullable(),
  /** The survey question (text) and the template for a closed window. */
  csat: automatedMessageSchema,
  assignment: assignmentSchema,
  campaignPolicies: campaignPoliciesSchema,
});
export type AutomationSettings = z.infer<typeof automationSettingsSchema>;

/** PATCH body: any sections, each whole. */
export const updateAutomationSettingsSchema = automationSettingsSchema
  .partial()
  .refine((v) => Object.values(v).some((x) => x !== undefined), { error: "There is nothing to change." });
export type UpdateAutomationSettingsInput = z.infer<typeof updateAutomationSettingsSchema>;

const nineToFive = [{ start: "09:00", end: "17:00" }];
export const DEFAULT_AUTOMATION_SETTINGS: AutomationSettings = {
  businessHours: {
    timeZone: "UTC",
    weekly: {
      sun: [],
      mon: nineToFive,
      tue: nineToFive,
      wed: nineToFive,
      thu: nineToFive,
      fri: nineToFive,
      sat: [],
    },
    holidays: [],
  },
  welcome: {
    enabled: false,
    text: "Hi! Thanks for your message. Someone from our team will reply shortly.",
    template: null,
  },
  away: {
    enabled: false,
    text: "Thanks for your message. We are closed right now and will reply when we open ({{next_opening}}).",
    template: null,
  },
  autoResolveHours: null,
  csat: {
    enabled: false,
    text: "How would you rate our help today? (1 = poor, 5 = excellent)",
    template: null,
  },
  assignment: { mode: "off", defaultCapacity: 10, releaseOnAway: true },
  campaignPolicies: {
    quietHours: { enabled: false, start: "21:00", end: "08:00" },
    contactCap: { enabled: false, maxMessages: 1, windowHours: 24 },
    limitRetry: { enabled: false, delayHours: 24 },
  },
};

/** Each stored section through its schema; a missing or unreadable one is the default. */
export function readAutomationSettings(stored: unknown): AutomationSettings {
  const raw = stored && typeof stored === "object" ? (stored as Record<string, unknown>) : {};
  const section = <K extends keyof AutomationSettings>(key: K): AutomationSettings[K] => {
    const parsed = automationSettingsSchema.shape[key].safeParse(raw[key]);
    return parsed.success ? (parsed.data as AutomationSettings[K]) : DEFAULT_AUTOMATION_SETTINGS[key];
  };
  return {
    businessHours: section("businessHours"),
    welcome: section("welcome"),
    away: section("away"),
    autoResolveHours: section("autoResolveHours"),
    csat: section("csat"),
    assignment: section("assignment"),
    campaignPolicies: section("campaignPolicies"),
  };
}

/** An agent's own toggle: Available for auto-assignment, or Away. */
export const setAvailabilitySchema = z.strictObject({
  available: z.boolean({ error: "must be true or false" }),
});
