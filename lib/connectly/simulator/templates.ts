import { fromNativeComponents } from "../native-template-components";
import type { CarouselCard, TemplateComponent } from "../template-components";

export type TemplateStatus =
  "MESSAGE_TEMPLATE_STATUS_PENDING" | "MESSAGE_TEMPLATE_STATUS_APPROVED" | "MESSAGE_TEMPLATE_STATUS_REJECTED";

/** Responses use the short category form (§7.2); create requests use the long enum. */
export type ShortCategory = "MARKETING" | "UTILITY" | "AUTHENTICATION";

export const CATEGORY_FROM_LONG: Record<string, ShortCategory> = {
  MESSAGE_TEMPLATE_GROUP_CATEGORY_MARKETING: "MARKETING",
  MESSAGE_TEMPLATE_GROUP_CATEGORY_UTILITY: "UTILITY",
  MESSAGE_TEMPLATE_GROUP_CATEGORY_AUTHENTICATION: "AUTHENTICATION",
};

export interface StoredTemplate {
  id: string;
  language: { code: string };
  status: TemplateStatus;
  createdAt: string;
  updatedAt: string;
  rejectionReason: string | null;
  templateComponents: TemplateComponent[];
  /** Meta's native component list (§7.2), served as `externalTemplate.whatsapp.components`. */
  externalTemplate?: { whatsapp: { components: unknown[] } };
  /** Served in Meta's native shape only (no `templateComponents`), as a real account may return it. */
  nativeOnly?: boolean;
}

export interface TemplateGroup {
  id: string;
  name: string;
  category: ShortCategory;
  templates: StoredTemplate[];
}

/** Templates grouped by name (a group = one name across languages), insertion-ordered. */
export class TemplateStore {
  private readonly groups = new Map<string, TemplateGroup>();

  list(): TemplateGroup[] {
    return [...this.groups.values()];
  }

  group(name: string): TemplateGroup | undefined {
    return this.groups.get(name);
  }

  find(name: string, language: string): StoredTemplate | undefined {
    return this.groups.get(name)?.templates.find((t) => t.language.code === language);
  }

  /** Adds a translation, creating the group on first use. The caller checks for duplicates. */
  add(name: string, category: ShortCategory, template: StoredTemplate): TemplateGroup {
    let group = this.groups.get(name);
    if (!group) {
      group = { id: name, name, category, templates: [] };
      this.groups.set(name, group);
    }
    group.templates.push(template);
    return group;
  }
}

interface SeedTranslation {
  language: string;
  status?: TemplateStatus;
  rejectionReason?: string;
  components: TemplateComponent[];
  /** Meta's native components; with it, the template is served in that shape only. */
  native?: unknown[];
}

const SHOP = "https://shop.example";
const IMAGE = "https://cdn.connectly.ai/assets/sim-image.jpg";

// Served only in Meta's native shape (Meta's documented component layout), so the app's reading of
// `externalTemplate.whatsapp.components` is exercised end to end.
const SPRING_PROMO_NATIVE: unknown[] = [
  { type: "HEADER", format: "TEXT", text: "Our {{1}} is on!", example: { header_text: ["Spring Sale"] } },
  {
    type: "BODY",
    text: "Shop now through {{1}} and use code {{2}} to get 25% off all merchandise.",
    example: { body_text: [["the end of April", "25OFF"]] },
  },
  { type: "FOOTER", text: "Use the buttons below to manage your marketing subscriptions" },
  {
    type: "BUTTONS",
    buttons: [
      { type: "QUICK_REPLY", text: "Unsubscribe from Promos" },
      { type: "URL", text: "Shop now", url: `${SHOP}/promo/{{1}}`, example: [`${SHOP}/promo/spring25`] },
    ],
  },
];

// A native template with a component kind the app does not model (a location header): shown as such in the
// library, and sent with hand-entered parameters.
const STORE_VISIT_NATIVE: unknown[] = [
  { type: "HEADER", format: "LOCATION" },
  {
    type: "BODY",
    text: "Hi {{1}}, your order is ready for pickup at our store.",
    example: { body_text: [["Sam"]] },
  },
];

interface SeedGroup {
  name: string;
  category: ShortCategory;
  translations: SeedTranslation[];
}

function orderShipped(footer: string, body: string, button: string): TemplateComponent[] {
  return [
    { header: { media: { type: "TYPE_IMAGE", example: [IMAGE] } } },
    { body: { text: { text: body, example: ["Ana", "A-1042"] } } },
    { footer: { text: { text: footer } } },
    { buttons: { buttons: [{ url: { text: button, url: `${SHOP}/track/{{1}}`, example: ["A-1042"] } }] } },
  ];
}

function appointmentReminder(header: string, body: string, yes: string, no: string): TemplateComponent[] {
  return [
    { header: { text: { text: header, example: ["Dr. Rivera"] } } },
    { body: { text: { text: body, example: ["Sam", "June 12", "10:30"] } } },
    { buttons: { buttons: [{ quickReply: { text: yes } }, { quickReply: { text: no } }] } },
  ];
}

function saleCard(product: string, price: string, slug: string): CarouselCard {
  return {
    components: [
      { header: { media: { type: "TYPE_IMAGE", example: [`${SHOP}/img/${slug}.jpg`] } } },
      { body: { text: { text: `${product}, now only {{1}}.`, example: [price] } } },
      { buttons: { buttons: [{ url: { text: "Shop now", url: `${SHOP}/p/{{1}}`, example: [slug] } }] } },
    ],
  };
}

const SEEDS: SeedGroup[] = [
  {
    name: "order_shipped",
    category: "UTILITY",
    translations: [
      {
        language: "en_US",
        components: orderShipped(
          "Acme Store",
          "Hi {{1}}, good news: your order {{2}} is on its way!",
          "Track order",
        ),
      },
      {
        language: "pt_BR",
        components: orderShipped("Acme Store", "Olá {{1}}, seu pedido {{2}} foi enviado!", "Rastrear pedido"),
      },
      {
        language: "es",
        components: orderShipped(
          "Acme Store",
          "Hola {{1}}, ¡tu pedido {{2}} está en camino!",
          "Seguir pedido",
        ),
      },
    ],
  },
  {
    name: "appointment_reminder",
    category: "UTILITY",
    translations: [
      {
        language: "en_US",
        components: appointmentReminder(
          "Appointment with {{1}}",
          "Hi {{1}}, this is a reminder of your appointment on {{2}} at {{3}}.",
          "Confirm",
          "Reschedule",
        ),
      },
      {
        language: "es",
        components: appointmentReminder(
          "Cita con {{1}}",
          "Hola {{1}}, te recordamos tu cita el {{2}} a las {{3}}.",
          "Confirmar",
          "Reprogramar",
        ),
      },
    ],
  },
  {
    name: "invoice_ready",
    category: "UTILITY",
    translations: [
      {
        language: "en_US",
        components: [
          { header: { media: { type: "TYPE_DOCUMENT", example: [`${SHOP}/invoices/INV-0425.pdf`] } } },
          {
            body: {
              text: {
                text: "Hi {{1}}, your invoice {{2}} for {{3}} is ready.",
                example: ["Sam", "INV-0425", "$42.00"],
              },
            },
          },
          { footer: { text: { text: "Questions? Just reply to this message." } } },
        ],
      },
    ],
  },
  {
    name: "welcome_video",
    category: "MARKETING",
    translations: [
      {
        language: "en_US",
        components: [
          { header: { media: { type: "TYPE_VIDEO", example: [`${SHOP}/media/welcome.mp4`] } } },
          { body: { text: { text: "Welcome to Acme, {{1}}! Here is a 30-second tour.", example: ["Sam"] } } },
          {
            buttons: {
              buttons: [
                { url: { text: "Visit the shop", url: SHOP } },
                { phoneNumber: { text: "Call us", phoneNumber: "+14155550100" } },
              ],
            },
          },
        ],
      },
    ],
  },
  {
    name: "summer_sale_carousel",
    category: "MARKETING",
    translations: [
      {
        language: "en_US",
        components: [
          {
            body: {
              text: { text: "Hi {{1}}, our summer sale is on. Swipe to see the deals!", example: ["Sam"] },
            },
          },
          {
            carousel: {
              cards: [
                saleCard("Linen shirt", "$29", "linen-shirt"),
                saleCard("Straw hat", "$19", "straw-hat"),
                saleCard("Beach towel", "$15", "beach-towel"),
              ],
            },
          },
        ],
      },
    ],
  },
  {
    name: "otp_login",
    category: "AUTHENTICATION",
    translations: [
      {
        language: "en_US",
        components: [
          {
            body: {
              text: {
                text: "{{1}} is your verification code. For your security, do not share this code.",
                example: ["482913"],
              },
            },
          },
          { footer: { text: { text: "This code expires in 10 minutes." } } },
          { buttons: { buttons: [{ copyCode: { example: "482913" } }] } },
        ],
      },
    ],
  },
  {
    name: "feedback_request",
    category: "MARKETING",
    translations: [
      {
        language: "en_US",
        components: [
          { body: { text: { text: "How was your recent experience with Acme?" } } },
          {
            buttons: {
              buttons: [
                { quickReply: { text: "Great" } },
                { quickReply: { text: "Could be better" } },
                { quickReply: { text: "Stop" } },
              ],
            },
          },
        ],
      },
      {
        language: "pt_BR",
        components: [
          { body: { text: { text: "Como foi sua experiência recente com a Acme?" } } },
          {
            buttons: {
              buttons: [
                { quickReply: { text: "Ótima" } },
                { quickReply: { text: "Pode melhorar" } },
                { quickReply: { text: "Parar" } },
              ],
            },
          },
        ],
      },
    ],
  },
  {
    name: "loyalty_points_update",
    category: "MARKETING",
    translations: [
      {
        language: "en_US",
        status: "MESSAGE_TEMPLATE_STATUS_PENDING",
        components: [
          {
            body: {
              text: { text: "Hi {{1}}, you now have {{2}} loyalty points.", example: ["Sam", "1200"] },
            },
          },
        ],
      },
    ],
  },
  {
    name: "spring_promo_native",
    category: "MARKETING",
    translations: [{ language: "en_US", components: [], native: SPRING_PROMO_NATIVE }],
  },
  {
    name: "store_visit_native",
    category: "UTILITY",
    translations: [{ language: "en_US", components: [], native: STORE_VISIT_NATIVE }],
  },
  {
    name: "flash_sale_blast",
    category: "MARKETING",
    translations: [
      {
        language: "en_US",
        status: "MESSAGE_TEMPLATE_STATUS_REJECTED",
        rejectionReason: "INVALID_FORMAT",
        components: [{ body: { text: { text: "FLASH SALE!!! {{1}} OFF EVERYTHING!!!", example: ["90%"] } } }],
      },
    ],
  },
];

/** A stored template as get/templates serves it: native-only ones without `templateComponents`. */
export function servedTemplate(template: StoredTemplate): Record<string, unknown> {
  const { nativeOnly, templateComponents, ...rest } = template;
  return nativeOnly ? rest : { ...rest, templateComponents };
}

/** Fills a store with the seed templates; ids and timestamps are stable for a given clock. */
export function seedTemplates(store: TemplateStore, nowMs: number): void {
  const DAY = 86_400_000;
  let counter = 0;
  for (const seed of SEEDS) {
    for (const translation of seed.translations) {
      counter++;
      const createdAt = new Date(nowMs - (30 - counter) * DAY).toISOString();
      store.add(seed.name, seed.category, {
        // Deterministic ids let e2e fixtures refer to seed templates.
        id: String(1_000_000_000_000_000 + counter),
        language: { code: translation.language },
        status: translation.status ?? "MESSAGE_TEMPLATE_STATUS_APPROVED",
        createdAt,
        updatedAt: createdAt,
        rejectionReason: translation.rejectionReason ?? null,
        ...(translation.native
          ? {
              // The simulator checks sends against the same model the app derives from the native list.
              templateComponents: fromNativeComponents(translation.native),
              externalTemplate: { whatsapp: { components: structuredClone(translation.native) } },
              nativeOnly: true,
            }
          : { templateComponents: structuredClone(translation.components) }),
      });
    }
  }
}
