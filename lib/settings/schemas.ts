import { z } from "zod";

// Connectly connection settings as the Settings form sends them. For each field: absent = leave as it is,
// null = forget the saved value (the environment's applies again), a string = save it.

const businessId = z
  .string()
  .trim()
  .min(1, "is required")
  .max(200)
  .regex(/^[A-Za-z0-9_.:-]+$/, "may only contain letters, digits and _ . : -");
const secret = (what: string) =>
  z
    .string()
    .trim()
    .min(8, `must be at least 8 characters (paste the whole ${what})`)
    .max(500, "must be at most 500 characters");
const sender = z
  .string()
  .trim()
  .regex(/^\+[1-9]\d{7,14}$/, "must be an E.164 number such as +14155550100");

export const updateConnectlySettingsSchema = z
  .strictObject({
    businessId: businessId.nullable().optional(),
    apiKey: secret("API key").nullable().optional(),
    webhookSecret: secret("webhook secret").nullable().optional(),
    defaultSender: sender.nullable().optional(),
  })
  .refine((v) => Object.values(v).some((x) => x !== undefined), { message: "There is nothing to change." });
export type UpdateConnectlySettingsInput = z.infer<typeof updateConnectlySettingsSchema>;

// "Test connection" may try values typed into the form before they are saved; absent = the current ones.
export const testConnectionSchema = z.strictObject({
  businessId: businessId.optional(),
  apiKey: secret("API key").optional(),
});
export type TestConnectionInput = z.infer<typeof testConnectionSchema>;

// Webhook event retention in days (Settings page). null = back to the default.
const retentionDays = z
  .number({ error: "must be a whole number of days" })
  .int("must be a whole number of days")
  .min(1, "must be at least 1 day")
  .max(3650, "must be at most 3650 days (10 years)");
export const updateWebhookRetentionSchema = z
  .strictObject({
    days: retentionDays.nullable().optional(),
    invalidDays: retentionDays.nullable().optional(),
  })
  .refine((v) => v.days !== undefined || v.invalidDays !== undefined, { message: "There is nothing to change." });
export type UpdateWebhookRetentionInput = z.infer<typeof updateWebhookRetentionSchema>;
