import { z } from "zod";
import { LABEL_COLORS } from "./colors";

// Inputs of the label routes and of the bulk actions on conversations and contacts.

export const LABEL_NAME_MAX = 40;
/** At most this many labels exist: the inbox filter and the pickers list them all. */
export const MAX_LABELS = 200;
/** One bulk request changes at most this many conversations or contacts. */
const MAX_BULK_IDS = 1000;

const labelName = z
  .string()
  .trim()
  .min(1, { error: "name is required" })
  .max(LABEL_NAME_MAX, { error: `name must be at most ${LABEL_NAME_MAX} characters` });
const labelColor = z.enum(LABEL_COLORS, { error: `color must be one of ${LABEL_COLORS.join(", ")}` });
const id = z.string().min(1).max(64);

export const createLabelSchema = z.strictObject({ name: labelName, color: labelColor });
export type CreateLabelInput = z.infer<typeof createLabelSchema>;

export const updateLabelSchema = z
  .strictObject({ name: labelName.optional(), color: labelColor.optional() })
  .refine((v) => v.name !== undefined || v.color !== undefined, {
    error: "give name or color",
    path: ["name"],
  });
export type UpdateLabelInput = z.infer<typeof updateLabelSchema>;

/** Labels put on (add) or taken off (remove) one conversation or contact. */
export const changeLabelsSchema = z
  .strictObject({
    add: z.array(id).max(50).default([]),
    remove: z.array(id).max(50).default([]),
  })
  .refine((v) => v.add.length + v.remove.length > 0, {
    error: "give labels to add or remove",
    path: ["add"],
  });
export type ChangeLabelsInput = z.infer<typeof changeLabelsSchema>;

const ids = (what: string) =>
  z
    .array(id)
    .min(1, { error: `pick at least one ${what}` })
    .max(MAX_BULK_IDS, { error: `at most ${MAX_BULK_IDS} ${what}s at once` });

const bulkConversationActionSchema = z.discriminatedUnion(
  "type",
  [
    z.strictObject({ type: z.literal("assign"), assigneeId: id.nullable() }),
    z.strictObject({
      type: z.literal("status"),
      status: z.enum(["OPEN", "PENDING", "RESOLVED"], {
        error: "status must be one of OPEN, PENDING, RESOLVED",
      }),
    }),
    z.strictObject({ type: z.literal("addLabel"), labelId: id }),
    z.strictObject({ type: z.literal("removeLabel"), labelId: id }),
  ],
  { error: "type must be one of assign, status, addLabel, removeLabel" },
);
export type BulkConversationAction = z.infer<typeof bulkConversationActionSchema>;

export const bulkConversationsSchema = z.strictObject({
  conversationIds: ids("conversation"),
  action: bulkConversationActionSchema,
});
export type BulkConversationsInput = z.infer<typeof bulkConversationsSchema>;

const bulkContactActionSchema = z.discriminatedUnion(
  "type",
  [
    z.strictObject({ type: z.literal("addLabel"), labelId: id }),
    z.strictObject({ type: z.literal("removeLabel"), labelId: id }),
    // Opting out only: re-subscribing is a consent decision with a stated reason, one contact at a time.
    z.strictObject({
      type: z.literal("optOut"),
      /** Why (kept in each contact's opt-out history and the audit entry). */
      reason: z.string().trim().max(500, { error: "reason must be at most 500 characters" }).optional(),
    }),
  ],
  { error: "type must be one of addLabel, removeLabel, optOut" },
);
export type BulkContactAction = z.infer<typeof bulkContactActionSchema>;

export const bulkContactsSchema = z.strictObject({
  contactIds: ids("contact"),
  action: bulkContactActionSchema,
});
export type BulkContactsInput = z.infer<typeof bulkContactsSchema>;
