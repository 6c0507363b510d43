import { z } from "zod";
import { parameterKeys, placeholderNumbers } from "../connectly/template-components";
import { componentsFromInput } from "./build-create-body";
import type { TemplateCategoryName } from "./normalize";
import {
  createTemplateSchema,
  LIMITS,
  TEMPLATE_BUTTON_TYPES,
  type CreateTemplateData,
  type CreateTemplateInput,
  type TemplateButtonInput,
} from "./schemas";

// The template create form's state as plain data: what the editors change (every input a string, every kind of
// header and button representable at once so switching kinds loses nothing typed), the operations on it, and
// its conversion to the create route's body. The rules are createTemplateSchema's, never repeated here: the
// draft's paths mirror the body's ("buttons.1.text", "carousel.cards.0.body.examples.0"), so the schema's
// issues and a 422's land on the draft's fields unchanged.

export type ButtonType = TemplateButtonInput["type"];
type HeaderType = "none" | "text" | "image" | "video" | "document";
type CardMedia = "image" | "video";

export type ButtonDraft = {
  type: ButtonType;
  text: string;
  url: string;
  example: string;
  phoneNumber: string;
};
export type TextDraft = { text: string; examples: string[] };
export type CardDraft = { header: { example: string }; body: TextDraft; buttons: ButtonDraft[] };
export type TemplateDraft = {
  name: string;
  category: TemplateCategoryName | "";
  language: string;
  kind: "standard" | "carousel";
  header: { type: HeaderType; text: string; example: string };
  body: TextDraft;
  footer: string;
  buttons: ButtonDraft[];
  /** Cards share one media type and one button layout (Meta's rule), so the media is kept once. */
  carousel: { media: CardMedia; cards: CardDraft[] };
};

export const BUTTON_TYPES: readonly ButtonType[] = TEMPLATE_BUTTON_TYPES;
/** Carousel cards take every kind but copy code. */
export const CARD_BUTTON_TYPES: readonly ButtonType[] = ["url", "quick_reply", "phone_number"];
export const BUTTON_LABELS: Record<ButtonType, string> = {
  url: "Link",
  quick_reply: "Quick reply",
  phone_number: "Call phone number",
  copy_code: "Copy code",
};

export const newButton = (type: ButtonType): ButtonDraft => ({
  type,
  text: "",
  url: "",
  example: "",
  phoneNumber: "",
});

/** An empty card with the given button layout (the kinds only: texts and links differ per card). */
export const newCard = (layout: readonly ButtonDraft[] = [newButton("quick_reply")]): CardDraft => ({
  header: { example: "" },
  body: { text: "", examples: [] },
  buttons: layout.map((b) => newButton(b.type)),
});

export function emptyDraft(): TemplateDraft {
  return {
    name: "",
    category: "",
    language: "en_US",
    kind: "standard",
    header: { type: "none", text: "", example: "" },
    body: { text: "", examples: [] },
    footer: "",
    buttons: [],
    carousel: { media: "image", cards: Array.from({ length: LIMITS.cardsMin }, () => newCard()) },
  };
}

// ---- list operations ----
// The form's field arrays add, remove and move items (keeping each item's React key, so focus and upload state
// stay with it); the model says what a new item is and what is allowed.

function removeAt<T>(items: readonly T[], index: number): T[] {
  return items.filter((_, i) => i !== index);
}

/** The paths of the schema's issues about a draft. */
function issuePaths(draft: TemplateDraft): string[] {
  const parsed = createTemplateSchema.safeParse(toCreateInput(draft));
  return parsed.success ? [] : parsed.error.issues.map((i) => i.path.join("."));
}

/**
 * Whether one more button of a kind may join `buttons` (a template's own, or a card's layout): the schema decides,
 * on the kinds alone (at most 10, 2 links, 1 phone number, 1 copy code; cards 2 and no copy code).
 */
export function canAddButton(buttons: readonly ButtonDraft[], type: ButtonType, inCard = false): boolean {
  const next = [...buttons, newButton(type)];
  if (!inCard) return !issuePaths({ ...emptyDraft(), buttons: next }).includes("buttons");
  const draft = emptyDraft();
  draft.kind = "carousel";
  draft.carousel.cards = [newCard(next)];
  return !issuePaths(draft).includes("carousel.cards.0.buttons");
}

export const canAddCard = (count: number) => count < LIMITS.cardsMax;
export const canRemoveCard = (count: number) => count > LIMITS.cardsMin;

/** Adds a button of a kind to every card (the layout is shared), if a card may have one more of it. */
export function addCardButton(cards: readonly CardDraft[], type: ButtonType): CardDraft[] {
  if (!canAddButton(cards[0]?.buttons ?? [], type, true)) return [...cards];
  return cards.map((c) => ({ ...c, buttons: [...c.buttons, newButton(type)] }));
}

/** Removes the button at `index` from every card. */
export function removeCardButton(cards: readonly CardDraft[], index: number): CardDraft[] {
  return cards.map((c) => ({ ...c, buttons: removeAt(c.buttons, index) }));
}

// ---- variables ----

/** The number the next "Add variable" inserts: one past the highest {{n}} in the text. */
export function nextVariable(text: string): number {
  return (placeholderNumbers(text).at(-1) ?? 0) + 1;
}

/**
 * Inserts the next {{n}} over the selection [start, end) (the caret when equal; the end of the text by default)
 * and makes room for its sample. Returns the new text and examples and where the caret goes.
 */
export function insertVariable(
  draft: TextDraft,
  start = draft.text.length,
  end = start,
): TextDraft & { caret: number } {
  const n = nextVariable(draft.text);
  const token = `{{${n}}}`;
  const examples = Array.from(
    { length: Math.max(n, draft.examples.length) },
    (_, i) => draft.examples[i] ?? "",
  );
  return {
    text: `${draft.text.slice(0, start)}${token}${draft.text.slice(end)}`,
    examples,
    caret: start + token.length,
  };
}

/** Whether a link button's URL takes a per-message ending (ends in {{1}}), so it needs a sample ending. */
export const isDynamicUrl = (url: string) => url.trim().endsWith("{{1}}");

// ---- conversion ----

const sampleList = (examples: readonly (string | undefined)[]) => Array.from(examples, (e) => e ?? "");

function buttonInput(b: ButtonDraft): TemplateButtonInput {
  switch (b.type) {
    case "url":
      return { type: "url", text: b.text, url: b.url, ...(b.example ? { example: b.example } : {}) };
    case "quick_reply":
      return { type: "quick_reply", text: b.text };
    case "phone_number":
      // People type numbers with spaces, dashes and brackets; the contract wants E.164.
      return { type: "phone_number", text: b.text, phoneNumber: b.phoneNumber.replace(/[\s().-]/g, "") };
    case "copy_code":
      return { type: "copy_code", example: b.example };
  }
}

/** The create route's body for this draft: only the parts of its kind (a carousel has no header of its own…). */
export function toCreateInput(d: TemplateDraft): CreateTemplateInput {
  const carousel = d.kind === "carousel";
  const header = d.header;
  return {
    name: d.name,
    category: d.category as TemplateCategoryName,
    language: d.language,
    header:
      carousel || header.type === "none"
        ? { type: "none" }
        : header.type === "text"
          ? { type: "text", text: header.text, ...(header.example ? { example: header.example } : {}) }
          : { type: header.type, example: header.example },
    body: { text: d.body.text, examples: sampleList(d.body.examples) },
    ...(!carousel && d.footer ? { footer: d.footer } : {}),
    buttons: carousel ? [] : d.buttons.map(buttonInput),
    ...(carousel
      ? {
          carousel: {
            cards: d.carousel.cards.map((c) => ({
              header: { type: d.carousel.media, example: c.header.example },
              body: { text: c.body.text, examples: sampleList(c.body.examples) },
              buttons: c.buttons.map(buttonInput),
            })),
          },
        }
      : {}),
  };
}

/**
 * The draft checked by the route's own schema: parses to the create body, or fails with issues at the draft's
 * paths (they are the body's). The form's resolver.
 */
export const templateDraftSchema = z
  .custom<TemplateDraft>((value) => typeof value === "object" && value !== null)
  .transform(toCreateInput)
  .pipe(createTemplateSchema);

export type DraftCheck =
  { ok: true; data: CreateTemplateData } | { ok: false; issues: Record<string, string> };

/** The draft validated: the create body, or the first issue per dotted path. */
export function checkDraft(draft: TemplateDraft): DraftCheck {
  const parsed = templateDraftSchema.safeParse(draft);
  if (parsed.success) return { ok: true, data: parsed.data };
  const issues: Record<string, string> = {};
  for (const issue of parsed.error.issues) issues[issue.path.join(".")] ??= issue.message;
  return { ok: false, issues };
}

/** The preview's components: drawn from whatever is typed so far, valid or not. */
export function previewComponents(d: TemplateDraft) {
  const input = toCreateInput(d);
  return componentsFromInput({
    ...(input as CreateTemplateData),
    header: input.header ?? { type: "none" },
    body: { text: input.body.text, examples: input.body.examples ?? [] },
    buttons: input.buttons ?? [],
  });
}

/** The preview's values: the samples, under the parameter names they stand for. */
export function sampleValues(d: TemplateDraft): Record<string, string> {
  const values: Record<string, string> = {};
  const put = (key: string, value: string | undefined) => {
    if (value) values[key] = value;
  };
  if (d.kind === "carousel") {
    d.body.examples.forEach((v, i) => put(parameterKeys.body(i + 1), v));
    d.carousel.cards.forEach((c, n) => {
      const card = n + 1;
      put(parameterKeys.headerMedia(d.carousel.media, card), c.header.example);
      c.body.examples.forEach((v, i) => put(parameterKeys.body(i + 1, card), v));
      c.buttons.forEach((b, i) => b.type === "url" && put(parameterKeys.buttonUrl(i + 1, card), b.example));
    });
    return values;
  }
  d.body.examples.forEach((v, i) => put(parameterKeys.body(i + 1), v));
  if (d.header.type === "text") put(parameterKeys.headerText(), d.header.example);
  else if (d.header.type !== "none") put(parameterKeys.headerMedia(d.header.type), d.header.example);
  d.buttons.forEach((b, i) => b.type === "url" && put(parameterKeys.buttonUrl(i + 1), b.example));
  return values;
}

/** Whether there is anything to preview yet (a body, or a card's text). */
export function hasPreview(d: TemplateDraft): boolean {
  return (
    d.body.text.trim() !== "" || (d.kind === "carousel" && d.carousel.cards.some((c) => c.body.text.trim()))
  );
}
