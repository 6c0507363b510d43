import {
  parameterKeys,
  placeholderNumbers,
  templateVariables,
  type BodyComponent,
  type ButtonsComponent,
  type CarouselCard,
  type CarouselCardComponent,
  type HeaderComponent,
  type HeaderMediaComponent,
  type HeaderMediaType,
  type TemplateButton,
  type TemplateComponent,
  type TemplateText,
} from "../template-components";
import { invalid } from "./errors";
import { CATEGORY_FROM_LONG, type ShortCategory } from "./templates";

const BAD_FORMAT = "ERROR_CODE_PHONE_NUMBER_BAD_FORMAT";
const PHONE_INVALID = "ERROR_CODE_MESSAGE_PHONE_NUMBER_INVALID";
const INPUT_INVALID = "ERROR_CODE_MESSAGE_TEMPLATE_INPUT_INVALID";
const TEXT_EMPTY = "ERROR_CODE_MESSAGE_TEXT_EMPTY";
const ATTACHMENTS_NUMBER = "ERROR_CODE_MESSAGE_ATTACHMENTS_NUMBER_INVALID";
const ATTACHMENT_EMPTY = "ERROR_CODE_MESSAGE_ATTACHMENT_EMPTY";
const ATTACHMENT_INVALID = "ERROR_CODE_MESSAGE_ATTACHMENT_INVALID";
// The docs have no specific code for a malformed session payload; the generic one keeps the type informative.
const MESSAGE_INVALID = "ERROR_CODE_UNSPECIFIED";

export const BSUID_PATTERN = /^[A-Z]{2}\.[A-Za-z0-9]{1,128}$/;
const STRICT_E164 = /^\+\d{8,15}$/;

/** A customer identity: E.164 phone, BSUID, or both. */
export interface Identity {
  phone?: string;
  bsuid?: string;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === "http:" || url.protocol === "https:";
  } catch {
    return false;
  }
}

// ---------------------------------------------------------------------------------------------
// Recipients and senders

/** Accepts strict E.164 plus the loose separators older docs show ("+1 (604) 585-2331"). */
function normalizePhone(raw: string, field: string): string {
  const compact = raw.replace(/[\s().-]/g, "");
  if (!/^\+\d+$/.test(compact)) {
    throw invalid(BAD_FORMAT, `${field} must be an E.164 number like +16502223333, got "${raw}"`);
  }
  const digits = compact.length - 1;
  if (digits < 8 || digits > 15) {
    throw invalid(PHONE_INVALID, `${field} must have 8 to 15 digits, "${raw}" has ${digits}`);
  }
  return compact;
}

/** Template `number`: E.164, or `bsuid:<BSUID>` (§14). */
export function parseTemplateNumber(value: unknown): Identity {
  if (typeof value !== "string" || value.trim() === "") throw invalid(BAD_FORMAT, "number is required");
  const number = value.trim();
  if (number.startsWith("bsuid:")) {
    const bsuid = number.slice("bsuid:".length);
    if (!BSUID_PATTERN.test(bsuid)) {
      throw invalid(BAD_FORMAT, `"${number}" is not a valid BSUID (expected bsuid:<CC>.<alphanumerics>)`);
    }
    return { bsuid };
  }
  if (BSUID_PATTERN.test(number)) {
    throw invalid(BAD_FORMAT, `number "${number}" is a bare BSUID; template sends take "bsuid:${number}"`);
  }
  return { phone: normalizePhone(number, "number") };
}

/** Session `recipient`: `{ id: E.164 | bare BSUID, channelType?, name? }` (§14). */
export function parseSessionRecipient(
  value: unknown,
  options: { requireChannelType?: boolean } = {},
): Identity & { name?: string } {
  if (!isRecord(value) || typeof value.id !== "string" || value.id.trim() === "") {
    throw invalid(BAD_FORMAT, "recipient.id is required");
  }
  if (
    options.requireChannelType &&
    (value.channelType === undefined || value.channelType === null || value.channelType === "")
  ) {
    // Left out, it is the swagger's channel_type_unspecified, and no channel of that type exists.
    throw invalid(
      "ERROR_CODE_BUSINESS_MISSES_MATCHING_CHANNEL",
      'recipient.channelType is required ("whatsapp")',
    );
  }
  checkChannelType(value.channelType, "recipient");
  const id = value.id.trim();
  const name = typeof value.name === "string" && value.name !== "" ? value.name : undefined;
  if (id.startsWith("bsuid:")) {
    throw invalid(BAD_FORMAT, `recipient.id takes the bare BSUID for session messages, not "${id}"`);
  }
  if (BSUID_PATTERN.test(id)) return { bsuid: id, name };
  return { phone: normalizePhone(id, "recipient.id"), name };
}

function checkChannelType(value: unknown, field: string): void {
  if (value === undefined || value === null || value === "whatsapp") return;
  throw invalid(
    "ERROR_CODE_BUSINESS_MISSES_MATCHING_CHANNEL",
    `${field}.channelType "${String(value)}" is not available; only "whatsapp" is supported`,
  );
}

function checkSenderNumber(value: unknown, field: string): string {
  if (typeof value !== "string" || !STRICT_E164.test(value)) {
    throw invalid("ERROR_CODE_INVALID_SENDER_ID", `${field} must be the business number in E.164`);
  }
  return value;
}

/** Template `sender` is a plain string; undefined when omitted. */
export function parseTemplateSender(value: unknown): string | undefined {
  return value === undefined || value === null || value === ""
    ? undefined
    : checkSenderNumber(value, "sender");
}

/** Session `sender` is `{ id, channelType }`; undefined when omitted. */
export function parseSessionSender(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (!isRecord(value)) throw invalid("ERROR_CODE_INVALID_SENDER_ID", "sender must be { id, channelType }");
  checkChannelType(value.channelType, "sender");
  return checkSenderNumber(value.id, "sender.id");
}

export function parseCampaignName(value: unknown): string | undefined {
  if (value === undefined || value === null || value === "") return undefined;
  if (typeof value !== "string") throw invalid(MESSAGE_INVALID, "campaignName must be a string");
  return value;
}

export function checkCallbackData(value: unknown): void {
  if (value === undefined) return;
  const size = Buffer.byteLength(JSON.stringify(value));
  if (size > 1024) throw invalid(MESSAGE_INVALID, `callbackData is ${size} bytes; the limit is 1024`);
}

// ---------------------------------------------------------------------------------------------
// Template send parameters

export interface TemplateParameter {
  name: string;
  value: string;
  filename?: string;
}

function checkParameterValue(name: string, value: string): void {
  if (value.trim() === "") throw invalid(INPUT_INVALID, `parameter ${name} is empty`);
  const role = parameterKeys.role(name);
  if (role === "media") {
    if (!isHttpUrl(value)) throw invalid(INPUT_INVALID, `parameter ${name} must be an http(s) media URL`);
  } else if (role === "button") {
    // §14: the value is the suffix appended to the button's base URL.
    if (/^https?:\/\//i.test(value) || /\s/.test(value)) {
      throw invalid(
        INPUT_INVALID,
        `parameter ${name} must be the URL suffix (e.g. "A-1042"), not a full URL`,
      );
    }
  } else if (/[\n\t]/.test(value) || / {5,}/.test(value)) {
    // Meta rejects text parameters with newlines, tabs or more than 4 consecutive spaces.
    throw invalid(
      INPUT_INVALID,
      `parameter ${name} cannot contain newlines, tabs or more than 4 spaces in a row`,
    );
  }
}

/** Checks `parameters` against the template's variables: none missing, none extra, values well-formed. */
export function checkTemplateParameters(
  components: readonly TemplateComponent[],
  input: unknown,
  label: string,
): TemplateParameter[] {
  const list: unknown = input ?? [];
  if (!Array.isArray(list)) throw invalid(INPUT_INVALID, "parameters must be an array of { name, value }");
  const expected = templateVariables(components);
  const expectedSet = new Set(expected);
  const given = new Map<string, TemplateParameter>();

  list.forEach((item: unknown, index) => {
    if (!isRecord(item) || typeof item.name !== "string") {
      throw invalid(INPUT_INVALID, `parameters[${index}] must be { name, value }`);
    }
    const { name } = item;
    if (typeof item.value !== "string")
      throw invalid(INPUT_INVALID, `parameter ${name}: value must be a string`);
    if (given.has(name)) throw invalid(INPUT_INVALID, `duplicate parameter ${name}`);
    if (!expectedSet.has(name)) {
      const takes = expected.length > 0 ? expected.join(", ") : "no parameters";
      throw invalid(INPUT_INVALID, `unexpected parameter ${name}: template ${label} takes ${takes}`);
    }
    checkParameterValue(name, item.value);
    const filename = typeof item.filename === "string" ? item.filename : undefined;
    given.set(name, { name, value: item.value, ...(filename ? { filename } : {}) });
  });

  const missing = expected.filter((name) => !given.has(name));
  if (missing.length > 0) {
    throw invalid(INPUT_INVALID, `missing parameter ${missing.join(", ")} for template ${label}`);
  }
  return [...given.values()];
}

// ---------------------------------------------------------------------------------------------
// Session message content

const CONTENT_KINDS = [
  "attachments",
  "location",
  "listMessage",
  "replyButtonMessage",
  "singleProductMessage",
  "multiProductMessage",
] as const;
type ContentKind = (typeof CONTENT_KINDS)[number];

// gRPC-gateway accepts proto field names too; the contract prefers camelCase.
const SNAKE_ALIASES: Record<string, ContentKind> = {
  list_message: "listMessage",
  reply_button_message: "replyButtonMessage",
  single_product_message: "singleProductMessage",
  multi_product_message: "multiProductMessage",
};

const ATTACHMENT_TYPES = new Set(["image", "video", "audio", "document"]);

function nonEmptyString(value: unknown): value is string {
  return typeof value === "string" && value.trim() !== "";
}

function checkAttachment(value: unknown, field: string): void {
  if (!isRecord(value)) throw invalid(ATTACHMENT_INVALID, `${field} must be { type, url }`);
  if (typeof value.type !== "string" || !ATTACHMENT_TYPES.has(value.type)) {
    throw invalid(ATTACHMENT_INVALID, `${field}.type must be image, video, audio or document`);
  }
  if (!nonEmptyString(value.url)) throw invalid(ATTACHMENT_EMPTY, `${field}.url is empty`);
  if (!isHttpUrl(value.url))
    throw invalid(ATTACHMENT_INVALID, `${field}.url "${value.url}" cannot be parsed`);
}

function requireBodyText(text: unknown, kind: string): void {
  if (!nonEmptyString(text)) throw invalid(TEXT_EMPTY, `message.text is required with ${kind}`);
}

function checkInteractiveHeader(header: unknown, field: string): void {
  if (header === undefined || header === null) return;
  if (!isRecord(header)) throw invalid(MESSAGE_INVALID, `${field} must be an object`);
  if (header.attachment !== undefined) checkAttachment(header.attachment, `${field}.attachment`);
}

function checkList(list: Record<string, unknown>, text: unknown): void {
  requireBodyText(text, "listMessage");
  checkInteractiveHeader(list.header, "listMessage.header");
  const button = list.button;
  if (!isRecord(button) || !nonEmptyString(button.text)) {
    throw invalid(MESSAGE_INVALID, "listMessage.button.text is required");
  }
  const sections = list.sections;
  if (!Array.isArray(sections) || sections.length === 0 || sections.length > 10) {
    throw invalid(MESSAGE_INVALID, "listMessage.sections must hold 1 to 10 sections");
  }
  let rows = 0;
  sections.forEach((section: unknown, s) => {
    if (!isRecord(section) || !Array.isArray(section.rows) || section.rows.length === 0) {
      throw invalid(MESSAGE_INVALID, `listMessage.sections[${s}].rows must not be empty`);
    }
    section.rows.forEach((row: unknown, r) => {
      if (!isRecord(row) || !nonEmptyString(row.id) || !nonEmptyString(row.text)) {
        throw invalid(MESSAGE_INVALID, `listMessage.sections[${s}].rows[${r}] needs id and text`);
      }
      rows++;
    });
  });
  if (rows > 10) throw invalid(MESSAGE_INVALID, `listMessage has ${rows} rows; the limit is 10`);
}

function checkReplyButtons(message: Record<string, unknown>, text: unknown): void {
  requireBodyText(text, "replyButtonMessage");
  checkInteractiveHeader(message.header, "replyButtonMessage.header");
  const buttons = message.buttons;
  if (!Array.isArray(buttons) || buttons.length === 0 || buttons.length > 3) {
    throw invalid(MESSAGE_INVALID, "replyButtonMessage.buttons must hold 1 to 3 buttons");
  }
  buttons.forEach((button: unknown, i) => {
    if (!isRecord(button) || !nonEmptyString(button.id) || !nonEmptyString(button.text)) {
      throw invalid(MESSAGE_INVALID, `replyButtonMessage.buttons[${i}] needs id and text`);
    }
  });
}

function checkLocation(location: Record<string, unknown>): void {
  const { latitude, longitude } = location;
  if (typeof latitude !== "number" || latitude < -90 || latitude > 90) {
    throw invalid(MESSAGE_INVALID, "location.latitude must be a number between -90 and 90");
  }
  if (typeof longitude !== "number" || longitude < -180 || longitude > 180) {
    throw invalid(MESSAGE_INVALID, "location.longitude must be a number between -180 and 180");
  }
}

/** Session `message`: exactly one content kind; text alone, or as the body of an interactive kind. */
export function checkSessionMessage(value: unknown): void {
  if (!isRecord(value)) throw invalid(TEXT_EMPTY, "message is required");
  const message: Record<string, unknown> = { ...value };
  for (const [snake, camel] of Object.entries(SNAKE_ALIASES)) {
    if (message[snake] !== undefined && message[camel] === undefined) message[camel] = message[snake];
  }
  const { text } = message;
  if (text !== undefined && text !== null && typeof text !== "string") {
    throw invalid(MESSAGE_INVALID, "message.text must be a string");
  }
  if (typeof text === "string" && text.length > 4096) {
    throw invalid(MESSAGE_INVALID, `message.text is ${text.length} characters; the limit is 4096`);
  }
  // An empty repeated field is "not set" in proto3 JSON, so `attachments: []` next to text is plain text.
  const attachmentsUnset =
    Array.isArray(message.attachments) && message.attachments.length === 0 && nonEmptyString(text);
  const kinds = CONTENT_KINDS.filter(
    (kind) =>
      message[kind] !== undefined && message[kind] !== null && !(kind === "attachments" && attachmentsUnset),
  );

  if (kinds.length > 1) {
    throw invalid(
      MESSAGE_INVALID,
      `message must contain exactly one content kind, got ${kinds.join(" and ")}`,
    );
  }
  const kind = kinds[0];
  if (kind === undefined) {
    if (!nonEmptyString(text)) throw invalid(TEXT_EMPTY, "message.text is empty");
    return;
  }
  const content = message[kind];
  if (kind === "attachments") {
    if (!Array.isArray(content) || content.length !== 1) {
      const count = Array.isArray(content) ? content.length : 0;
      throw invalid(ATTACHMENTS_NUMBER, `message.attachments must hold exactly one item, got ${count}`);
    }
    if (nonEmptyString(text)) {
      throw invalid(
        MESSAGE_INVALID,
        "message.text cannot accompany an attachment; use attachments[0].caption",
      );
    }
    checkAttachment(content[0], "attachments[0]");
    return;
  }
  if (!isRecord(content)) throw invalid(MESSAGE_INVALID, `message.${kind} must be an object`);
  switch (kind) {
    case "location":
      if (nonEmptyString(text)) throw invalid(MESSAGE_INVALID, "message.text cannot accompany a location");
      return checkLocation(content);
    case "listMessage":
      return checkList(content, text);
    case "replyButtonMessage":
      return checkReplyButtons(content, text);
    case "singleProductMessage": {
      const item = content.productItem;
      if (!nonEmptyString(content.catalogId) || !isRecord(item) || !nonEmptyString(item.productRetailerId)) {
        throw invalid(
          MESSAGE_INVALID,
          "singleProductMessage needs catalogId and productItem.productRetailerId",
        );
      }
      return;
    }
    case "multiProductMessage":
      return requireBodyText(text, "multiProductMessage");
  }
}

// ---------------------------------------------------------------------------------------------
// Template creation

export interface CreateTemplateInput {
  name: string;
  language: string;
  category: ShortCategory;
  components: TemplateComponent[];
}

function fail(path: string, message: string): never {
  throw invalid(INPUT_INVALID, `${path}: ${message}`);
}

function onlyKey(value: unknown, allowed: readonly string[], path: string): string {
  if (!isRecord(value)) fail(path, "must be an object");
  const keys = Object.keys(value).filter((k) => value[k] !== undefined && value[k] !== null);
  const key = keys[0];
  if (keys.length !== 1 || key === undefined || !allowed.includes(key)) {
    fail(path, `must have exactly one of ${allowed.join(", ")}`);
  }
  return key;
}

function parseExample(value: unknown, path: string): string[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value) || !value.every((v) => typeof v === "string")) {
    fail(path, "example must be an array of strings");
  }
  return value as string[];
}

/** Variables must be written {{1}}, {{2}} ... with no gaps. Returns how many there are. */
function checkVariables(text: string, path: string, max: number): number {
  for (const token of text.match(/\{\{[^}]*\}\}/g) ?? []) {
    if (!/^\{\{\d+\}\}$/.test(token)) fail(path, `variable ${token} must be numbered like {{1}}`);
  }
  const numbers = placeholderNumbers(text);
  numbers.forEach((n, i) => {
    if (n !== i + 1) fail(path, `variables must be sequential {{1}}..{{${numbers.length}}}, found {{${n}}}`);
  });
  if (numbers.length > max) fail(path, `at most ${max} variable(s) allowed`);
  return numbers.length;
}

function parseText(value: unknown, path: string, maxLength: number, maxVariables: number): TemplateText {
  if (!isRecord(value) || !nonEmptyString(value.text)) fail(path, "text is required");
  const text = value.text;
  if (text.length > maxLength) fail(path, `text is ${text.length} characters; the limit is ${maxLength}`);
  const count = checkVariables(text, path, maxVariables);
  const example = parseExample(value.example, path);
  if (example && count > 0 && example.length !== count) {
    fail(path, `example has ${example.length} value(s) for ${count} variable(s)`);
  }
  return example ? { text, example } : { text };
}

const MEDIA_TYPES: readonly HeaderMediaType[] = ["TYPE_IMAGE", "TYPE_VIDEO", "TYPE_DOCUMENT"];

function parseHeader(value: unknown, path: string): HeaderComponent["header"] {
  const kind = onlyKey(value, ["text", "media"], path);
  const header = value as Record<string, unknown>;
  if (kind === "text") return { text: parseText(header.text, `${path}.text`, 60, 1) };
  const media = header.media;
  if (!isRecord(media) || !MEDIA_TYPES.includes(media.type as HeaderMediaType)) {
    fail(`${path}.media`, `type must be one of ${MEDIA_TYPES.join(", ")}`);
  }
  const example = parseExample(media.example, `${path}.media`);
  return { media: { type: media.type as HeaderMediaType, ...(example ? { example } : {}) } };
}

function buttonText(value: Record<string, unknown>, path: string): string {
  if (!nonEmptyString(value.text) || value.text.length > 25) fail(path, "text must be 1 to 25 characters");
  return value.text;
}

function parseButton(value: unknown, path: string): TemplateButton {
  const kind = onlyKey(value, ["url", "quickReply", "phoneNumber", "copyCode"], path);
  const inner = (value as Record<string, unknown>)[kind];
  const innerPath = `${path}.${kind}`;
  if (!isRecord(inner)) fail(innerPath, "must be an object");
  switch (kind) {
    case "url": {
      const text = buttonText(inner, innerPath);
      const url = inner.url;
      if (typeof url !== "string") fail(innerPath, "url is required");
      const variables = checkVariables(url, innerPath, 1);
      // Meta only allows one dynamic suffix, at the very end of the base URL.
      if (variables > 0 && !url.endsWith("{{1}}")) fail(innerPath, "the {{1}} suffix must end the url");
      if (!isHttpUrl(url.replace("{{1}}", "x"))) fail(innerPath, `url "${url}" is not an http(s) URL`);
      const example = parseExample(inner.example, innerPath);
      return { url: { text, url, ...(example ? { example } : {}) } };
    }
    case "quickReply":
      return { quickReply: { text: buttonText(inner, innerPath) } };
    case "phoneNumber": {
      const text = buttonText(inner, innerPath);
      if (typeof inner.phoneNumber !== "string" || !STRICT_E164.test(inner.phoneNumber)) {
        fail(innerPath, "phoneNumber must be E.164");
      }
      return { phoneNumber: { text, phoneNumber: inner.phoneNumber } };
    }
    default: {
      if (!nonEmptyString(inner.example) || inner.example.length > 15) {
        fail(innerPath, "example must be a code of 1 to 15 characters");
      }
      return { copyCode: { example: inner.example } };
    }
  }
}

function parseButtons(value: unknown, path: string, max: number): TemplateButton[] {
  if (!isRecord(value) || !Array.isArray(value.buttons)) fail(path, "buttons must be an array");
  const list = value.buttons as unknown[];
  if (list.length === 0 || list.length > max) fail(path, `must hold 1 to ${max} buttons`);
  const buttons = list.map((b, i) => parseButton(b, `${path}.buttons[${i}]`));
  const count = (kind: string) => buttons.filter((b) => kind in b).length;
  if (count("url") > 2) fail(path, "at most 2 URL buttons");
  if (count("phoneNumber") > 1) fail(path, "at most 1 phone number button");
  if (count("copyCode") > 1) fail(path, "at most 1 copy code button");
  return buttons;
}

function buttonKinds(buttons: TemplateButton[]): string {
  return buttons.map((b) => Object.keys(b)[0]).join(",");
}

function parseCard(value: unknown, path: string): CarouselCard {
  if (!isRecord(value) || !Array.isArray(value.components)) fail(path, "components must be an array");
  let header: HeaderMediaComponent | undefined;
  let body: BodyComponent | undefined;
  let buttons: ButtonsComponent | undefined;
  (value.components as unknown[]).forEach((item, i) => {
    const itemPath = `${path}.components[${i}]`;
    const kind = onlyKey(item, ["header", "body", "buttons"], itemPath);
    const inner = (item as Record<string, unknown>)[kind];
    if (kind === "header") {
      const parsed = parseHeader(inner, `${itemPath}.header`);
      if (!("media" in parsed) || parsed.media.type === "TYPE_DOCUMENT") {
        fail(itemPath, "card headers must be image or video media");
      }
      if (header) fail(itemPath, "duplicate header");
      header = { header: parsed };
    } else if (kind === "body") {
      if (body) fail(itemPath, "duplicate body");
      body = {
        body: { text: parseText(isRecord(inner) ? inner.text : undefined, `${itemPath}.body.text`, 160, 15) },
      };
    } else {
      if (buttons) fail(itemPath, "duplicate buttons");
      const parsed = parseButtons(inner, `${itemPath}.buttons`, 2);
      if (parsed.some((b) => "copyCode" in b)) fail(itemPath, "cards cannot have copy code buttons");
      buttons = { buttons: { buttons: parsed } };
    }
  });
  if (!header || !body || !buttons) fail(path, "each card needs a media header, a body and 1 to 2 buttons");
  const components: CarouselCardComponent[] = [header, body, buttons];
  return { components };
}

function parseCarousel(value: unknown, path: string): CarouselCard[] {
  if (!isRecord(value) || !Array.isArray(value.cards)) fail(path, "cards must be an array");
  const list = value.cards as unknown[];
  if (list.length < 2 || list.length > 10) fail(path, `must hold 2 to 10 cards, got ${list.length}`);
  const cards = list.map((card, i) => parseCard(card, `${path}.cards[${i}]`));
  // Meta requires every card to share the first card's header format and button layout.
  const signature = (card: CarouselCard) => {
    const [header, , buttons] = card.components as [HeaderMediaComponent, BodyComponent, ButtonsComponent];
    return `${header.header.media.type}|${buttonKinds(buttons.buttons.buttons)}`;
  };
  const first = signature(cards[0]!);
  cards.forEach((card, i) => {
    if (signature(card) !== first)
      fail(`${path}.cards[${i}]`, "all cards need the same header type and buttons");
  });
  return cards;
}

function parseComponents(value: unknown): TemplateComponent[] {
  const path = "template_components";
  if (!Array.isArray(value) || value.length === 0) fail(path, "must be a non-empty array");
  const seen = new Set<string>();
  const components = value.map((item: unknown, i): TemplateComponent => {
    const itemPath = `${path}[${i}]`;
    const kind = onlyKey(item, ["header", "body", "footer", "buttons", "carousel"], itemPath);
    if (seen.has(kind)) fail(itemPath, `only one ${kind} component is allowed`);
    seen.add(kind);
    const inner = (item as Record<string, unknown>)[kind];
    const innerRecord = isRecord(inner) ? inner : {};
    switch (kind) {
      case "header":
        return { header: parseHeader(inner, `${itemPath}.header`) } as HeaderComponent;
      case "body":
        return { body: { text: parseText(innerRecord.text, `${itemPath}.body.text`, 1024, 15) } };
      case "footer":
        return {
          footer: { text: { text: parseText(innerRecord.text, `${itemPath}.footer.text`, 60, 0).text } },
        };
      case "buttons":
        return { buttons: { buttons: parseButtons(inner, `${itemPath}.buttons`, 10) } };
      default:
        return { carousel: { cards: parseCarousel(inner, `${itemPath}.carousel`) } };
    }
  });
  if (!seen.has("body")) fail(path, "a body component is required");
  if (seen.has("carousel") && (seen.has("header") || seen.has("footer") || seen.has("buttons"))) {
    fail(path, "a carousel template has only a body and the carousel");
  }
  return components;
}

/** Validates a §7.1 create-template body. Accepts `templateComponents` as the proto-JSON alias. */
export function parseCreateTemplate(body: Record<string, unknown>): CreateTemplateInput {
  const { name, language, category } = body;
  if (typeof name !== "string" || !/^[a-z0-9_]{1,512}$/.test(name)) {
    throw invalid(INPUT_INVALID, "name must be 1 to 512 lowercase letters, digits or underscores");
  }
  if (
    !isRecord(language) ||
    typeof language.code !== "string" ||
    !/^[a-z]{2,3}(_[A-Za-z0-9]{2,4})?$/.test(language.code)
  ) {
    throw invalid(INPUT_INVALID, 'language must be { "code": "en_US" }');
  }
  const shortCategory = typeof category === "string" ? CATEGORY_FROM_LONG[category] : undefined;
  if (!shortCategory) {
    throw invalid(
      INPUT_INVALID,
      `category must be one of ${Object.keys(CATEGORY_FROM_LONG).join(", ")}, got ${JSON.stringify(category)}`,
    );
  }
  const components = parseComponents(body.template_components ?? body.templateComponents);
  return { name, language: language.code, category: shortCategory, components };
}
