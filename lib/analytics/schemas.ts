import { z } from "zod";
import { RECIPIENT_STATES } from "../campaigns/states";

// zod schemas of the analytics routes (query strings in, typed values out), shared with the client's forms.

export const GRANULARITIES = ["minute", "hour", "day"] as const;
export type Granularity = (typeof GRANULARITIES)[number];

export function isTimeZone(value: string): boolean {
  if (!/^[A-Za-z][A-Za-z0-9_+\-/]{0,63}$/.test(value)) return false;
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

export const timeZoneSchema = z
  .string()
  .trim()
  .refine(isTimeZone, { error: "tz must be an IANA time zone, e.g. Europe/London" })
  .default("UTC");

const campaignId = z.string().trim().min(1, { error: "campaign id is required" }).max(64);

export const seriesQuerySchema = z.object({
  granularity: z
    .enum(["auto", ...GRANULARITIES], { error: "granularity must be auto, minute, hour or day" })
    .default("auto"),
  tz: timeZoneSchema,
});
export type SeriesQuery = z.infer<typeof seriesQuerySchema>;

/** Recipient states plus REPLIED (answered within 24 hours of delivery) and CLICKED (a button or link, per the report). */
const RECIPIENT_STATUS_FILTERS = [...RECIPIENT_STATES, "REPLIED", "CLICKED"] as const;
export type RecipientStatusFilter = (typeof RECIPIENT_STATUS_FILTERS)[number];

export const recipientFilterSchema = z.object({
  status: z
    .enum(RECIPIENT_STATUS_FILTERS, { error: `status must be one of ${RECIPIENT_STATUS_FILTERS.join(", ")}` })
    .optional(),
  /** A failure code from the breakdown ("" is not a code: omit the parameter instead). */
  error: z.string().trim().min(1).max(120).optional(),
  /** Empty means no search. */
  q: z.string().trim().max(100, { error: "search is at most 100 characters" }).optional(),
});
export type RecipientFilter = z.infer<typeof recipientFilterSchema>;

export const recipientListQuerySchema = recipientFilterSchema.extend({
  cursor: z.coerce.number({ error: "cursor must be a number" }).int().min(0).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type RecipientListQuery = z.infer<typeof recipientListQuerySchema>;

export const daySchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { error: "must be a date like 2026-11-25" });

/** The rules of every `from`/`to` day range: in order, and at most a year long. */
export function checkedDayRange<T extends z.ZodType<{ from?: string; to?: string }>>(schema: T): T {
  return schema
    .refine((v) => !v.from || !v.to || v.from <= v.to, {
      error: "from must be on or before to",
      path: ["from"],
    })
    .refine((v) => !v.from || !v.to || Date.parse(v.to) - Date.parse(v.from) <= 366 * 86_400_000, {
      error: "the range can span at most a year",
      path: ["to"],
    });
}

/** A date range in the viewer's time zone, both days included. */
export const overviewQuerySchema = checkedDayRange(
  z.object({ from: daySchema.optional(), to: daySchema.optional(), tz: timeZoneSchema }),
);
export type OverviewQuery = z.infer<typeof overviewQuerySchema>;

export const compareQuerySchema = z
  .object({ a: campaignId, b: campaignId, tz: timeZoneSchema })
  .refine((v) => v.a !== v.b, { error: "pick two different campaigns", path: ["b"] });
export type CompareQuery = z.infer<typeof compareQuerySchema>;
