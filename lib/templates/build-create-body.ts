import {
  placeholderNumbers,
  type ButtonsComponent,
  type CarouselCard,
  type HeaderMediaType,
  type TemplateButton,
  type TemplateComponent,
  type TemplateText,
} from "../connectly/template-components";
import { upstreamCategory } from "./normalize";
import type { CreateTemplateData, TemplateButtonInput } from "./schemas";

// The create form's input as Connectly's create/template body (§7.1): Meta's component model inside
// Connectly's nesting, under `template_components`.

const MEDIA_TYPE: Record<"image" | "video" | "document", HeaderMediaType> = {
  image: "TYPE_IMAGE",
  video: "TYPE_VIDEO",
  document: "TYPE_DOCUMENT",
};

function text(value: string, examples: readonly string[]): TemplateText {
  const count = placeholderNumbers(value).length;
  return count > 0
    ? { text: value, example: examples.slice(0, count).map((e) => e.trim()) }
    : { text: value };
}

function button(input: TemplateButtonInput): TemplateButton {
  switch (input.type) {
    case "url": {
      const url = input.url.trim();
      const dynamic = placeholderNumbers(url).length > 0;
      return {
        url: {
          text: input.text.trim(),
          url,
          ...(dynamic && input.example ? { example: [input.example.trim()] } : {}),
        },
      };
    }
    case "quick_reply":
      return { quickReply: { text: input.text.trim() } };
    case "phone_number":
      return { phoneNumber: { text: input.text.trim(), phoneNumber: input.phoneNumber } };
    case "copy_code":
      return { copyCode: { example: input.example.trim() } };
  }
}

function buttons(inputs: readonly TemplateButtonInput[]): ButtonsComponent {
  return { buttons: { buttons: inputs.map(button) } };
}

/** The components a template made from this input has, in Meta's order: header, body, footer, buttons, carousel. */
export function componentsFromInput(input: CreateTemplateData): TemplateComponent[] {
  const components: TemplateComponent[] = [];
  const header = input.header;
  if (header.type === "text") {
    components.push({ header: { text: text(header.text, header.example ? [header.example] : []) } });
  } else if (header.type !== "none") {
    components.push({ header: { media: { type: MEDIA_TYPE[header.type], example: [header.example] } } });
  }
  components.push({ body: { text: text(input.body.text, input.body.examples) } });
  if (input.footer?.trim()) components.push({ footer: { text: { text: input.footer.trim() } } });
  if (input.buttons.length > 0) components.push(buttons(input.buttons));
  if (input.carousel) {
    const cards: CarouselCard[] = input.carousel.cards.map((card) => ({
      components: [
        { header: { media: { type: MEDIA_TYPE[card.header.type], example: [card.header.example] } } },
        { body: { text: text(card.body.text, card.body.examples) } },
        buttons(card.buttons),
      ],
    }));
    components.push({ carousel: { cards } });
  }
  return components;
}

export function buildCreateTemplateBody(input: CreateTemplateData) {
  return {
    name: input.name,
    language: { code: input.language },
    category: upstreamCategory(input.category),
    template_components: componentsFromInput(input),
  };
}
