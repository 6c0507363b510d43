import { z } from "zod";
import type { TemplateComponent } from "../connectly/template-components";
import { variableContext } from "../templates/render-text";
import { variableColumns, type AudienceDraft } from "./audience-draft";
import {
  contactsImportSchema,
  csvImportSchema,
  segmentAudienceSchema,
  type ContactsImportInput,
  type CsvImportInput,
  type SegmentAudienceInput,
  type VariableSource,
  type VariablesMapping,
} from "./schemas";

// The variables step as plain data: each variable's source (or none yet), the flow's start-time column, the
// choices of its select, the first guesses, and the one conversion, with the audience, to the import's request
// body, checked by the route's own schema (so its issues land on the variable they are about).

export type VariablesDraft = { variables: Record<string, VariableSource | null>; scheduledAtColumn: string };

/** What the "Value from" select holds for a source. */
export type Choice = "" | "fixed" | "contact:name" | "contact:phone" | `column:${string}`;

export function choiceOf(source: VariableSource | null | undefined): Choice {
  if (!source) return "";
  if (source.kind === "column") return `column:${source.column}`;
  if (source.kind === "contact") return `contact:${source.field}`;
  return "fixed";
}

/** The source a choice makes; the previous source's fallback (or fixed text) is kept where it still applies. */
export function sourceFor(
  choice: Exclude<Choice, "">,
  previous: VariableSource | null | undefined,
): VariableSource {
  const fallback = previous && previous.kind !== "fixed" ? previous.fallback : undefined;
  if (choice === "fixed") return { kind: "fixed", value: previous?.kind === "fixed" ? previous.value : "" };
  if (choice.startsWith("contact:"))
    return {
      kind: "contact",
      field: choice === "contact:name" ? "name" : "phone",
      ...(fallback ? { fallback } : {}),
    };
  return { kind: "column", column: choice.slice("column:".length), ...(fallback ? { fallback } : {}) };
}

const GREETING = /\b(hi|hello|hey|dear|ol[aá]|hola|oi|bom dia|buenos d[ií]as)\W*$/i;
const NAME_COLUMN = /name|nome|nombre|first|cliente|customer/i;

function words(text: string): Set<string> {
  return new Set(
    text
      .toLowerCase()
      .split(/[^\p{L}\p{N}]+/u)
      .filter((w) => w.length > 2),
  );
}

function bodyText(components: TemplateComponent[]): string {
  const component = components.find((c) => "body" in c);
  return component && "body" in component ? component.body.text.text : "";
}

function textBefore(components: TemplateComponent[], name: string): string {
  const body = /^body_(\d+)$/.exec(name);
  const text = body ? bodyText(components) : "";
  const at = text.indexOf(`{{${body?.[1] ?? ""}}}`);
  return at > 0 ? text.slice(Math.max(0, at - 30), at) : "";
}

/** "…appointment on {{2}} at…": the words around a body variable, to tell the variables apart. */
export function contextOf(components: TemplateComponent[], name: string): string | null {
  const body = /^body_(\d+)$/.exec(name);
  if (!body) return null;
  const around = variableContext(bodyText(components), Number(body[1]));
  return around ? `${around.before}{{${body[1]}}}${around.after}` : null;
}

/**
 * A first guess, only where it is fairly sure: a name column after a greeting ("Hi {{1}}"), or a column whose
 * header shares a word with the text around the variable ("appointment on {{2}}" / "Appointment date").
 * Everything else is left for the user to choose.
 */
function guessMapping(
  variables: string[],
  audience: AudienceDraft,
  components: TemplateComponent[],
): VariablesMapping {
  const mapping: VariablesMapping = {};
  if (audience.mode !== "csv" || !audience.inspection) {
    const greeting = variables.find((name) => GREETING.test(textBefore(components, name)));
    if (greeting) mapping[greeting] = { kind: "contact", field: "name", fallback: "there" };
    return mapping;
  }
  const free = new Set(variableColumns(audience));
  for (const name of variables) {
    const before = textBefore(components, name);
    const around = words(`${before} ${contextOf(components, name) ?? ""}`);
    let best: { column: string; score: number } | null = null;
    for (const column of free) {
      let score = [...words(column)].filter((w) => around.has(w)).length;
      if (GREETING.test(before) && NAME_COLUMN.test(column)) score += 2;
      if (score > 0 && (!best || score > best.score)) best = { column, score };
    }
    if (best) {
      mapping[name] = { kind: "column", column: best.column };
      free.delete(best.column);
    }
  }
  return mapping;
}

/** The mapping to start the variables step with: what still fits the chosen audience, plus guesses. */
export function prepareMapping(
  mapping: VariablesMapping,
  campaign: { variables: string[]; templateComponents: TemplateComponent[] },
  audience: AudienceDraft,
): VariablesMapping {
  const columns = audience.mode === "csv" ? (audience.inspection?.headers ?? []) : [];
  const kept = Object.fromEntries(
    Object.entries(mapping).filter(([, s]) => s.kind !== "column" || columns.includes(s.column)),
  );
  return { ...guessMapping(campaign.variables, audience, campaign.templateComponents), ...kept };
}

/** The form's starting values: every variable, mapped or not. */
export function toVariablesDraft(names: string[], mapping: VariablesMapping): VariablesDraft {
  return { variables: Object.fromEntries(names.map((n) => [n, mapping[n] ?? null])), scheduledAtColumn: "" };
}

/** The sources chosen so far (an emptied fallback is no fallback). */
export function mappingOf(variables: VariablesDraft["variables"]): VariablesMapping {
  const mapping: VariablesMapping = {};
  for (const [name, s] of Object.entries(variables)) {
    if (!s) continue;
    if (s.kind !== "fixed" && !s.fallback) {
      const { fallback: _, ...rest } = s;
      mapping[name] = rest;
    } else mapping[name] = s;
  }
  return mapping;
}

/** The first recipient's values (the preview): the file's first row or the first matching contact. */
export function sampleValues(
  names: string[],
  mapping: VariablesMapping,
  audience: AudienceDraft,
): Record<string, string> {
  const row = audience.mode === "csv" ? (audience.inspection?.sampleRows[0] ?? {}) : {};
  const contact = audience.mode === "contacts" ? audience.sample[0] : undefined;
  const values: Record<string, string> = {};
  for (const name of names) {
    const s = mapping[name];
    if (!s) continue;
    const raw =
      s.kind === "fixed"
        ? s.value
        : s.kind === "column"
          ? (row[s.column] ?? "")
          : s.field === "name"
            ? (contact?.name ?? "")
            : (contact?.address ?? "");
    const value = raw.trim() || (s.kind !== "fixed" ? (s.fallback ?? "") : "");
    if (value) values[name] = value.replace(/\s+/g, " ");
  }
  return values;
}

/** The request the step makes: a CSV upload's settings (the file itself goes as the body), contacts, or a segment plan. */
export type AudienceImport = CsvImportInput | ContactsImportInput | SegmentAudienceInput;

/** The audience and the mapping as the import's request body, for the audience's route. */
function toImportBody(
  audience: AudienceDraft,
  variables: VariablesMapping,
  scheduledAtColumn = "",
): AudienceImport {
  if (audience.mode === "contacts")
    return audience.segmentId !== undefined
      ? { segmentId: audience.segmentId, variables }
      : { filter: audience.filter, variables };
  return {
    fileName: audience.file?.name,
    delimiter: audience.delimiter as CsvImportInput["delimiter"],
    addressColumn: audience.addressColumn,
    defaultCountry: audience.defaultCountry,
    variables,
    ...(scheduledAtColumn ? { scheduledAtColumn } : {}),
  };
}

/**
 * The form's resolver: every variable needs a source (and a fixed one its text); then the audience and the
 * mapping become the import's body, checked by that route's schema, whose issues keep the draft's paths
 * ("variables.body_1.column").
 */
export function variablesDraftSchema(
  names: string[],
  audience: AudienceDraft,
  flow: boolean,
): z.ZodType<AudienceImport, VariablesDraft> {
  const route: z.ZodType<AudienceImport, AudienceImport> =
    audience.mode === "csv"
      ? csvImportSchema
      : audience.segmentId !== undefined
        ? segmentAudienceSchema
        : (contactsImportSchema as z.ZodType<ContactsImportInput, AudienceImport>);
  return z
    .custom<VariablesDraft>((value) => typeof value === "object" && value !== null)
    .superRefine((draft, ctx) => {
      for (const name of names) {
        const s = draft.variables[name];
        const message = !s
          ? "Choose where this value comes from."
          : s.kind === "fixed" && !s.value.trim()
            ? "Type the value every recipient gets."
            : null;
        if (message) ctx.addIssue({ code: "custom", path: ["variables", name], message });
      }
    })
    .transform((draft) =>
      toImportBody(audience, mappingOf(draft.variables), flow ? draft.scheduledAtColumn : ""),
    )
    .pipe(route);
}
