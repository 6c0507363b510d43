import { describe, expect, it } from "vitest";
import { fromNativeComponents, nativeComponentsOf } from "./native-template-components";
import { templateVariables, variablesDerivable } from "./template-components";

// Component JSON in the shapes Meta documents for WhatsApp message templates (developers.facebook.com,
// "Template components"): upper-case API form and lower-case creation examples.

describe("fromNativeComponents", () => {
  it("reads Meta's header/body/footer/buttons with their example values", () => {
    const native = [
      { type: "HEADER", format: "TEXT", text: "Our {{1}} is on!", example: { header_text: ["Summer Sale"] } },
      {
        type: "BODY",
        text: "Shop now through {{1}} and use code {{2}} to get {{3}} off of all merchandise.",
        example: { body_text: [["the end of August", "25OFF", "25%"]] },
      },
      { type: "FOOTER", text: "Use the buttons below to manage your marketing subscriptions" },
      {
        type: "BUTTONS",
        buttons: [
          { type: "QUICK_REPLY", text: "Unsubscribe from Promos" },
          { type: "PHONE_NUMBER", text: "Call", phone_number: "15550051310" },
          {
            type: "URL",
            text: "Shop Now",
            url: "https://www.luckyshrub.com/shop?promo={{1}}",
            example: ["https://www.luckyshrub.com/shop?promo=summer_lucky"],
          },
          { type: "COPY_CODE", example: "250FF" },
        ],
      },
    ];
    const components = fromNativeComponents(native);
    expect(components).toEqual([
      { header: { text: { text: "Our {{1}} is on!", example: ["Summer Sale"] } } },
      {
        body: {
          text: {
            text: "Shop now through {{1}} and use code {{2}} to get {{3}} off of all merchandise.",
            example: ["the end of August", "25OFF", "25%"],
          },
        },
      },
      { footer: { text: { text: "Use the buttons below to manage your marketing subscriptions" } } },
      {
        buttons: {
          buttons: [
            { quickReply: { text: "Unsubscribe from Promos" } },
            { phoneNumber: { text: "Call", phoneNumber: "15550051310" } },
            {
              url: {
                text: "Shop Now",
                url: "https://www.luckyshrub.com/shop?promo={{1}}",
                example: ["https://www.luckyshrub.com/shop?promo=summer_lucky"],
              },
            },
            { copyCode: { example: "250FF" } },
          ],
        },
      },
    ]);
    expect(templateVariables(components)).toEqual([
      "header_text",
      "body_1",
      "body_2",
      "body_3",
      "button_3_url",
    ]);
    expect(variablesDerivable(components)).toBe(true);
  });

  it.each([
    ["IMAGE", "TYPE_IMAGE", "header_image"],
    ["VIDEO", "TYPE_VIDEO", "header_video"],
    ["DOCUMENT", "TYPE_DOCUMENT", "header_document"],
  ])("reads a %s media header with its header_handle example", (format, type, parameter) => {
    const components = fromNativeComponents([
      { type: "HEADER", format, example: { header_handle: ["4::aW1hZ2UvanBlZw==:ARZ"] } },
      { type: "BODY", text: "Hello" },
    ]);
    expect(components[0]).toEqual({ header: { media: { type, example: ["4::aW1hZ2UvanBlZw==:ARZ"] } } });
    expect(templateVariables(components)).toEqual([parameter]);
  });

  it("reads a lower-case carousel as card_{n}_ parameters", () => {
    const card = (code: string) => ({
      components: [
        { type: "header", format: "image", example: { header_handle: ["4::an"] } },
        {
          type: "body",
          text: "Rare lemons for unique cocktails. Use code {{1}} to get {{2}} off all produce.",
          example: { body_text: [[code, "15%"]] },
        },
        {
          type: "buttons",
          buttons: [
            { type: "quick_reply", text: "Send more like this" },
            {
              type: "url",
              text: "Buy now",
              url: "https://www.luckyshrub.com/shop?promo={{1}}",
              example: ["https://www.luckyshrub.com/shop?promo=exotic_produce_2023"],
            },
          ],
        },
      ],
    });
    const components = fromNativeComponents([
      {
        type: "body",
        text: "Summer is here, and we have the freshest produce around! Use code {{1}} to get {{2}} off your next order.",
        example: { body_text: [["15OFF", "15%"]] },
      },
      { type: "carousel", cards: [card("15OFF"), card("20OFF")] },
    ]);
    expect(templateVariables(components)).toEqual([
      "body_1",
      "body_2",
      "card_1_header_image",
      "card_1_body_1",
      "card_1_body_2",
      "card_1_button_2_url",
      "card_2_header_image",
      "card_2_body_1",
      "card_2_body_2",
      "card_2_button_2_url",
    ]);
  });

  it("keeps a component kind it does not model, and then cannot derive the variables", () => {
    const location = { type: "HEADER", format: "LOCATION" };
    const offer = {
      type: "LIMITED_TIME_OFFER",
      limited_time_offer: { text: "Expiring offer!", has_expiration: true },
    };
    const components = fromNativeComponents([
      location,
      { type: "BODY", text: "Hi {{1}}", example: { body_text: [["Sam"]] } },
      offer,
    ]);
    expect(components[0]).toEqual({ unknown: { kind: "HEADER LOCATION", raw: location } });
    expect(components[2]).toEqual({ unknown: { kind: "LIMITED_TIME_OFFER", raw: offer } });
    expect(templateVariables(components)).toEqual(["body_1"]);
    expect(variablesDerivable(components)).toBe(false);
  });

  it("keeps an unknown button kind in its position, so later URL buttons keep their number", () => {
    const components = fromNativeComponents([
      {
        type: "BUTTONS",
        buttons: [
          { type: "OTP", otp_type: "ONE_TAP", text: "Autofill" },
          { type: "URL", text: "Track", url: "https://x.example/t/{{1}}", example: ["A1"] },
        ],
      },
    ]);
    expect(templateVariables(components)).toEqual(["button_2_url"]);
    expect(variablesDerivable(components)).toBe(false);
  });

  it("treats Meta's named parameters as not derivable (Connectly's keys are positional)", () => {
    const components = fromNativeComponents([
      {
        type: "BODY",
        text: "Thank you, {{first_name}}! Your order number is {{order_number}}.",
        example: {
          body_text_named_params: [
            { param_name: "first_name", example: "Pablo" },
            { param_name: "order_number", example: "860198-230332" },
          ],
        },
      },
    ]);
    expect(variablesDerivable(components)).toBe(false);
  });
});

describe("nativeComponentsOf", () => {
  it("finds externalTemplate.whatsapp.components (camel or snake case); null when absent or empty", () => {
    const list = [{ type: "BODY", text: "x" }];
    expect(nativeComponentsOf({ externalTemplate: { whatsapp: { components: list } } })).toBe(list);
    expect(nativeComponentsOf({ external_template: { whatsapp: { components: list } } })).toBe(list);
    expect(nativeComponentsOf({ externalTemplate: { whatsapp: { components: [] } } })).toBeNull();
    expect(nativeComponentsOf({ templateComponents: [] })).toBeNull();
  });
});
