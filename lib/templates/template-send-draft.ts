import { z } from "zod";
import {
  templateParameterSchema,
  templateParametersSchema,
  type TemplateParameter,
} from "../connectly/schemas";
import {
  buildParameters,
  previewValues,
  validateFormValues,
  type FormField,
  type FormModel,
  type FormValues,
} from "./build-form";

// The template send form's state as plain data: the send request's own `parameters` list, one row per parameter
// (a document header's file name on its row), so the schema's issues and a 422's ("parameters[2].value") land on
// the form's fields unchanged. A template whose variables the app can read gets its rows from the generated form
// model (lib/templates/build-form.ts: labels, rules); one it cannot read gets rows typed by hand (name and value).

export type ParameterDraft = { name: string; value: string; filename?: string };
export type TemplateSendDraft = { parameters: ParameterDraft[] };
export type DraftPath = `parameters.${number}.${"name" | "value" | "filename"}`;

const sendFields = (model: FormModel) => model.fields.filter((f) => f.role !== "filename");

/** The rows of a generated form, in field order; values typed for another translation carry over by name. */
export function generatedDraft(model: FormModel, previous?: TemplateSendDraft): TemplateSendDraft {
  const before = new Map(previous?.parameters.map((p) => [p.name, p]));
  return {
    parameters: sendFields(model).map((field) => {
      const old = before.get(field.parameter);
      const named = model.fields.some((f) => f.role === "filename" && f.parameter === field.parameter);
      return {
        name: field.parameter,
        value: old?.value ?? "",
        ...(named ? { filename: old?.filename ?? "" } : {}),
      };
    }),
  };
}

/** Rows typed by hand, seeded with the names the app can see. */
export function manualDraft(names: readonly string[]): TemplateSendDraft {
  return { parameters: names.map((name) => ({ name, value: "" })) };
}

/** Where a field of the model is in the draft. */
export function fieldPath(model: FormModel, field: FormField): DraftPath {
  const row = sendFields(model).findIndex((f) => f.parameter === field.parameter);
  return `parameters.${row}.${field.role === "filename" ? "filename" : "value"}`;
}

/** The draft as build-form's values by field key. */
function formValues(model: FormModel, draft: TemplateSendDraft): FormValues {
  const rows = new Map(draft.parameters.map((p) => [p.name, p]));
  return Object.fromEntries(
    model.fields.map((field) => {
      const row = rows.get(field.parameter);
      return [field.key, (field.role === "filename" ? row?.filename : row?.value) ?? ""];
    }),
  );
}

/** The rows to send: named ones only; a name given twice is a mistake the caller reports. */
export function manualParameterProblem(rows: readonly ParameterDraft[]): string | null {
  const named = rows.filter((r) => r.name !== "");
  if (rows.some((r) => r.name === "" && r.value.trim() !== "")) return "Every value needs a parameter name.";
  if (named.some((r) => r.value.trim() === "")) return "Every parameter needs a value.";
  const names = named.map((r) => r.name);
  const duplicate = names.find((n, i) => names.indexOf(n) !== i);
  return duplicate ? `${duplicate} is given twice.` : null;
}

/** The request's parameters: the generated form's (trimmed, blank file names left out), or the named rows. */
function toParameters(model: FormModel | null, draft: TemplateSendDraft): TemplateParameter[] {
  if (model) return buildParameters(model, formValues(model, draft));
  return draft.parameters.filter((r) => r.name !== "").map(({ name, value }) => ({ name, value }));
}

/**
 * The draft checked, then parsed by the route's parameters schema into the request's `parameters` (the form's
 * resolver). With a model (`null` for rows typed by hand): build-form's rules per field, at the field's path.
 * By hand: complete rows, then each row's name and value by the contract's rules, at the row's path.
 */
export function templateSendSchema(model: FormModel | null) {
  return z
    .custom<TemplateSendDraft>((value) => typeof value === "object" && value !== null)
    .superRefine((draft, ctx) => {
      if (model) {
        const problems = validateFormValues(model, formValues(model, draft));
        for (const field of model.fields) {
          const message = problems[field.key];
          if (message) ctx.addIssue({ code: "custom", path: fieldPath(model, field).split("."), message });
        }
        return;
      }
      const problem = manualParameterProblem(draft.parameters);
      if (problem) {
        ctx.addIssue({ code: "custom", path: ["parameters"], message: problem });
        return;
      }
      draft.parameters.forEach((row, i) => {
        if (row.name === "") return;
        const issue = templateParameterSchema.safeParse({ name: row.name, value: row.value }).error
          ?.issues[0];
        if (!issue) return;
        const at = issue.path[0] === "name" ? "name" : "value";
        ctx.addIssue({ code: "custom", path: ["parameters", i, at], message: issue.message });
      });
    })
    .transform((draft) => ({ parameters: toParameters(model, draft) }))
    .pipe(z.object({ parameters: templateParametersSchema }));
}

/** Parameter name -> value for what is typed so far, which is what the preview renders. */
export function draftPreviewValues(
  model: FormModel | null,
  draft: TemplateSendDraft,
): Record<string, string> {
  if (model) return previewValues(model, formValues(model, draft));
  return Object.fromEntries(draft.parameters.filter((r) => r.name !== "").map((r) => [r.name, r.value]));
}

/** How many required variables are still empty. */
export function missingCount(model: FormModel, draft: TemplateSendDraft): number {
  const values = formValues(model, draft);
  return model.fields.filter((f) => f.required && !(values[f.key] ?? "").trim()).length;
}

/**
 * The row a server message is about ("card_1_header_image must be an http(s) URL", "body_2 is required"): the
 * server names the parameter, not always the row's index.
 */
export function issuePath(draft: TemplateSendDraft, message: string): DraftPath | undefined {
  const row = draft.parameters.findIndex((p) => p.name !== "" && message.startsWith(`${p.name} `));
  return row < 0 ? undefined : `parameters.${row}.value`;
}
