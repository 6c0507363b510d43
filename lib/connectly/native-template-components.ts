import type {
  BodyComponent,
  ButtonsComponent,
  CarouselCard,
  CarouselCardComponent,
  HeaderComponent,
  HeaderMediaType,
  TemplateButton,
  TemplateComponent,
  UnknownComponent,
} from "./template-components";

// Meta's native template components (what get/templates may carry in `externalTemplate.whatsapp.components`,
// §7.2: "[GB] says the response also includes WhatsApp's native component representation") converted into the
// component model the app uses everywhere else (template-components.ts, Connectly's nesting).
//
//   { "type": "HEADER", "format": "TEXT", "text": "Our {{1}} is on!", "example": { "header_text": ["Summer Sale"] } }
//   { "type": "HEADER", "format": "IMAGE", "example": { "header_handle": ["https://..."] } }
//   { "type": "BODY", "text": "Hi {{1}}", "example": { "body_text": [["Sam"]] } }
//   { "type": "FOOTER", "text": "..." }
//   { "type": "BUTTONS", "buttons": [ { "type": "URL", "text": "Track", "url": "https://x/{{1}}", "example": ["..."] },
//                                     { "type": "QUICK_REPLY", "text": "Stop" }, { "type": "PHONE_NUMBER", ... },
//                                     { "type": "COPY_CODE", "example": "250FF" } ] }
//   { "type": "CAROUSEL", "cards": [ { "components": [ <HEADER media>, <BODY>, <BUTTONS> ] } ] }
//
// Meta writes `type`/`format` upper case in its API and lower case in its creation examples: both are read.
// Anything else (a LOCATION header, LIMITED_TIME_OFFER, a kind Meta adds later) becomes an UnknownComponent
// with its raw JSON, never dropped.

type Json = Record<string, unknown>;

function record(value: unknown): Json | null {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Json) : null;
}

function str(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

function upper(value: unknown): string {
  return (str(value) ?? "").trim().toUpperCase();
}

function strings(value: unknown): string[] | undefined {
  if (!Array.isArray(value)) return undefined;
  const out = value.filter((v): v is string => typeof v === "string");
  return out.length > 0 ? out : undefined;
}

/** Meta nests body examples one level deeper (`[["a","b"]]`); a flat list is tolerated too. */
function bodyExample(example: Json | null): string[] | undefined {
  const raw = example?.body_text;
  if (Array.isArray(raw) && Array.isArray(raw[0])) return strings(raw[0]);
  return strings(raw);
}

function unknown(kind: string, raw: unknown): UnknownComponent {
  return { unknown: { kind, raw } };
}

const MEDIA_FORMATS: Record<string, HeaderMediaType> = {
  IMAGE: "TYPE_IMAGE",
  VIDEO: "TYPE_VIDEO",
  // Meta's GIF headers are sent as videos (mp4).
  GIF: "TYPE_VIDEO",
  DOCUMENT: "TYPE_DOCUMENT",
};

function header(raw: Json): HeaderComponent | UnknownComponent {
  const format = upper(raw.format) || "TEXT";
  const example = record(raw.example);
  const media = MEDIA_FORMATS[format];
  if (media) {
    const sample = strings(example?.header_handle) ?? strings(example?.header_url);
    return { header: { media: { type: media, ...(sample && { example: sample }) } } };
  }
  const text = str(raw.text);
  if (format === "TEXT" && text !== undefined) {
    const sample = strings(example?.header_text);
    return { header: { text: { text, ...(sample && { example: sample }) } } };
  }
  return unknown(`HEADER ${format}`, raw);
}

function body(raw: Json): BodyComponent | UnknownComponent {
  const text = str(raw.text);
  if (text === undefined) return unknown("BODY", raw);
  const sample = bodyExample(record(raw.example));
  return { body: { text: { text, ...(sample && { example: sample }) } } };
}

function button(value: unknown): TemplateButton {
  const raw = record(value);
  const type = upper(raw?.type);
  const text = str(raw?.text) ?? "";
  if (raw && type === "URL" && typeof raw.url === "string") {
    const sample = strings(raw.example);
    return { url: { text, url: raw.url, ...(sample && { example: sample }) } };
  }
  if (type === "QUICK_REPLY") return { quickReply: { text } };
  if (type === "PHONE_NUMBER")
    return { phoneNumber: { text, phoneNumber: str(raw?.phone_number) ?? str(raw?.phoneNumber) ?? "" } };
  if (type === "COPY_CODE") {
    const example = raw?.example;
    return { copyCode: { example: str(example) ?? strings(example)?.[0] ?? "" } };
  }
  return { unknown: { kind: type || "BUTTON", raw: value } };
}

function buttons(raw: Json): ButtonsComponent | UnknownComponent {
  if (!Array.isArray(raw.buttons)) return unknown("BUTTONS", raw);
  return { buttons: { buttons: raw.buttons.map(button) } };
}

function card(value: unknown): CarouselCard {
  const raw = record(value);
  const components: CarouselCardComponent[] = [];
  for (const item of Array.isArray(raw?.components) ? raw.components : []) {
    const component = convert(item);
    // A card holds a media header, a body and buttons (Meta); anything else is shown as unknown.
    if ("header" in component) {
      const h = component.header;
      // A card holds a media header, a body and buttons (Meta); anything else is shown as unknown.
      components.push("media" in h ? { header: h } : unknown("HEADER TEXT", item));
    } else if ("footer" in component || "carousel" in component) {
      components.push(unknown(upper(record(item)?.type), item));
    } else {
      components.push(component);
    }
  }
  return { components };
}

function convert(value: unknown): TemplateComponent {
  const raw = record(value);
  if (!raw) return unknown("INVALID", value);
  const type = upper(raw.type);
  switch (type) {
    case "HEADER":
      return header(raw);
    case "BODY":
      return body(raw);
    case "FOOTER":
      return typeof raw.text === "string" ? { footer: { text: { text: raw.text } } } : unknown("FOOTER", raw);
    case "BUTTONS":
      return buttons(raw);
    case "CAROUSEL":
      return Array.isArray(raw.cards)
        ? { carousel: { cards: raw.cards.map(card) } }
        : unknown("CAROUSEL", raw);
    default:
      return unknown(type || "UNKNOWN", raw);
  }
}

/** Meta's component list -> the app's components, in order; unknown kinds kept as UnknownComponent. */
export function fromNativeComponents(components: readonly unknown[]): TemplateComponent[] {
  return components.map(convert);
}

/** `externalTemplate.whatsapp.components` of a get/templates entry (camelCase or snake_case), or null. */
export function nativeComponentsOf(template: unknown): unknown[] | null {
  const raw = record(template);
  const external = record(raw?.externalTemplate) ?? record(raw?.external_template);
  const components = record(external?.whatsapp)?.components;
  return Array.isArray(components) && components.length > 0 ? components : null;
}
