import { z } from "zod";
import { checkedDayRange, daySchema, timeZoneSchema } from "../analytics/schemas";

// zod schemas of the support report routes, shared with the reports page's forms.

/** A date range in the viewer's time zone (both days included), optionally one agent's share of it. */
export const supportReportQuerySchema = checkedDayRange(
  z.object({
    from: daySchema.optional(),
    to: daySchema.optional(),
    tz: timeZoneSchema,
    agentId: z.string().trim().min(1).max(64, { error: "agentId is at most 64 characters" }).optional(),
  }),
);
export type SupportReportQuery = z.infer<typeof supportReportQuerySchema>;

/** Support targets; null switches a target off. At most a week to first response, 90 days to resolution. */
export const slaTargetsSchema = z.strictObject({
  firstResponseMinutes: z
    .number({ error: "first response target must be a number of minutes" })
    .int({ error: "first response target must be whole minutes" })
    .min(1, { error: "first response target must be at least 1 minute" })
    .max(7 * 24 * 60, { error: "first response target must be at most a week (10080 minutes)" })
    .nullable(),
  resolutionHours: z
    .number({ error: "resolution target must be a number of hours" })
    .int({ error: "resolution target must be whole hours" })
    .min(1, { error: "resolution target must be at least 1 hour" })
    .max(90 * 24, { error: "resolution target must be at most 90 days (2160 hours)" })
    .nullable(),
  /** Count both targets in business hours (the automation settings' hours, time zone and holidays). Absent = unchanged. */
  businessHours: z.boolean({ error: "businessHours must be true or false" }).optional(),
});
export type SlaTargets = z.infer<typeof slaTargetsSchema>;
