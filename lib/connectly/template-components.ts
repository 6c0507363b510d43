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

export interface HeaderTextComponent {
  header: { text: TemplateText };
}

export interface HeaderMediaComponent {
  header: { media: { type: HeaderMediaType; example?: string[] } };
}

export type HeaderComponent = HeaderTextComponent | HeaderMediaComponent;

export interface BodyComponent {
  body: { text: TemplateText };
}

export interface FooterComponent {
  footer: { text: { text: string } };
}

export interface UrlButton {
  /** `url` may end in `{{1}}`: the dynamic suffix sent as `button_N_url` (§14). */
  url: { text: string; url: string; example?: string[] };
}

export interface QuickReplyButton {
  quickReply: { text: string };
}

export interface PhoneNumberButton {
  phoneNumber: { text: string; phoneNumber: string };
}

export interface CopyCodeButton {
  copyCode: { example: string };
}

export type TemplateButton = UrlButton | QuickReplyButton | PhoneNumberButton | CopyCodeButton;

export interface ButtonsComponent {
  buttons: { buttons: TemplateButton[] };
}

export type CarouselCardComponent = HeaderMediaComponent | BodyComponent | ButtonsComponent;

export interface CarouselCard {
  components: CarouselCardComponent[];
}

export interface CarouselComponent {
  carousel: { cards: CarouselCard[] };
}

export type TemplateComponent =
  HeaderComponent | BodyComponent | FooterComponent | ButtonsComponent | CarouselComponent;

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

function headerVariables(header: HeaderComponent["header"], prefix: string): string[] {
  if ("media" in header) return [`${prefix}header_${mediaParameterKind(header.media.type)}`];
  return placeholderNumbers(header.text.text).length > 0 ? [`${prefix}header_text`] : [];
}

function bodyVariables(body: BodyComponent["body"], prefix: string): string[] {
  return placeholderNumbers(body.text.text).map((n) => `${prefix}body_${n}`);
}

function buttonVariables(buttons: TemplateButton[], prefix: string): string[] {
  const names: string[] = [];
  // N is the button's 1-based position in the buttons component, whatever the kinds before it.
  buttons.forEach((button, index) => {
    if ("url" in button && placeholderNumbers(button.url.url).length > 0) {
      names.push(`${prefix}button_${index + 1}_url`);
    }
  });
  return names;
}

function componentVariables(component: TemplateComponent, prefix: string): string[] {
  if ("header" in component) return headerVariables(component.header, prefix);
  if ("body" in component) return bodyVariables(component.body, prefix);
  if ("buttons" in component) return buttonVariables(component.buttons.buttons, prefix);
  if ("carousel" in component) {
    return component.carousel.cards.flatMap((card, index) =>
      card.components.flatMap((c) => componentVariables(c, `card_${index + 1}_`)),
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
  return components.flatMap((component) => componentVariables(component, ""));
}
