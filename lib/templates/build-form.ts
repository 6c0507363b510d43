import { templateParameterSchema, type TemplateParameter } from "../connectly/schemas";
import {
  mediaParameterKind,
  parameterKeys,
  placeholderNumbers,
  type BodyComponent,
  type HeaderComponent,
  type TemplateButton,
  type TemplateComponent,
} from "../connectly/template-components";
import { safeDecodeURIComponent } from "../safe-decode";
import { buttonBaseUrl, resolveButtonUrl } from "../connectly/url-buttons";
import { variableContext } from "./render-text";

// The variable form of a template, generated from its components, and the send parameters built from the
// filled form. Parameter names follow the contract exactly (§2.2, §14): header_text, header_image|video|document
// (+ filename), body_N, button_N_url, card_{n}_header_image|video, card_{n}_body_{k}, card_{n}_button_{m}_url.

type MediaKind = "image" | "video" | "document";
type FieldRole = "header_text" | "header_media" | "filename" | "body" | "button_url";

export type FormField = {
  /** Key of the value in FormValues: the parameter name, or `<parameter>.filename` for a document's name. */
  key: string;
  /** The `parameters[].name` this field fills. */
  parameter: string;
  role: FieldRole;
  /** 1-based carousel card, null outside a carousel. */
  card: number | null;
  label: string;
  /** The words around the variable, for body and header variables. */
  context: { before: string; after: string } | null;
  mediaKind?: MediaKind;
  /** For URL buttons: the template's URL without its {{1}} suffix. */
  baseUrl?: string;
  buttonText?: string;
  /** The template's sample value, shown as a placeholder (never sent by itself). */
  example?: string;
  required: boolean;
  maxLength: number;
};

export type FormModel = {
  fields: FormField[];
  /** Card numbers of a carousel (1..n), empty when the template has none. */
  cards: number[];
};

export type FormValues = Record<string, string>;

const MEDIA_LABEL: Record<MediaKind, string> = { image: "Image", video: "Video", document: "Document" };

// Meta's limits per value (lib/connectly/schemas.ts checks the same ones when the parameters are validated).
const MAX = { headerText: 60, body: 1024, cardBody: 160, url: 2000, filename: 240 } as const;

const prefixFor = parameterKeys.prefix;

function cardLabel(card: number | null, label: string) {
  return card === null ? label : `Card ${card} · ${label.charAt(0).toLowerCase()}${label.slice(1)}`;
}

function headerFields(header: HeaderComponent["header"], card: number | null): FormField[] {
  const prefix = prefixFor(card);
  if ("media" in header) {
    const kind = mediaParameterKind(header.media.type);
    const parameter = `${prefix}header_${kind}`;
    const fields: FormField[] = [
      {
        key: parameter,
        parameter,
        role: "header_media",
        card,
        label: cardLabel(card, `${MEDIA_LABEL[kind]} URL`),
        context: null,
        mediaKind: kind,
        example: header.media.example?.[0],
        required: true,
        maxLength: MAX.url,
      },
    ];
    if (kind === "document") {
      fields.push({
        key: `${parameter}.filename`,
        parameter,
        role: "filename",
        card,
        label: cardLabel(card, "File name shown to the customer"),
        context: null,
        mediaKind: kind,
        example: fileNameFromUrl(header.media.example?.[0]),
        required: false,
        maxLength: MAX.filename,
      });
    }
    return fields;
  }
  if (placeholderNumbers(header.text.text).length === 0) return [];
  return [
    {
      key: `${prefix}header_text`,
      parameter: `${prefix}header_text`,
      role: "header_text",
      card,
      label: cardLabel(card, "Header {{1}}"),
      context: variableContext(header.text.text, 1),
      example: header.text.example?.[0],
      required: true,
      maxLength: MAX.headerText,
    },
  ];
}

function bodyFields(body: BodyComponent["body"], card: number | null): FormField[] {
  const prefix = prefixFor(card);
  return placeholderNumbers(body.text.text).map((n) => ({
    key: `${prefix}body_${n}`,
    parameter: `${prefix}body_${n}`,
    role: "body" as const,
    card,
    label: cardLabel(card, `Body {{${n}}}`),
    context: variableContext(body.text.text, n),
    example: body.text.example?.[n - 1],
    required: true,
    maxLength: card === null ? MAX.body : MAX.cardBody,
  }));
}

function buttonFields(buttons: TemplateButton[], card: number | null): FormField[] {
  const fields: FormField[] = [];
  buttons.forEach((button, index) => {
    if (!("url" in button) || placeholderNumbers(button.url.url).length === 0) return;
    const parameter = parameterKeys.buttonUrl(index + 1, card);
    const baseUrl = buttonBaseUrl(button.url.url) ?? button.url.url;
    // Meta's examples are often the full URL: shown as the suffix the field asks for.
    const example = button.url.example?.[0];
    const exampleResult = example === undefined ? null : resolveButtonUrl(example, baseUrl, "suffix");
    fields.push({
      key: parameter,
      parameter,
      role: "button_url",
      card,
      label: cardLabel(card, `Button ${index + 1} "${button.url.text}" link suffix`),
      context: null,
      baseUrl,
      buttonText: button.url.text,
      example: exampleResult && "value" in exampleResult ? exampleResult.value : example,
      required: true,
      maxLength: MAX.url,
    });
  });
  return fields;
}

function componentFields(component: TemplateComponent, card: number | null): FormField[] {
  if ("header" in component) return headerFields(component.header, card);
  if ("body" in component) return bodyFields(component.body, card);
  if ("buttons" in component) return buttonFields(component.buttons.buttons, card);
  if ("carousel" in component) {
    return component.carousel.cards.flatMap((c, i) =>
      c.components.flatMap((inner) => componentFields(inner, i + 1)),
    );
  }
  return [];
}

/** The form for a template: one field per send parameter, in the order templateVariables() lists them. */
export function buildFormModel(components: readonly TemplateComponent[]): FormModel {
  const fields = components.flatMap((component) => componentFields(component, null));
  const carousel = components.find((c) => "carousel" in c);
  const cards = carousel && "carousel" in carousel ? carousel.carousel.cards.map((_, i) => i + 1) : [];
  return { fields, cards };
}

function fileNameFromUrl(url: string | undefined): string | undefined {
  if (!url) return undefined;
  const last = url.split(/[?#]/)[0]?.split("/").pop();
  return last ? safeDecodeURIComponent(last) : undefined;
}

/** The link a URL button opens with this suffix: exactly the base URL followed by the suffix (§14). */
export function resultingUrl(field: FormField, value: string): string {
  return `${field.baseUrl ?? ""}${value.trim()}`;
}

/** Send parameters from the form, in field order; blank optional values (a document's file name) are left out. */
export function buildParameters(model: FormModel, values: FormValues): TemplateParameter[] {
  const filenames = new Map(
    model.fields.filter((f) => f.role === "filename").map((f) => [f.parameter, (values[f.key] ?? "").trim()]),
  );
  return model.fields
    .filter((f) => f.role !== "filename")
    .map((field) => {
      const filename = filenames.get(field.parameter);
      return {
        name: field.parameter,
        value: (values[field.key] ?? "").trim(),
        ...(filename ? { filename } : {}),
      };
    });
}

/** Parameter name -> value for the filled fields, which is what the preview renders. */
export function previewValues(model: FormModel, values: FormValues): Record<string, string> {
  const out: Record<string, string> = {};
  for (const field of model.fields) {
    if (field.role === "filename") continue;
    const value = (values[field.key] ?? "").trim();
    if (value) out[field.parameter] = value;
  }
  return out;
}

function requiredMessage(field: FormField): string {
  switch (field.role) {
    case "header_media":
      return `Give the ${field.mediaKind ?? "media"} URL`;
    case "button_url":
      return "Give the end of the link (e.g. an order number)";
    default:
      return "Fill in this variable";
  }
}

/**
 * Problems per field key, before anything is sent: required values, then WhatsApp's rules for each value
 * (templateParameterSchema: lengths, no new lines or tabs, http(s) media URLs, suffix-only button values).
 */
export function validateFormValues(model: FormModel, values: FormValues): Record<string, string> {
  const errors: Record<string, string> = {};
  const filenameField = new Map(
    model.fields.filter((f) => f.role === "filename").map((f) => [f.parameter, f]),
  );
  for (const parameter of buildParameters(model, values)) {
    const field = model.fields.find((f) => f.parameter === parameter.name && f.role !== "filename");
    if (!field) continue;
    if (parameter.value === "") {
      errors[field.key] = requiredMessage(field);
      continue;
    }
    if (parameter.value.length > field.maxLength) {
      errors[field.key] = `At most ${field.maxLength} characters (now ${parameter.value.length})`;
      continue;
    }
    if (field.role === "button_url" && field.baseUrl) {
      // Suffix or full URL (url-buttons.ts); a full URL must be on the button's base URL.
      const button = resolveButtonUrl(parameter.value, field.baseUrl, "suffix");
      if ("problem" in button) {
        errors[field.key] = sentenceCase(button.problem);
        continue;
      }
    }
    const result = templateParameterSchema.safeParse(parameter);
    if (result.success) continue;
    for (const issue of result.error.issues) {
      const target = issue.path[0] === "filename" ? filenameField.get(parameter.name) : field;
      if (target && !errors[target.key])
        errors[target.key] = sentenceCase(issue.message.replace(`${parameter.name} `, ""));
    }
  }
  return errors;
}

function sentenceCase(message: string): string {
  return message.charAt(0).toUpperCase() + message.slice(1);
}

/** Parameter name -> the template's own sample value, to preview a template as it was submitted for review. */
export function exampleValues(components: readonly TemplateComponent[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const field of buildFormModel(components).fields) {
    if (field.role !== "filename" && field.example) out[field.parameter] = field.example;
  }
  return out;
}
