import { z } from "zod";
import type { CsvInspection } from "../campaigns/csv";
import {
  attributeKeyFrom,
  contactImportSchema,
  type AttributeType,
  type ContactImportInput,
} from "./schemas";

// The contacts import dialog as plain data: what each column of the file becomes, and the country of numbers
// written without +. Columns are a list (a header may hold any character, so it is never a form path); the one
// conversion to the import's settings is checked by the route's schema.

/** A column's target: an identity column, an existing field ("attr:<key>"), a new field of a type, or nothing. */
export type ColumnTarget = "ignore" | "name" | "phone" | "bsuid" | `attr:${string}` | `new:${AttributeType}`;

export type ContactImportDraft = {
  columns: { header: string; target: ColumnTarget }[];
  defaultCountry: string;
};

type KnownAttribute = { key: string; type: AttributeType };

export const IDENTITY_MISSING = "Pick the column with the phone number or the BSUID.";
const IDENTITY = new Set<ColumnTarget>(["name", "phone", "bsuid"]);

/** A first guess per column: the detected address column, a name column, a known field, else a new text field. */
export function guessTarget(header: string, addressColumn: string | null, knownKeys: string[]): ColumnTarget {
  if (header === addressColumn) return /bsuid/i.test(header) ? "bsuid" : "phone";
  if (/bsuid/i.test(header)) return "bsuid";
  if (/^(full ?)?name$|^customer$|^nombre$|^nome$/i.test(header.trim())) return "name";
  const key = attributeKeyFrom(header);
  return knownKeys.includes(key) ? `attr:${key}` : "new:TEXT";
}

export function importDraftFor(inspection: CsvInspection, known: KnownAttribute[]): ContactImportDraft {
  const keys = known.map((k) => k.key);
  return {
    columns: inspection.headers.map((header) => ({
      header,
      target: guessTarget(header, inspection.addressColumn, keys),
    })),
    defaultCountry: "",
  };
}

/** Name, phone and BSUID go to one column each: giving one to a column takes it from the column that had it. */
export function withTarget(
  columns: ContactImportDraft["columns"],
  index: number,
  target: ColumnTarget,
): ContactImportDraft["columns"] {
  return columns.map((c, i) =>
    i === index
      ? { ...c, target }
      : IDENTITY.has(target) && c.target === target
        ? { ...c, target: "ignore" }
        : c,
  );
}

export const hasIdentityColumn = (columns: ContactImportDraft["columns"]) =>
  columns.some((c) => c.target === "phone" || c.target === "bsuid");

/** The import's settings (they travel in the query string; the file is the body). */
function toContactImportBody(
  draft: ContactImportDraft,
  file: { name: string; delimiter: string },
  known: KnownAttribute[],
): z.input<typeof contactImportSchema> {
  const column = (t: ColumnTarget) => draft.columns.find((c) => c.target === t)?.header;
  return {
    fileName: file.name.slice(0, 255),
    delimiter: file.delimiter as ContactImportInput["delimiter"],
    defaultCountry: draft.defaultCountry || null,
    phoneColumn: column("phone"),
    bsuidColumn: column("bsuid"),
    nameColumn: column("name"),
    attributes: draft.columns.flatMap(({ header, target }) => {
      if (target.startsWith("attr:")) {
        const key = target.slice("attr:".length);
        return [{ column: header, key, type: known.find((k) => k.key === key)?.type ?? "TEXT" }];
      }
      if (target.startsWith("new:"))
        return [{ column: header, key: attributeKeyFrom(header), type: target.slice(4) as AttributeType }];
      return [];
    }),
  };
}

/**
 * The column an issue of the import's settings is about, by its place in the draft: the identity columns by name
 * ("phoneColumn"), a field by its order among the field columns ("attributes.2.key"). Null for the rest.
 */
export function columnOfIssue(draft: ContactImportDraft, path: string): number | null {
  const identity = /^(phone|bsuid|name)Column\b/.exec(path);
  if (identity) {
    const index = draft.columns.findIndex((c) => c.target === identity[1]);
    return index < 0 ? null : index;
  }
  const attribute = /^attributes(?:\.|\[)(\d+)/.exec(path);
  if (!attribute) return null;
  const fieldColumns = draft.columns.flatMap((c, i) =>
    c.target.startsWith("attr:") || c.target.startsWith("new:") ? [i] : [],
  );
  return fieldColumns[Number(attribute[1])] ?? null;
}

/**
 * The dialog's resolver: the draft as the route's settings, checked by the route's schema; an issue lands on the
 * column it is about (its "Becomes" select), else on the column list.
 */
export function contactImportDraftSchema(
  file: { name: string; delimiter: string },
  known: KnownAttribute[],
): z.ZodType<ContactImportInput, ContactImportDraft> {
  return z
    .custom<ContactImportDraft>((value) => typeof value === "object" && value !== null)
    .transform((draft, ctx) => {
      if (!hasIdentityColumn(draft.columns)) {
        ctx.addIssue({ code: "custom", path: ["columns"], message: IDENTITY_MISSING });
        return z.NEVER;
      }
      const checked = contactImportSchema.safeParse(toContactImportBody(draft, file, known));
      if (checked.success) return checked.data;
      for (const issue of checked.error.issues) {
        const index = columnOfIssue(draft, issue.path.join("."));
        ctx.addIssue({
          code: "custom",
          path: index === null ? ["columns"] : ["columns", index, "target"],
          message: issue.message,
        });
      }
      return z.NEVER;
    });
}
