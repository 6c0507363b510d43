import { z } from "zod";
import { parameterKeys } from "./template-components";

// Bodies we send to Connectly (contract §2, §3, §14). Limits are WhatsApp's own, so a bad request fails here
// with a field path instead of as an opaque upstream error after the fact.

const CALLBACK_DATA_MAX_BYTES = 1024;
const E164 = /^\+[1-9]\d{7,14}$/;
const BSUID = /^[A-Z]{2}\.[A-Za-z0-9]{1,128}$/;

const utf8 = new TextEncoder();

export const callbackDataSchema = z.json().superRefine((value, ctx) => {
  const bytes = utf8.encode(JSON.stringify(value)).length;
  if (bytes > CALLBACK_DATA_MAX_BYTES) {
    ctx.addIssue({
      code: "custom",
      message: `callbackData must be at most ${CALLBACK_DATA_MAX_BYTES} bytes as JSON (got ${bytes})`,
    });
  }
});

export const e164Schema = z
  .string()
  .regex(E164, { error: "must be an E.164 phone number: + and 8-15 digits, e.g. +14155550100" });
export const bsuidSchema = z
  .string()
  .regex(BSUID, { error: "must be a BSUID: country code, a dot, then letters/digits, e.g. US.1349120865" });
export const recipientIdSchema = z.string().refine((value) => E164.test(value) || BSUID.test(value), {
  error: "must be an E.164 phone number (+14155550100) or a BSUID (US.1349120865)",
});
type E164 = z.infer<typeof e164Schema>;

// Not z.httpUrl(): its hostname rule rejects localhost, which the built-in simulator serves media from.
const httpUrlSchema = z.url({ protocol: /^https?$/, error: "must be an http(s) URL" });

const text = (label: string, max: number) =>
  z
    .string()
    .max(max, { error: `${label} must be at most ${max} characters` })
    .refine((value) => value.trim() !== "", { error: `${label} must not be blank` });

const ATTACHMENT_TYPES = ["image", "video", "audio", "document"] as const;

// Objects are strict so a misspelt key (list_message, caption_text) fails here instead of being dropped upstream.
export const attachmentSchema = z
  .strictObject({
    type: z.enum(ATTACHMENT_TYPES, { error: "type must be one of image, video, audio, document" }),
    url: httpUrlSchema,
    caption: z.string().max(1024, { error: "caption must be at most 1024 characters" }).optional(),
    filename: text("filename", 240).optional(),
  })
  .superRefine((attachment, ctx) => {
    if (attachment.filename !== undefined && attachment.type !== "document") {
      ctx.addIssue({ code: "custom", path: ["filename"], message: "filename is only allowed on documents" });
    }
  });
export type Attachment = z.infer<typeof attachmentSchema>;

export const locationSchema = z.strictObject({
  latitude: z.number().min(-90).max(90),
  longitude: z.number().min(-180).max(180),
  name: z.string().optional(),
  address: z.string().optional(),
});

const footerSchema = z.strictObject({ text: text("footer text", 60) });

function addDuplicateIssues(
  values: readonly string[],
  ctx: z.RefinementCtx,
  pathOf: (index: number) => (string | number)[],
  what: string,
) {
  const seen = new Set<string>();
  values.forEach((value, index) => {
    if (seen.has(value))
      ctx.addIssue({ code: "custom", path: pathOf(index), message: `duplicate ${what} "${value}"` });
    seen.add(value);
  });
}

// WhatsApp list messages only take a text header, so the contract's header.attachment is rejected here.
export const listMessageSchema = z
  .strictObject({
    header: z
      .strictObject({
        text: text("header text", 60),
        attachment: z.never({ error: "list messages only support a text header" }).optional(),
      })
      .optional(),
    footer: footerSchema.optional(),
    button: z.strictObject({ id: z.string().max(256).optional(), text: text("button text", 20) }),
    sections: z
      .array(
        z.strictObject({
          title: text("section title", 24).optional(),
          rows: z
            .array(
              z.strictObject({
                id: text("row id", 200),
                text: text("row text", 24),
                description: z
                  .string()
                  .max(72, { error: "row description must be at most 72 characters" })
                  .optional(),
              }),
            )
            .min(1, { error: "each section needs at least 1 row" }),
        }),
      )
      .min(1, { error: "a list needs at least 1 section" })
      .max(10, { error: "a list can have at most 10 sections" }),
  })
  .superRefine((list, ctx) => {
    const rows = list.sections.flatMap((section, s) => section.rows.map((row, r) => ({ id: row.id, s, r })));
    if (rows.length > 10) {
      ctx.addIssue({
        code: "custom",
        path: ["sections"],
        message: `a list can have at most 10 rows in total (got ${rows.length})`,
      });
    }
    addDuplicateIssues(
      rows.map((row) => row.id),
      ctx,
      (i) => ["sections", rows[i]?.s ?? 0, "rows", rows[i]?.r ?? 0, "id"],
      "row id",
    );
    if (list.sections.length > 1) {
      list.sections.forEach((section, s) => {
        if (section.title === undefined) {
          ctx.addIssue({
            code: "custom",
            path: ["sections", s, "title"],
            message: "section title is required when there are several sections",
          });
        }
      });
    }
  });

const headerAttachmentSchema = attachmentSchema.refine((attachment) => attachment.type !== "audio", {
  error: "header attachment must be an image, video or document",
  path: ["type"],
});

export const replyButtonMessageSchema = z
  .strictObject({
    header: z
      .strictObject({
        text: text("header text", 60).optional(),
        attachment: headerAttachmentSchema.optional(),
      })
      .refine((header) => (header.text === undefined) !== (header.attachment === undefined), {
        error: "header needs either text or attachment, not both",
      })
      .optional(),
    footer: footerSchema.optional(),
    buttons: z
      .array(z.strictObject({ id: text("button id", 256), text: text("button text", 20) }))
      .min(1, { error: "reply buttons need 1 to 3 buttons" })
      .max(3, { error: "reply buttons need 1 to 3 buttons" }),
  })
  .superRefine((message, ctx) => {
    const ids = message.buttons.map((button) => button.id);
    addDuplicateIssues(ids, ctx, (i) => ["buttons", i, "id"], "button id");
    // WhatsApp also refuses two buttons with the same title.
    const titles = message.buttons.map((button) => button.text);
    addDuplicateIssues(titles, ctx, (i) => ["buttons", i, "text"], "button text");
  });

const productItemSchema = z.strictObject({ productRetailerId: text("productRetailerId", 100) });

export const singleProductMessageSchema = z.strictObject({
  catalogId: text("catalogId", 100),
  productItem: productItemSchema,
  footer: footerSchema.optional(),
});

// INFERRED: the contract's multiProductMessage schema is NOT FOUND (§3.2); this mirrors Meta's product_list.
export const multiProductMessageSchema = z
  .strictObject({
    header: z.strictObject({ text: text("header text", 60) }),
    footer: footerSchema.optional(),
    catalogId: text("catalogId", 100),
    sections: z
      .array(
        z.strictObject({
          title: text("section title", 24),
          productItems: z.array(productItemSchema).min(1, { error: "each section needs at least 1 product" }),
        }),
      )
      .min(1, { error: "a product list needs at least 1 section" })
      .max(10, { error: "a product list can have at most 10 sections" }),
  })
  .superRefine((message, ctx) => {
    const total = message.sections.reduce((sum, section) => sum + section.productItems.length, 0);
    if (total > 30) {
      ctx.addIssue({
        code: "custom",
        path: ["sections"],
        message: `a product list can have at most 30 products in total (got ${total})`,
      });
    }
  });

const CONTENT_KINDS = {
  attachments: "attachment",
  location: "location",
  listMessage: "list",
  replyButtonMessage: "reply_buttons",
  singleProductMessage: "single_product",
  multiProductMessage: "multi_product",
} as const;
type ContentKey = keyof typeof CONTENT_KINDS;
const CONTENT_KEYS = Object.keys(CONTENT_KINDS) as ContentKey[];

export type SessionMessageKind = "text" | (typeof CONTENT_KINDS)[ContentKey];

// What message.text means next to each content kind: the body (required or optional) or not allowed.
const TEXT_RULE: Record<ContentKey, "required" | "optional" | "forbidden"> = {
  attachments: "forbidden",
  location: "forbidden",
  listMessage: "required",
  replyButtonMessage: "required",
  singleProductMessage: "optional",
  multiProductMessage: "required",
};

export const sessionMessageSchema = z
  .strictObject({
    id: z.string().min(1).max(256).optional(),
    text: z.string().max(4096, { error: "text must be at most 4096 characters" }).optional(),
    attachments: z
      .array(attachmentSchema)
      .length(1, { error: "attachments must contain exactly 1 item" })
      .optional(),
    location: locationSchema.optional(),
    listMessage: listMessageSchema.optional(),
    replyButtonMessage: replyButtonMessageSchema.optional(),
    singleProductMessage: singleProductMessageSchema.optional(),
    multiProductMessage: multiProductMessageSchema.optional(),
  })
  .superRefine(
    (message, ctx) => {
      const found = CONTENT_KEYS.filter((key) => message[key] !== undefined);
      if (found.length > 1) {
        ctx.addIssue({
          code: "custom",
          message: `message must have exactly one content kind, found ${found.join(", ")}`,
        });
      }
    },
    // Run even when a nested field is invalid: "two kinds at once" is the more useful error then.
    { when: (payload) => typeof payload.value === "object" && payload.value !== null },
  )
  .superRefine((message, ctx) => {
    const only = CONTENT_KEYS.find((key) => message[key] !== undefined);
    if (only === undefined) {
      if (message.text === undefined) {
        ctx.addIssue({
          code: "custom",
          path: ["text"],
          message: `message has no content: give text or one of ${CONTENT_KEYS.join(", ")}`,
        });
      } else if (message.text.trim() === "") {
        ctx.addIssue({ code: "custom", path: ["text"], message: "text must not be blank" });
      }
      return;
    }
    const rule = TEXT_RULE[only];
    if (rule === "forbidden" && message.text !== undefined) {
      const hint = only === "attachments" ? "; put it in attachments[0].caption" : "";
      ctx.addIssue({
        code: "custom",
        path: ["text"],
        message: `text cannot be combined with ${only}${hint}`,
      });
    } else if (rule === "required" && (message.text === undefined || message.text.trim() === "")) {
      ctx.addIssue({ code: "custom", path: ["text"], message: `text is required as the body of ${only}` });
    } else if (message.text !== undefined && message.text.length > 1024) {
      ctx.addIssue({
        code: "custom",
        path: ["text"],
        message: `text must be at most 1024 characters with ${only}`,
      });
    }
  });
export type SessionMessage = z.infer<typeof sessionMessageSchema>;

export function sessionMessageKind(m: SessionMessage): SessionMessageKind {
  const key = CONTENT_KEYS.find((candidate) => m[candidate] !== undefined);
  return key === undefined ? "text" : CONTENT_KINDS[key];
}

export const templateParameterNameSchema = z.string().refine(parameterKeys.isKnown, {
  error: (issue) =>
    `unknown template parameter "${String(issue.input)}": expected ${parameterKeys.describeKnown}`,
});

function checkTemplateText(value: string, max: number, label: string): string | null {
  if (value.length > max) return `${label} must be at most ${max} characters`;
  // WhatsApp rejects these in variable values even though JSON carries them fine.
  if (/[\n\t]/.test(value)) return `${label} must not contain new lines or tabs`;
  if (/ {5,}/.test(value)) return `${label} must not contain more than 4 consecutive spaces`;
  return null;
}

export const templateParameterSchema = z
  .strictObject({
    name: templateParameterNameSchema,
    value: z.string().refine((value) => value.trim() !== "", { error: "value must not be empty" }),
    filename: text("filename", 240).optional(),
  })
  .superRefine((parameter, ctx) => {
    const { card } = parameterKeys.split(parameter.name);
    const role = parameterKeys.role(parameter.name);
    const fail = (message: string, field: "value" | "filename" = "value") =>
      ctx.addIssue({ code: "custom", path: [field], message });

    if (parameter.filename !== undefined && parameter.name !== "header_document") {
      fail("filename is only allowed on header_document", "filename");
    }
    const { value } = parameter;
    if (role === "media") {
      if (!httpUrlSchema.safeParse(value).success) fail(`${parameter.name} must be an http(s) URL`);
      return;
    }
    if (role === "button") {
      // The suffix appended to the template's base URL, or the full URL: url-buttons.ts turns it into the form
      // the workspace sends upstream (§14 default: the suffix).
      if (value.length > 2000) fail("button URL must be at most 2000 characters");
      else if (/\s/.test(value)) fail("button URL must not contain spaces");
      else if (/^https?:\/\//i.test(value) && !httpUrlSchema.safeParse(value).success)
        fail("button URL must be a suffix or a valid http(s) URL");
      return;
    }
    // Meta: a text header holds 60 characters; §14: a carousel card body holds 160.
    const max = role === "text_header" ? 60 : card !== null ? 160 : 1024;
    const problem = checkTemplateText(value, max, parameter.name);
    if (problem) fail(problem);
  });
export type TemplateParameter = z.infer<typeof templateParameterSchema>;

function addGapIssues(
  numbers: Iterable<number>,
  ctx: z.RefinementCtx,
  describe: (missing: number) => string,
) {
  const present = new Set(numbers);
  const highest = Math.max(0, ...present);
  for (let n = 1; n <= highest; n++) {
    if (!present.has(n)) ctx.addIssue({ code: "custom", message: describe(n) });
  }
}

export const templateParametersSchema = z.array(templateParameterSchema).superRefine((parameters, ctx) => {
  addDuplicateIssues(
    parameters.map((parameter) => parameter.name),
    ctx,
    (i) => [i, "name"],
    "parameter",
  );

  // Missing variables in the middle are a guaranteed upstream 132000, so catch them here.
  const bodyNumbers = new Map<number | null, number[]>();
  const cardHeaders = new Map<number, string[]>();
  for (const { name } of parameters) {
    const { card } = parameterKeys.split(name);
    const role = parameterKeys.role(name);
    const body = parameterKeys.bodyNumber(name);
    if (body !== null) bodyNumbers.set(card, [...(bodyNumbers.get(card) ?? []), body]);
    if (card !== null) {
      const headers = cardHeaders.get(card) ?? [];
      if (role === "media") headers.push(name);
      cardHeaders.set(card, headers);
    }
  }
  for (const [card, numbers] of bodyNumbers) {
    addGapIssues(
      numbers,
      ctx,
      (n) => `${parameterKeys.body(n, card)} is missing (body variables are numbered from 1 without gaps)`,
    );
  }

  const cards = [...cardHeaders.keys()];
  if (cards.length > 0) {
    addGapIssues(
      cards,
      ctx,
      (n) => `carousel card ${n} has no parameters (cards are numbered from 1 without gaps)`,
    );
    if (Math.max(...cards) < 2) ctx.addIssue({ code: "custom", message: "a carousel needs 2 to 10 cards" });
  }
  for (const [card, headers] of cardHeaders) {
    if (headers.length > 1) {
      ctx.addIssue({
        code: "custom",
        message: `carousel card ${card} has more than one header: ${headers.join(", ")}`,
      });
    }
  }
});

const campaignNameSchema = z
  .string()
  .max(256, { error: "campaignName must be at most 256 characters" })
  .refine((value) => value.trim() !== "", { error: "campaignName must not be blank" });

export const templateSendBodySchema = z.strictObject({
  // §14: a BSUID customer is addressed as "bsuid:<BSUID>" on the template endpoint only.
  number: z
    .string()
    .refine((value) => E164.test(value) || (value.startsWith("bsuid:") && BSUID.test(value.slice(6))), {
      error: "number must be an E.164 phone number (+14155550100) or bsuid:<BSUID>",
    }),
  templateName: z
    .string()
    .min(1, { error: "templateName is required" })
    .max(512, { error: "templateName must be at most 512 characters" })
    .regex(/^[a-z0-9_]+$/, { error: "templateName may only contain lower-case letters, digits and _" }),
  language: z
    .string()
    .regex(/^[a-z]{2,3}(_[A-Z]{2})?$/, { error: "language must look like en, en_US or pt_BR" }),
  parameters: templateParametersSchema.optional(),
  sender: e164Schema.optional(),
  callbackData: callbackDataSchema.optional(),
  campaignName: campaignNameSchema.optional(),
});

export const sessionSendBodySchema = z.strictObject({
  sender: z.strictObject({ id: e164Schema, channelType: z.literal("whatsapp") }).optional(),
  recipient: z.strictObject({
    id: recipientIdSchema,
    channelType: z.literal("whatsapp"),
    name: z.string().optional(),
  }),
  message: sessionMessageSchema,
  callbackData: callbackDataSchema.optional(),
  campaignName: campaignNameSchema.optional(),
});
