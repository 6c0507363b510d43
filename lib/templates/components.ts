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
} from "../connectly/template-components";

// Stored component JSON (synced from upstream, or a message's snapshot) back into typed components. Tolerant on
// purpose: a component kind we do not know is kept as `{ unknown: { kind, raw } }` (shown, never dropped, and it
// makes the variables underivable) rather than failing the whole template, and what we keep is structurally
// sound, so the form and the preview never crash on odd upstream data.

type Json = Record<string, unknown>;

function isRecord(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function str(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

function strings(value: unknown): string[] | undefined {
  return Array.isArray(value) && value.every((v) => typeof v === "string") ? (value as string[]) : undefined;
}

const MEDIA_TYPES: readonly HeaderMediaType[] = ["TYPE_IMAGE", "TYPE_VIDEO", "TYPE_DOCUMENT"];

function unknownOf(item: Json): UnknownComponent {
  // Already stored as unknown (a native kind we did not model): keep it as it was.
  if (isRecord(item.unknown) && typeof item.unknown.kind === "string") {
    return { unknown: { kind: item.unknown.kind, raw: item.unknown.raw } };
  }
  return { unknown: { kind: Object.keys(item)[0] ?? "unknown", raw: item } };
}

function withExample<T extends object>(base: T, example: string[] | undefined): T & { example?: string[] } {
  return example ? { ...base, example } : base;
}

function parseHeader(value: unknown): HeaderComponent | null {
  if (!isRecord(value)) return null;
  if (isRecord(value.media)) {
    const type = str(value.media.type);
    if (!type || !MEDIA_TYPES.includes(type as HeaderMediaType)) return null;
    return {
      header: { media: withExample({ type: type as HeaderMediaType }, strings(value.media.example)) },
    };
  }
  if (isRecord(value.text) && typeof value.text.text === "string") {
    return { header: { text: withExample({ text: value.text.text }, strings(value.text.example)) } };
  }
  return null;
}

function parseBody(value: unknown): BodyComponent | null {
  if (!isRecord(value) || !isRecord(value.text) || typeof value.text.text !== "string") return null;
  return { body: { text: withExample({ text: value.text.text }, strings(value.text.example)) } };
}

function parseButton(value: unknown): TemplateButton | null {
  if (!isRecord(value)) return null;
  if (isRecord(value.url) && typeof value.url.url === "string") {
    const text = str(value.url.text) ?? "Open";
    return { url: withExample({ text, url: value.url.url }, strings(value.url.example)) };
  }
  if (isRecord(value.quickReply)) return { quickReply: { text: str(value.quickReply.text) ?? "" } };
  if (isRecord(value.phoneNumber)) {
    return {
      phoneNumber: {
        text: str(value.phoneNumber.text) ?? "Call",
        phoneNumber: str(value.phoneNumber.phoneNumber) ?? "",
      },
    };
  }
  if (isRecord(value.copyCode)) return { copyCode: { example: str(value.copyCode.example) ?? "" } };
  return unknownOf(value);
}

function parseButtons(value: unknown): ButtonsComponent | null {
  if (!isRecord(value) || !Array.isArray(value.buttons)) return null;
  // A button of an unknown kind stays in place so later buttons keep their 1-based positions
  // (button_N_url counts every button, whatever its kind).
  const buttons = value.buttons.map((b) => parseButton(b) ?? { unknown: { kind: "button", raw: b } });
  return { buttons: { buttons } };
}

function parseCard(value: unknown): CarouselCard | null {
  if (!isRecord(value) || !Array.isArray(value.components)) return null;
  const components: CarouselCardComponent[] = [];
  for (const item of value.components) {
    if (!isRecord(item)) continue;
    if ("header" in item) {
      const header = parseHeader(item.header);
      if (header && "media" in header.header) components.push({ header: header.header });
    } else if ("body" in item) {
      const body = parseBody(item.body);
      if (body) components.push(body);
    } else if ("buttons" in item) {
      const buttons = parseButtons(item.buttons);
      if (buttons) components.push(buttons);
    } else {
      components.push(unknownOf(item));
    }
  }
  return { components };
}

export function parseTemplateComponents(value: unknown): TemplateComponent[] {
  if (!Array.isArray(value)) return [];
  const components: TemplateComponent[] = [];
  for (const item of value) {
    if (!isRecord(item)) continue;
    let parsed: TemplateComponent | null = null;
    if ("header" in item) parsed = parseHeader(item.header);
    else if ("body" in item) parsed = parseBody(item.body);
    else if ("footer" in item) {
      const text =
        isRecord(item.footer) && isRecord(item.footer.text) ? str(item.footer.text.text) : undefined;
      parsed = text === undefined ? null : { footer: { text: { text } } };
    } else if ("buttons" in item) parsed = parseButtons(item.buttons);
    else if ("carousel" in item && isRecord(item.carousel) && Array.isArray(item.carousel.cards)) {
      const cards = item.carousel.cards.map(parseCard).filter((c): c is CarouselCard => c !== null);
      parsed = { carousel: { cards } };
    }
    components.push(parsed ?? unknownOf(item));
  }
  return components;
}
