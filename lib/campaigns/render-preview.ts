import { buttonHref } from "../connectly/url-buttons";
import { mediaParameterKind, parameterKeys, type TemplateComponent } from "../connectly/template-components";

// A template filled with one recipient's parameters, as plain data for the review step's message preview.

type PreviewButton = {
  kind: "url" | "quick_reply" | "phone" | "copy_code" | "unknown";
  text: string;
  url?: string;
};
type PreviewCard = { mediaUrl: string | null; body: string; buttons: PreviewButton[] };
export type MessagePreview = {
  header:
    { kind: "text"; text: string } | { kind: "image" | "video" | "document"; url: string | null } | null;
  body: string;
  footer: string | null;
  buttons: PreviewButton[];
  cards: PreviewCard[];
};

const PLACEHOLDER = /\{\{(\d+)\}\}/g;

function fill(text: string, valueOf: (n: number) => string | undefined): string {
  return text.replace(PLACEHOLDER, (token, n: string) => valueOf(Number(n)) ?? token);
}

function buttonsOf(
  buttons: Extract<TemplateComponent, { buttons: unknown }>["buttons"]["buttons"],
  parameter: (name: string) => string | undefined,
  card: number | null,
): PreviewButton[] {
  return buttons.map((button, index) => {
    if ("url" in button) {
      const suffix = parameter(parameterKeys.buttonUrl(index + 1, card));
      return { kind: "url", text: button.url.text, url: buttonHref(button.url.url, suffix) };
    }
    if ("quickReply" in button) return { kind: "quick_reply", text: button.quickReply.text };
    if ("phoneNumber" in button) return { kind: "phone", text: button.phoneNumber.text };
    if ("copyCode" in button) return { kind: "copy_code", text: `Copy code ${button.copyCode.example}` };
    return { kind: "unknown", text: `${button.unknown.kind.toLowerCase().replace(/_/g, " ")} button` };
  });
}

export function renderPreview(
  components: readonly TemplateComponent[],
  variables: Record<string, string>,
): MessagePreview {
  const parameter = (name: string) => variables[name];
  const preview: MessagePreview = { header: null, body: "", footer: null, buttons: [], cards: [] };
  for (const component of components) {
    if ("header" in component) {
      const header = component.header;
      if ("media" in header) {
        const kind = mediaParameterKind(header.media.type);
        preview.header = {
          kind,
          url: parameter(parameterKeys.headerMedia(kind)) ?? header.media.example?.[0] ?? null,
        };
      } else {
        preview.header = {
          kind: "text",
          text: fill(header.text.text, () => parameter(parameterKeys.headerText())),
        };
      }
    } else if ("body" in component) {
      preview.body = fill(component.body.text.text, (n) => parameter(parameterKeys.body(n)));
    } else if ("footer" in component) {
      preview.footer = component.footer.text.text;
    } else if ("buttons" in component) {
      preview.buttons = buttonsOf(component.buttons.buttons, parameter, null);
    } else if ("carousel" in component) {
      preview.cards = component.carousel.cards.map((cardComponents, i) => {
        const card = i + 1;
        const out: PreviewCard = { mediaUrl: null, body: "", buttons: [] };
        for (const c of cardComponents.components) {
          if ("header" in c && "media" in c.header) {
            const kind = mediaParameterKind(c.header.media.type);
            out.mediaUrl =
              parameter(parameterKeys.headerMedia(kind, card)) ?? c.header.media.example?.[0] ?? null;
          } else if ("body" in c) {
            out.body = fill(c.body.text.text, (n) => parameter(parameterKeys.body(n, card)));
          } else if ("buttons" in c) {
            out.buttons = buttonsOf(c.buttons.buttons, parameter, card);
          }
        }
        return out;
      });
    }
  }
  return preview;
}
