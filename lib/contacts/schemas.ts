import { z } from "zod";
import { updateContactSchema } from "../messaging/schemas";

// Contacts page, profile, attributes, merge and import: the request shapes, shared by handlers and forms.

const CONTACT_SEARCH_MAX = 120;
const CONTACT_PAGE_MAX = 200;
export const ATTRIBUTE_TYPES = ["TEXT", "NUMBER", "DATE", "BOOLEAN"] as const;
export type AttributeType = (typeof ATTRIBUTE_TYPES)[number];
const ATTRIBUTE_KEY_MAX = 40;
export const ATTRIBUTE_TEXT_MAX = 500;
const MAX_ATTRIBUTES = 100;

export const contactListQuerySchema = z.object({
  q: z
    .string()
    .trim()
    .max(CONTACT_SEARCH_MAX, { error: `search at most ${CONTACT_SEARCH_MAX} characters` })
    .optional(),
  optedOut: z
    .enum(["true", "false"])
    .transform((v) => v === "true")
    .optional(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(CONTACT_PAGE_MAX).default(50),
});
export type ContactListQuery = z.infer<typeof contactListQuerySchema>;
/** What the list and the export filter on (the export takes no cursor or page size). */
export type ContactFilter = Pick<ContactListQuery, "q" | "optedOut">;

export const attributeKeySchema = z
  .string()
  .trim()
  .min(1, { error: "key is required" })
  .max(ATTRIBUTE_KEY_MAX, { error: `key must be at most ${ATTRIBUTE_KEY_MAX} characters` })
  .regex(/^[a-z][a-z0-9_]*$/, {
    error: "key may only contain lower-case letters, digits and _, starting with a letter",
  });

/** "Loyalty tier" -> "loyalty_tier": the key a label or CSV column becomes. */
export function attributeKeyFrom(label: string): string {
  const key = label
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^[^a-z]+|_+$/g, "")
    .slice(0, ATTRIBUTE_KEY_MAX)
    .replace(/_+$/, "");
  return key || "field";
}

export const createAttributeSchema = z.strictObject({
  label: z
    .string()
    .trim()
    .min(1, { error: "label is required" })
    .max(60, { error: "label must be at most 60 characters" }),
  key: attributeKeySchema.optional(),
  type: z.enum(ATTRIBUTE_TYPES, { error: "type must be TEXT, NUMBER, DATE or BOOLEAN" }),
});
export type CreateAttributeInput = z.infer<typeof createAttributeSchema>;

/** Values by attribute key; null removes the value. Checked against each attribute's type by the service. */
export const setAttributesSchema = z.strictObject({
  attributes: z
    .record(
      attributeKeySchema,
      z.union([z.string().max(ATTRIBUTE_TEXT_MAX * 2), z.number(), z.boolean(), z.null()]),
    )
    .refine((v) => Object.keys(v).length <= MAX_ATTRIBUTES, {
      error: `at most ${MAX_ATTRIBUTES} attributes at once`,
    }),
});
export type SetAttributesInput = z.infer<typeof setAttributesSchema>;

// The same change as the inbox's contact panel makes (name, opt-out with a stated reason to re-subscribe): one schema.
export const updateContactProfileSchema = updateContactSchema;

export const mergeContactsSchema = z.strictObject({
  /** The other contact: merged into the one in the path, then deleted. */
  otherId: z.string().min(1, { error: "otherId is required" }).max(64),
});
export const mergePreviewQuerySchema = z.object({
  with: z.string().min(1, { error: "with is required" }).max(64),
});

export const MAX_IMPORT_ERRORS_LISTED = 200;

// The contact import's settings travel in the query string (the body is the CSV file itself, streamed), like the
// campaign audience import. Each column goes to the name, the phone, the BSUID or a custom field (an existing one
// by key, or a new one made with the given type); columns not listed are ignored.
export const contactImportSchema = z
  .strictObject({
    fileName: z.string().trim().max(255).optional(),
    delimiter: z.enum([",", ";", "\t", "|"], { error: "delimiter must be , ; tab or |" }),
    defaultCountry: z
      .string()
      .regex(/^[A-Z]{2}$/, { error: "defaultCountry must be a two-letter country code, e.g. GB" })
      .nullable(),
    nameColumn: z.string().min(1).max(200).optional(),
    phoneColumn: z.string().min(1).max(200).optional(),
    bsuidColumn: z.string().min(1).max(200).optional(),
    attributes: z
      .array(
        z.strictObject({
          column: z.string().min(1).max(200),
          key: attributeKeySchema,
          type: z.enum(ATTRIBUTE_TYPES, { error: "type must be TEXT, NUMBER, DATE or BOOLEAN" }),
        }),
      )
      .max(MAX_ATTRIBUTES, { error: `at most ${MAX_ATTRIBUTES} field columns` })
      .default([]),
  })
  .refine((v) => v.phoneColumn !== undefined || v.bsuidColumn !== undefined, {
    error: "pick the column with the phone number or the BSUID",
    path: ["phoneColumn"],
  });
export type ContactImportInput = z.infer<typeof contactImportSchema>;
