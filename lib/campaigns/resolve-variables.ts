import { templateParameterSchema } from "../connectly/schemas";
import type { VariableSource, VariablesMapping } from "./schemas";

// One recipient's template parameters from the variable mapping: a CSV column (with an optional fallback for
// blank cells), a fixed value, or a field of the matching contact. Pure, so the CSV edge cases are unit-tested.

export type RowContext = {
  cells: Record<string, string>;
  contact: { name: string | null; phone: string | null } | null;
};

export type VariablesResult =
  | { ok: true; variables: Record<string, string> }
  | { ok: false; reason: "MISSING_VARIABLE" | "INVALID_VARIABLE"; detail: string };

/**
 * Spreadsheet cells often carry line breaks (quoted newlines) and runs of spaces; WhatsApp refuses both in
 * variables, so whitespace is collapsed to single spaces rather than rejecting the row.
 */
export function cleanValue(value: string): string {
  return value.replace(/\s+/g, " ").trim();
}

function rawValue(source: VariableSource, row: RowContext): string {
  switch (source.kind) {
    case "fixed":
      return source.value;
    case "column":
      return row.cells[source.column] ?? "";
    case "contact":
      return (source.field === "name" ? row.contact?.name : row.contact?.phone) ?? "";
  }
}

function describeSource(source: VariableSource): string {
  if (source.kind === "column") return `column "${source.column}"`;
  if (source.kind === "contact") return `the contact's ${source.field}`;
  return "the fixed value";
}

/** Why a value cannot be sent, or null; template parameters by default (a flow's rules: lib/connectly/flow-sendouts.ts). */
export type ValueCheck = (name: string, value: string) => string | null;

const templateValueCheck: ValueCheck = (name, value) => {
  const checked = templateParameterSchema.safeParse({ name, value });
  return checked.success ? null : (checked.error.issues[0]?.message ?? `${name} is not valid`);
};

export function resolveVariables(
  names: readonly string[],
  mapping: VariablesMapping,
  row: RowContext,
  check: ValueCheck = templateValueCheck,
): VariablesResult {
  const variables: Record<string, string> = {};
  for (const name of names) {
    const source = mapping[name];
    if (!source) return { ok: false, reason: "MISSING_VARIABLE", detail: `${name} is not mapped` };
    let value = cleanValue(rawValue(source, row));
    if (value === "" && source.kind !== "fixed" && source.fallback !== undefined)
      value = cleanValue(source.fallback);
    if (value === "")
      return {
        ok: false,
        reason: "MISSING_VARIABLE",
        detail: `${name} is empty (${describeSource(source)})`,
      };
    const problem = check(name, value);
    if (problem !== null) return { ok: false, reason: "INVALID_VARIABLE", detail: problem };
    variables[name] = value;
  }
  return { ok: true, variables };
}

/** The parameters list for the send body, in the template's variable order. */
export function toParameters(names: readonly string[], variables: Record<string, string>) {
  return names.flatMap((name) => (variables[name] !== undefined ? [{ name, value: variables[name] }] : []));
}
