import { z } from "zod";
import { BUTTON_URL_MODES } from "../connectly/url-buttons";

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

const graceHours = z
  .number({ error: "must be a number of hours" })
  .int("must be a whole number of hours")
  .min(0, "must be 0 or more")
  .max(168, "must be at most 168 (7 days)");

export const updateConnectlySettingsSchema = z
  .strictObject({
    businessId: businessId.nullable().optional(),
    apiKey: secret("API key").nullable().optional(),
    webhookSecret: secret("webhook secret").nullable().optional(),
    // Rotation: how long the secret being replaced is still accepted (Connectly may sign with it for a while).
    webhookSecretGraceHours: graceHours.optional(),
    // Stop accepting the previous secret now.
    endWebhookSecretGrace: z.literal(true, { error: "must be true" }).optional(),
    defaultSender: sender.nullable().optional(),
    // null = back to the default (the suffix, §14).
    buttonUrlMode: z.enum(BUTTON_URL_MODES, { error: "must be suffix or full" }).nullable().optional(),
  })
  .refine((v) => Object.values(v).some((x) => x !== undefined), { message: "There is nothing to change." })
  .refine((v) => v.webhookSecretGraceHours === undefined || v.webhookSecret !== undefined, {
    message: "give webhookSecret with webhookSecretGraceHours (the grace applies to a rotation)",
    path: ["webhookSecretGraceHours"],
  });
export type UpdateConnectlySettingsInput = z.infer<typeof updateConnectlySettingsSchema>;

// The Settings form: what is typed, with the same rules. An empty secret keeps the saved one, an empty sender lets
// Connectly choose; the form sends only what differs from the saved view (updateConnectlySettingsSchema).
const blankOr = <T extends z.ZodType<string, string>>(schema: T) =>
  z.string().trim().pipe(z.literal("").or(schema));
export const connectlySettingsFormSchema = z.object({
  businessId: blankOr(businessId),
  apiKey: blankOr(secret("API key")),
  webhookSecret: blankOr(secret("webhook secret")),
  webhookSecretGraceHours: graceHours,
  defaultSender: blankOr(sender),
  buttonUrlMode: z.enum(BUTTON_URL_MODES, { error: "must be suffix or full" }),
});
export type ConnectlySettingsFormValues = z.input<typeof connectlySettingsFormSchema>;

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
  .refine((v) => v.days !== undefined || v.invalidDays !== undefined, {
    message: "There is nothing to change.",
  });
export type UpdateWebhookRetentionInput = z.infer<typeof updateWebhookRetentionSchema>;
// The Settings form: both fields filled in; the form sends only what changed (updateWebhookRetentionSchema).
export const webhookRetentionFormSchema = z.object({ days: retentionDays, invalidDays: retentionDays });
// Settings → Security. Idle timeout in minutes (null = the default, 8 h).
const sessionIdleMinutes = z
  .number({ error: "must be a number of minutes" })
  .int("must be a whole number of minutes")
  .min(5, "must be at least 5 minutes")
  .max(7 * 24 * 60, "must be at most 10080 minutes (7 days)");
export const updateSecuritySettingsSchema = z
  .strictObject({
    sessionIdleMinutes: sessionIdleMinutes.nullable().optional(),
    requireAdminTwoFactor: z.boolean({ error: "must be true or false" }).optional(),
  })
  .refine((v) => Object.values(v).some((x) => x !== undefined), { message: "There is nothing to change." });
export type UpdateSecuritySettingsInput = z.infer<typeof updateSecuritySettingsSchema>;
// The Security form types hours; the minutes they make pass the route's rule.
export const securitySettingsFormSchema = z
  .object({
    sessionIdleHours: z
      .number({ error: "must be a number of hours" })
      .transform((hours) => Math.round(hours * 60))
      .pipe(sessionIdleMinutes),
    requireAdminTwoFactor: z.boolean(),
  })
  .transform(({ sessionIdleHours, requireAdminTwoFactor }) => ({
    sessionIdleMinutes: sessionIdleHours,
    requireAdminTwoFactor,
  }));

// Webhook registration (lib/settings/connect-webhooks.ts, repoint-webhook.ts): an http(s) URL Connectly posts to.
const webhookAddress = z
  .string()
  .trim()
  .min(1, "is required")
  .max(2048, "must be at most 2048 characters")
  .refine((value) => {
    try {
      const url = new URL(value);
      return (
        (url.protocol === "https:" || url.protocol === "http:") && url.username === "" && url.password === ""
      );
    } catch {
      return false;
    }
  }, "must be an http(s) URL such as https://dash.example.com/api/webhooks/connectly");

export const connectWebhooksSchema = z.strictObject({ address: webhookAddress.optional() });
export type ConnectWebhooksInput = z.infer<typeof connectWebhooksSchema>;

export const repointWebhookSchema = z.strictObject({ address: webhookAddress });
export type RepointWebhookInput = z.infer<typeof repointWebhookSchema>;

// The topics of lib/connectly/webhook-registration.ts's EVENT_TOPICS (not imported: this file is also client code).
export const webhookTopicSchema = z.enum(["messages", "delivery_status", "report"], {
  error: "must be messages, delivery_status or report",
});
