import { z } from "zod";
import {
  callbackDataSchema,
  recipientIdSchema,
  sessionMessageSchema,
  templateParametersSchema,
} from "../connectly/schemas";

// Inputs of our own messaging routes. The upstream parts reuse the contract schemas in lib/connectly/schemas.ts.

const idempotencyKeySchema = z
  .string()
  .trim()
  .min(8, "must be at least 8 characters (use a UUID)")
  .max(100)
  .regex(/^[A-Za-z0-9_.:-]+$/, "may only contain letters, digits and _ . : -");

export const sendSessionMessageSchema = z.strictObject({
  conversationId: z.string().min(1),
  idempotencyKey: idempotencyKeySchema.optional(),
  message: sessionMessageSchema,
  callbackData: callbackDataSchema.optional(),
  campaignName: z.string().trim().min(1).max(256).optional(),
});
export type SendSessionMessageInput = z.infer<typeof sendSessionMessageSchema>;

export const sendTemplateMessageSchema = z
  .strictObject({
    conversationId: z.string().min(1).optional(),
    /** Start a conversation with a customer we have not talked to: E.164 phone or BSUID. */
    to: recipientIdSchema.optional(),
    templateName: z.string().trim().min(1).max(512).regex(/^[a-z0-9_]+$/, "must be lowercase letters, digits and _"),
    language: z.string().trim().regex(/^[a-z]{2,3}(_[A-Z]{2})?$/, "must be a language code such as en, en_US or pt_BR"),
    parameters: templateParametersSchema.default([]),
    idempotencyKey: idempotencyKeySchema.optional(),
    callbackData: callbackDataSchema.optional(),
    campaignName: z.string().trim().min(1).max(256).optional(),
    sender: z.string().regex(/^\+[1-9]\d{7,14}$/, "must be an E.164 number").optional(),
  })
  .refine((v) => Boolean(v.conversationId) !== Boolean(v.to), {
    message: "give exactly one of conversationId or to",
    path: ["conversationId"],
  });
export type SendTemplateMessageInput = z.infer<typeof sendTemplateMessageSchema>;
