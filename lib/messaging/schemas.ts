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
  /** Resending a failed message: the new message records which one it retries (each is retried at most once). */
  retryOfId: z.string().min(1).max(64).optional(),
});
export type SendSessionMessageInput = z.infer<typeof sendSessionMessageSchema>;

export const sendTemplateMessageSchema = z
  .strictObject({
    conversationId: z.string().min(1).optional(),
    /** Start a conversation with a customer we have not talked to: E.164 phone or BSUID. */
    to: recipientIdSchema.optional(),
    templateName: z
      .string()
      .trim()
      .min(1)
      .max(512)
      .regex(/^[a-z0-9_]+$/, "must be lowercase letters, digits and _"),
    language: z
      .string()
      .trim()
      .regex(/^[a-z]{2,3}(_[A-Z]{2})?$/, "must be a language code such as en, en_US or pt_BR"),
    parameters: templateParametersSchema.default([]),
    idempotencyKey: idempotencyKeySchema.optional(),
    callbackData: callbackDataSchema.optional(),
    campaignName: z.string().trim().min(1).max(256).optional(),
    sender: z
      .string()
      .regex(/^\+[1-9]\d{7,14}$/, "must be an E.164 number")
      .optional(),
  })
  .refine((v) => Boolean(v.conversationId) !== Boolean(v.to), {
    message: "give exactly one of conversationId or to",
    path: ["conversationId"],
  });
export type SendTemplateMessageInput = z.infer<typeof sendTemplateMessageSchema>;

// Inbox workflow: assignment, status, internal notes, contact edits and canned responses.

const CONVERSATION_STATUSES = ["OPEN", "PENDING", "RESOLVED"] as const;

export const assignConversationSchema = z.strictObject({
  /** A user id, or null to unassign. */
  assigneeId: z.string().min(1).max(64).nullable(),
});
export type AssignConversationInput = z.infer<typeof assignConversationSchema>;

export const setConversationStatusSchema = z.strictObject({
  status: z.enum(CONVERSATION_STATUSES, { error: "status must be one of OPEN, PENDING, RESOLVED" }),
});
export type SetConversationStatusInput = z.infer<typeof setConversationStatusSchema>;

export const addNoteSchema = z.strictObject({
  body: z
    .string()
    .max(4000, { error: "a note must be at most 4000 characters" })
    .refine((v) => v.trim() !== "", { error: "a note must not be blank" }),
});
export type AddNoteInput = z.infer<typeof addNoteSchema>;

export const RESUBSCRIBE_REASON_MAX = 500;

export const updateContactSchema = z
  .strictObject({
    name: z.string().trim().max(120, { error: "name must be at most 120 characters" }).nullable().optional(),
    optedOut: z.boolean().optional(),
    // Campaigns skip opted-out customers; sending to one again is a consent decision, so it needs a stated reason
    // (kept in the audit log and shown in the thread).
    reason: z
      .string()
      .trim()
      .max(RESUBSCRIBE_REASON_MAX, {
        error: `the reason must be at most ${RESUBSCRIBE_REASON_MAX} characters`,
      })
      .optional(),
  })
  .refine((v) => v.name !== undefined || v.optedOut !== undefined, {
    error: "give name or optedOut",
    path: ["name"],
  })
  .refine((v) => v.optedOut !== false || (v.reason ?? "") !== "", {
    error:
      "say why this customer may receive campaigns again (for example: asked to re-subscribe on 3 March)",
    path: ["reason"],
  });
export type UpdateContactInput = z.infer<typeof updateContactSchema>;

export const cannedResponseSchema = z.strictObject({
  shortcut: z
    .string()
    .trim()
    .transform((v) => v.replace(/^\//, "").toLowerCase())
    .pipe(
      z
        .string()
        .min(1, { error: "shortcut is required" })
        .max(32, { error: "shortcut must be at most 32 characters" })
        .regex(/^[a-z0-9][a-z0-9_-]*$/, {
          error: "shortcut may only contain lower-case letters, digits, - and _",
        }),
    ),
  title: z
    .string()
    .trim()
    .min(1, { error: "title is required" })
    .max(80, { error: "title must be at most 80 characters" }),
  body: z
    .string()
    .max(4096, { error: "text must be at most 4096 characters" })
    .refine((v) => v.trim() !== "", { error: "text must not be blank" }),
});
export type CannedResponseInput = z.infer<typeof cannedResponseSchema>;
