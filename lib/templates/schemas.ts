import { z } from "zod";
import { e164Schema } from "../connectly/schemas";
import { TEMPLATE_CATEGORIES, TEMPLATE_STATUSES } from "./normalize";

// Inputs of the template routes, shared by the handlers and the forms (the create form shows these issues
// inline, by path). The limits are WhatsApp's (contract §7.1, §14), so a bad template fails here with a field
// path instead of as an upstream rejection after the fact.

export const listTemplatesQuerySchema = z.object({
  status: z.enum(TEMPLATE_STATUSES).optional(),
  category: z.enum(TEMPLATE_CATEGORIES).optional(),
  language: z
    .string()
    .trim()
    .regex(/^[a-z]{2,3}(_[A-Za-z0-9]{2,4})?$/, "must be a language code such as en, en_US or pt_BR")
    .optional(),
  q: z.string().trim().max(200).optional(),
  includeRemoved: z
    .enum(["true", "false"])
    .transform((v) => v === "true")
    .optional(),
});
export type ListTemplatesQuery = z.infer<typeof listTemplatesQuerySchema>;

export const LIMITS = {
  name: 512,
  headerText: 60,
  body: 1024,
  cardBody: 160,
  footer: 60,
  buttonText: 25,
  buttons: 10,
  urlButtons: 2,
  cardButtons: 2,
  copyCode: 15,
  variables: 15,
  cardsMin: 2,
  cardsMax: 10,
} as const;

const PLACEHOLDER_TOKEN = /\{\{[^}]*\}\}/g;

/** Problems with the {{n}} variables of a text: malformed tokens, gaps, too many. */
export function variableProblems(text: string, max: number): { count: number; problems: string[] } {
  const problems: string[] = [];
  for (const token of text.match(PLACEHOLDER_TOKEN) ?? []) {
    if (!/^\{\{\d+\}\}$/.test(token)) problems.push(`${token} is not a variable: write {{1}}, {{2}}…`);
  }
  const numbers = [...new Set([...text.matchAll(/\{\{(\d+)\}\}/g)].map((m) => Number(m[1])))].sort(
    (a, b) => a - b,
  );
  const gap = numbers.findIndex((n, i) => n !== i + 1);
  if (gap >= 0) {
    problems.push(
      `variables must be numbered {{1}} to {{${numbers.length}}} in order, without gaps (found {{${numbers[gap]}}})`,
    );
  }
  if (max === 0 && numbers.length > 0) problems.push("variables are not allowed here");
  else if (numbers.length > max) problems.push(`at most ${max} variable${max === 1 ? "" : "s"} allowed here`);
  return { count: numbers.length, problems };
}

const required = (label: string, max: number) =>
  z
    .string({ error: `${label} is required` })
    .max(max, { error: `${label} must be at most ${max} characters` })
    .refine((v) => v.trim() !== "", { error: `${label} is required` });

const httpUrl = (label: string) =>
  z
    .string({ error: `${label} is required` })
    .trim()
    .min(1, { error: `${label} is required` })
    .pipe(z.url({ protocol: /^https?$/, error: `${label} must be an http(s) URL` }));

export const TEMPLATE_BUTTON_TYPES = ["url", "quick_reply", "phone_number", "copy_code"] as const;

const templateButtonInputSchema = z.discriminatedUnion("type", [
  z.strictObject({
    type: z.literal("url"),
    text: required("Button text", LIMITS.buttonText),
    url: z.string().trim().min(1, { error: "The link is required" }),
    /** Sample suffix for a URL ending in {{1}}. */
    example: z.string().trim().optional(),
  }),
  z.strictObject({ type: z.literal("quick_reply"), text: required("Button text", LIMITS.buttonText) }),
  z.strictObject({
    type: z.literal("phone_number"),
    text: required("Button text", LIMITS.buttonText),
    phoneNumber: e164Schema,
  }),
  z.strictObject({
    type: z.literal("copy_code"),
    example: required("Sample code", LIMITS.copyCode).refine((v) => !/\s/.test(v), {
      error: "Sample code cannot contain spaces",
    }),
  }),
]);
export type TemplateButtonInput = z.infer<typeof templateButtonInputSchema>;

const headerInputSchema = z.discriminatedUnion("type", [
  z.strictObject({ type: z.literal("none") }),
  z.strictObject({
    type: z.literal("text"),
    text: required("Header text", LIMITS.headerText),
    example: z.string().trim().optional(),
  }),
  z.strictObject({ type: z.enum(["image", "video", "document"]), example: httpUrl("Sample media URL") }),
]);

const textWithExamples = (label: string, max: number) =>
  z.strictObject({ text: required(label, max), examples: z.array(z.string()).default([]) });

const cardInputSchema = z.strictObject({
  header: z.strictObject({ type: z.enum(["image", "video"]), example: httpUrl("Sample media URL") }),
  body: textWithExamples("Card text", LIMITS.cardBody),
  buttons: z
    .array(templateButtonInputSchema)
    .max(LIMITS.cardButtons, { error: "A card has at most 2 buttons" }),
});
type TemplateCardInput = z.infer<typeof cardInputSchema>;

type Ctx = z.RefinementCtx;
type Path = (string | number)[];

function checkText(
  ctx: Ctx,
  text: string,
  examples: readonly string[] | undefined,
  path: Path,
  maxVariables: number,
) {
  const { count, problems } = variableProblems(text, maxVariables);
  for (const message of problems) ctx.addIssue({ code: "custom", path: [...path, "text"], message });
  if (!examples) return;
  for (let i = 0; i < count; i++) {
    const value = examples[i] ?? "";
    if (value.trim() === "") {
      ctx.addIssue({
        code: "custom",
        path: [...path, "examples", i],
        message: `Give a sample value for {{${i + 1}}}`,
      });
    } else if (/[\n\t]/.test(value)) {
      ctx.addIssue({
        code: "custom",
        path: [...path, "examples", i],
        message: "Sample values cannot contain new lines or tabs",
      });
    }
  }
}

function checkButtons(ctx: Ctx, buttons: readonly TemplateButtonInput[], path: Path, inCard: boolean) {
  const count = (type: TemplateButtonInput["type"]) => buttons.filter((b) => b.type === type).length;
  if (!inCard && buttons.length > LIMITS.buttons) {
    ctx.addIssue({ code: "custom", path, message: `At most ${LIMITS.buttons} buttons` });
  }
  if (count("url") > LIMITS.urlButtons)
    ctx.addIssue({ code: "custom", path, message: "At most 2 link buttons" });
  if (count("phone_number") > 1)
    ctx.addIssue({ code: "custom", path, message: "At most 1 phone number button" });
  if (count("copy_code") > 1) ctx.addIssue({ code: "custom", path, message: "At most 1 copy code button" });
  if (inCard && count("copy_code") > 0)
    ctx.addIssue({ code: "custom", path, message: "Carousel cards cannot have a copy code button" });
  buttons.forEach((button, i) => {
    if (button.type !== "url") return;
    const at = [...path, i];
    const { count: variables, problems } = variableProblems(button.url, 1);
    for (const message of problems) ctx.addIssue({ code: "custom", path: [...at, "url"], message });
    if (variables > 0 && !button.url.endsWith("{{1}}")) {
      ctx.addIssue({
        code: "custom",
        path: [...at, "url"],
        message: "{{1}} can only be the end of the link (the part that changes per message)",
      });
    }
    if (!z.url({ protocol: /^https?$/ }).safeParse(button.url.replace("{{1}}", "x")).success) {
      ctx.addIssue({ code: "custom", path: [...at, "url"], message: "The link must be an http(s) URL" });
    }
    if (variables > 0) {
      const example = button.example ?? "";
      if (example === "")
        ctx.addIssue({ code: "custom", path: [...at, "example"], message: "Give a sample end of the link" });
      else if (/^https?:\/\//i.test(example) || /\s/.test(example)) {
        ctx.addIssue({
          code: "custom",
          path: [...at, "example"],
          message: "Only the end of the link, without spaces (e.g. A-1042)",
        });
      }
    }
  });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function hasBody(value: unknown): boolean {
  return isRecord(value) && isRecord(value.body) && typeof value.body.text === "string";
}

function isButton(value: unknown): value is TemplateButtonInput {
  return (
    isRecord(value) &&
    typeof value.type === "string" &&
    (value.type !== "url" || typeof value.url === "string")
  );
}

function isCard(value: unknown): value is TemplateCardInput {
  return isRecord(value) && isRecord(value.header) && hasBody(value) && Array.isArray(value.buttons);
}

function buttonLayout(buttons: readonly TemplateButtonInput[]) {
  return buttons.map((b) => b.type).join(",");
}

export const createTemplateSchema = z
  .strictObject({
    name: z
      .string({ error: "Name is required" })
      .trim()
      .min(1, { error: "Name is required" })
      .max(LIMITS.name, { error: `Name must be at most ${LIMITS.name} characters` })
      .regex(/^[a-z0-9_]+$/, { error: "Use only lowercase letters, digits and _ (e.g. order_update_v2)" }),
    category: z.enum(TEMPLATE_CATEGORIES, { error: "Pick a category" }),
    language: z
      .string()
      .trim()
      .regex(/^[a-z]{2,3}(_[A-Z]{2})?$/, { error: "Use a language code such as en, en_US or pt_BR" }),
    header: headerInputSchema.default({ type: "none" }),
    body: textWithExamples("Body text", LIMITS.body),
    footer: z
      .string()
      .max(LIMITS.footer, { error: `Footer must be at most ${LIMITS.footer} characters` })
      .optional(),
    buttons: z.array(templateButtonInputSchema).default([]),
    carousel: z.strictObject({ cards: z.array(cardInputSchema) }).optional(),
  })
  .superRefine(
    (input, ctx) => {
      // Also runs when a basic field failed (see `when` below), so everything is reported in one pass: guard the shapes.
      const buttons = Array.isArray(input.buttons) ? input.buttons : [];
      checkText(
        ctx,
        input.body.text,
        Array.isArray(input.body.examples) ? input.body.examples : [],
        ["body"],
        LIMITS.variables,
      );
      if (input.header?.type === "text" && typeof input.header.text === "string") {
        const { count, problems } = variableProblems(input.header.text, 1);
        for (const message of problems) ctx.addIssue({ code: "custom", path: ["header", "text"], message });
        if (count > 0 && !input.header.example?.trim()) {
          ctx.addIssue({
            code: "custom",
            path: ["header", "example"],
            message: "Give a sample value for {{1}}",
          });
        }
      }
      if (typeof input.footer === "string" && /\{\{/.test(input.footer)) {
        ctx.addIssue({ code: "custom", path: ["footer"], message: "The footer cannot have variables" });
      }
      checkButtons(ctx, buttons.filter(isButton), ["buttons"], false);

      const cards = Array.isArray(input.carousel?.cards) ? input.carousel.cards.filter(isCard) : undefined;
      if (!cards) return;
      if (cards.length < LIMITS.cardsMin || cards.length > LIMITS.cardsMax) {
        ctx.addIssue({
          code: "custom",
          path: ["carousel", "cards"],
          message: "A carousel has 2 to 10 cards",
        });
      }
      if (input.header && input.header.type !== "none") {
        ctx.addIssue({
          code: "custom",
          path: ["header", "type"],
          message: "A carousel template has no header: each card has its own media",
        });
      }
      if (typeof input.footer === "string" && input.footer.trim())
        ctx.addIssue({ code: "custom", path: ["footer"], message: "A carousel template has no footer" });
      if (buttons.length > 0) {
        ctx.addIssue({
          code: "custom",
          path: ["buttons"],
          message: "A carousel template has no buttons of its own: add them to the cards",
        });
      }
      const first = cards[0];
      cards.forEach((card, i) => {
        const path = ["carousel", "cards", i];
        checkText(
          ctx,
          card.body.text,
          Array.isArray(card.body.examples) ? card.body.examples : [],
          [...path, "body"],
          LIMITS.variables,
        );
        if (card.buttons.length === 0)
          ctx.addIssue({
            code: "custom",
            path: [...path, "buttons"],
            message: "A card needs 1 or 2 buttons",
          });
        checkButtons(ctx, card.buttons.filter(isButton), [...path, "buttons"], true);
        if (first && i > 0) {
          if (card.header.type !== first.header.type) {
            ctx.addIssue({
              code: "custom",
              path: [...path, "header", "type"],
              message: "Every card needs the same media type as card 1",
            });
          }
          if (buttonLayout(card.buttons.filter(isButton)) !== buttonLayout(first.buttons.filter(isButton))) {
            ctx.addIssue({
              code: "custom",
              path: [...path, "buttons"],
              message: "Every card needs the same buttons (kinds and order) as card 1",
            });
          }
        }
      });
    },
    { when: (payload) => hasBody(payload.value) },
  );
export type CreateTemplateInput = z.input<typeof createTemplateSchema>;
export type CreateTemplateData = z.output<typeof createTemplateSchema>;
