// Template component JSON (contract §7.1 + §14): Meta's component model inside Connectly's nesting.
// The same shapes appear in `template_components` on create and `templateComponents` on get.
//
//   { "header": { "text": { "text": "Order {{1}}", "example": ["A-1"] } } }
//   { "header": { "media": { "type": "TYPE_IMAGE", "example": ["https://..."] } } }
//   { "body": { "text": { "text": "Hi {{1}}", "example": ["Sam"] } } }
//   { "footer": { "text": { "text": "Reply STOP to opt out" } } }
//   { "buttons": { "buttons": [ { "url": {...} } | { "quickReply": {...} } | { "phoneNumber": {...} } | { "copyCode": {...} } ] } }
//   { "carousel": { "cards": [ { "components": [ <header media>, <body>, <buttons> ] } ] } }

export type HeaderMediaType = "TYPE_IMAGE" | "TYPE_VIDEO" | "TYPE_DOCUMENT";

export interface TemplateText {
  text: string;
  /** One sample value per `{{n}}` variable, in order. */
  example?: string[];
}

interface HeaderTextComponent {
  header: { text: TemplateText };
}

export interface HeaderMediaComponent {
  header: { media: { type: HeaderMediaType; example?: string[] } };
}

export type HeaderComponent = HeaderTextComponent | HeaderMediaComponent;

export interface BodyComponent {
  body: { text: TemplateText };
}

interface FooterComponent {
  footer: { text: { text: string } };
}

interface UrlButton {
  /** `url` may end in `{{1}}`: the dynamic suffix sent as `button_N_url` (§14). */
  url: { text: string; url: string; example?: string[] };
}

interface QuickReplyButton {
  quickReply: { text: string };
}

interface PhoneNumberButton {
  phoneNumber: { text: string; phoneNumber: string };
}

interface CopyCodeButton {
  copyCode: { example: string };
}

/**
 * A button of a kind this app does not model (Meta's OTP, FLOW, CATALOG, MPM...): kept with its raw JSON so the
 * library and the preview can show it, and so later buttons keep their 1-based positions for `button_N_url`.
 */
interface UnknownButton {
  unknown: { kind: string; raw: unknown };
}

export type TemplateButton =
  UrlButton | QuickReplyButton | PhoneNumberButton | CopyCodeButton | UnknownButton;

export interface ButtonsComponent {
  buttons: { buttons: TemplateButton[] };
}

/**
 * A component this app does not model (a LOCATION header, LIMITED_TIME_OFFER, a kind Meta adds later): kept, not
 * dropped, so the library and the preview say it is there; its variables cannot be derived (see
 * `variablesDerivable`), so sends of such a template take hand-entered parameters.
 */
export interface UnknownComponent {
  unknown: { kind: string; raw: unknown };
}

export type CarouselCardComponent =
  HeaderMediaComponent | BodyComponent | ButtonsComponent | UnknownComponent;

export interface CarouselCard {
  components: CarouselCardComponent[];
}

interface CarouselComponent {
  carousel: { cards: CarouselCard[] };
}

export type TemplateComponent =
  HeaderComponent | BodyComponent | FooterComponent | ButtonsComponent | CarouselComponent | UnknownComponent;

// The `parameters[].name` keys of a template send (contract §2.2 + §14), built, recognised and read only here:
// the send schema (schemas.ts), the simulator's validator, the forms and the previews all go through
// `parameterKeys`.
const CARD_KEY = /^card_(\d+)_(.+)$/;
const BODY_INDEX = "([1-9]|1[0-5])";
const CARD_INDEX = "([1-9]|10)";
/** Every key a send may carry: 15 body variables, two URL buttons, carousel cards 1..10 (image/video headers). */
const KEY_GRAMMAR = new RegExp(
  `^(header_(text|image|video|document)|body_${BODY_INDEX}|button_[12]_url` +
    `|card_${CARD_INDEX}_(header_(image|video)|body_${BODY_INDEX}|button_[12]_url))$`,
);

/** What a key's value is: a media URL, the text header's one variable, a body variable or a URL button's value. */
export type ParameterRole = "media" | "text_header" | "body" | "button";

export const parameterKeys = {
  /** "" for the message itself, `card_{n}_` inside carousel card n (§14: flat keys in the same list). */
  prefix: (card: number | null = null) => (card === null ? "" : `card_${card}_`),
  headerText: (card: number | null = null) => `${parameterKeys.prefix(card)}header_text`,
  headerMedia: (kind: "image" | "video" | "document", card: number | null = null) =>
    `${parameterKeys.prefix(card)}header_${kind}`,
  body: (n: number, card: number | null = null) => `${parameterKeys.prefix(card)}body_${n}`,
  /** N is the button's 1-based position in its buttons component, whatever the kinds before it. */
  buttonUrl: (position: number, card: number | null = null) =>
    `${parameterKeys.prefix(card)}button_${position}_url`,
  /** `card_2_body_1` -> { card: 2, local: "body_1" }; `body_1` -> { card: null, local: "body_1" }. */
  split(name: string): { card: number | null; local: string } {
    const match = CARD_KEY.exec(name);
    return match ? { card: Number(match[1]), local: match[2] ?? "" } : { card: null, local: name };
  },
  isButtonUrl: (name: string) => /^button_\d+_url$/.test(parameterKeys.split(name).local),
  /** True for a key the contract allows (see KEY_GRAMMAR). */
  isKnown: (name: string) => KEY_GRAMMAR.test(name),
  /** The allowed keys in words, for error messages. */
  describeKnown:
    "header_text, header_image, header_video, header_document, body_1..body_15, button_1_url, button_2_url " +
    "or card_{1..10}_{header_image|header_video|body_N|button_N_url}",
  role(name: string): ParameterRole {
    const { local } = parameterKeys.split(name);
    if (local === "header_text") return "text_header";
    if (local.startsWith("header_")) return "media";
    if (local.startsWith("body_")) return "body";
    return "button";
  },
  /** `body_3` / `card_2_body_3` -> 3; null for any other key. */
  bodyNumber(name: string): number | null {
    const match = /^body_(\d+)$/.exec(parameterKeys.split(name).local);
    return match ? Number(match[1]) : null;
  },
};

const PLACEHOLDER = /\{\{(\d+)\}\}/g;

/** Distinct `{{n}}` numbers in a text, ascending. */
export function placeholderNumbers(text: string): number[] {
  const found = new Set<number>();
  for (const match of text.matchAll(PLACEHOLDER)) found.add(Number(match[1]));
  return [...found].sort((a, b) => a - b);
}

/** Parameter-name suffix for a header media type: TYPE_IMAGE -> "image". */
export function mediaParameterKind(type: HeaderMediaType): "image" | "video" | "document" {
  if (type === "TYPE_VIDEO") return "video";
  if (type === "TYPE_DOCUMENT") return "document";
  return "image";
}

function headerVariables(header: HeaderComponent["header"], card: number | null): string[] {
  if ("media" in header) return [parameterKeys.headerMedia(mediaParameterKind(header.media.type), card)];
  return placeholderNumbers(header.text.text).length > 0 ? [parameterKeys.headerText(card)] : [];
}

function bodyVariables(body: BodyComponent["body"], card: number | null): string[] {
  return placeholderNumbers(body.text.text).map((n) => parameterKeys.body(n, card));
}

function buttonVariables(buttons: TemplateButton[], card: number | null): string[] {
  const names: string[] = [];
  buttons.forEach((button, index) => {
    if ("url" in button && placeholderNumbers(button.url.url).length > 0) {
      names.push(parameterKeys.buttonUrl(index + 1, card));
    }
  });
  return names;
}

function componentVariables(component: TemplateComponent, card: number | null): string[] {
  if ("header" in component) return headerVariables(component.header, card);
  if ("body" in component) return bodyVariables(component.body, card);
  if ("buttons" in component) return buttonVariables(component.buttons.buttons, card);
  if ("carousel" in component) {
    return component.carousel.cards.flatMap((c, index) =>
      c.components.flatMap((x) => componentVariables(x, index + 1)),
    );
  }
  return [];
}

/**
 * The `parameters[].name` keys a send of this template must provide, in component order:
 * `header_text`, `header_image|video|document`, `body_1..n`, `button_N_url`,
 * `card_{n}_header_image|video`, `card_{n}_body_{k}`, `card_{n}_button_{m}_url`.
 */
export function templateVariables(components: readonly TemplateComponent[]): string[] {
  return components.flatMap((component) => componentVariables(component, null));
}

// `{{first_name}}`: Meta's named parameters, which Connectly's positional `body_N` keys cannot address.
const NAMED_PLACEHOLDER = /\{\{\s*[^}\s\d][^}]*\}\}/;

function textsOf(component: TemplateComponent | CarouselCardComponent): string[] {
  if ("header" in component) return "text" in component.header ? [component.header.text.text] : [];
  if ("body" in component) return [component.body.text.text];
  if ("buttons" in component)
    return component.buttons.buttons.flatMap((b) => ("url" in b ? [b.url.url] : []));
  return [];
}

function derivable(component: TemplateComponent | CarouselCardComponent): boolean {
  if ("unknown" in component) return false;
  if ("buttons" in component && component.buttons.buttons.some((b) => "unknown" in b)) return false;
  if ("carousel" in component)
    return component.carousel.cards.every((card) => card.components.every(derivable));
  return textsOf(component).every((text) => !NAMED_PLACEHOLDER.test(text));
}

/**
 * Whether `templateVariables` is the whole truth for this template. False when it holds a component or button
 * kind we do not model, or named `{{param}}` placeholders: such a template is still sendable, with parameters
 * entered by hand (Connectly judges them).
 */
export function variablesDerivable(components: readonly TemplateComponent[]): boolean {
  return components.every(derivable);
}
