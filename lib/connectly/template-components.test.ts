import { describe, expect, it } from "vitest";
import {
  parameterKeys,
  placeholderNumbers,
  templateVariables,
  type TemplateComponent,
} from "./template-components";

describe("templateVariables", () => {
  it("lists header, body and URL-button parameters in component order", () => {
    const components: TemplateComponent[] = [
      { header: { text: { text: "Order {{1}}", example: ["A-1"] } } },
      { body: { text: { text: "Hi {{1}}, {{2}} ships on {{3}}. Thanks {{1}}!" } } },
      { footer: { text: { text: "Acme" } } },
      {
        buttons: {
          buttons: [
            { quickReply: { text: "Stop" } },
            { url: { text: "Track", url: "https://shop.example/track/{{1}}" } },
            { url: { text: "Shop", url: "https://shop.example" } },
            { phoneNumber: { text: "Call", phoneNumber: "+14155550100" } },
            { url: { text: "Invoice", url: "https://shop.example/inv/{{1}}" } },
          ],
        },
      },
    ];
    expect(templateVariables(components)).toEqual([
      "header_text",
      "body_1",
      "body_2",
      "body_3",
      "button_2_url",
      "button_5_url",
    ]);
  });

  it("needs no header_text for a text header without a variable", () => {
    expect(
      templateVariables([{ header: { text: { text: "Hello" } } }, { body: { text: { text: "No vars" } } }]),
    ).toEqual([]);
  });

  it.each([
    ["TYPE_IMAGE", "header_image"],
    ["TYPE_VIDEO", "header_video"],
    ["TYPE_DOCUMENT", "header_document"],
  ] as const)("maps a %s header to %s", (type, name) => {
    expect(templateVariables([{ header: { media: { type } } }])).toEqual([name]);
  });

  it("ignores copy code, quick reply and phone buttons", () => {
    const components: TemplateComponent[] = [
      { body: { text: { text: "{{1}} is your code." } } },
      { buttons: { buttons: [{ copyCode: { example: "123456" } }] } },
    ];
    expect(templateVariables(components)).toEqual(["body_1"]);
  });

  it("prefixes carousel card parameters with card_{n}_", () => {
    const card = (type: "TYPE_IMAGE" | "TYPE_VIDEO", withSuffix: boolean) => ({
      components: [
        { header: { media: { type } } },
        { body: { text: { text: "Now {{1}} instead of {{2}}" } } },
        {
          buttons: {
            buttons: [
              { quickReply: { text: "More" } },
              { url: { text: "Buy", url: withSuffix ? "https://s.example/p/{{1}}" : "https://s.example" } },
            ],
          },
        },
      ],
    });
    const components: TemplateComponent[] = [
      { body: { text: { text: "Hi {{1}}" } } },
      { carousel: { cards: [card("TYPE_IMAGE", true), card("TYPE_VIDEO", false)] } },
    ];
    expect(templateVariables(components)).toEqual([
      "body_1",
      "card_1_header_image",
      "card_1_body_1",
      "card_1_body_2",
      "card_1_button_2_url",
      "card_2_header_video",
      "card_2_body_1",
      "card_2_body_2",
    ]);
  });
});

describe("placeholderNumbers", () => {
  it("returns distinct variable numbers in ascending order and ignores malformed ones", () => {
    expect(placeholderNumbers("{{2}} {{1}} {{2}} {{ 3 }} {{name}}")).toEqual([1, 2]);
  });
});

describe("parameterKeys: the one grammar of template parameter keys", () => {
  it.each([
    ["header_text", "text_header", null],
    ["header_document", "media", null],
    ["body_15", "body", 15],
    ["button_2_url", "button", null],
    ["card_10_header_video", "media", null],
    ["card_3_body_4", "body", 4],
    ["card_1_button_1_url", "button", null],
  ] as const)("%s is known, role %s, body number %s", (name, role, body) => {
    expect(parameterKeys.isKnown(name)).toBe(true);
    expect(parameterKeys.role(name)).toBe(role);
    expect(parameterKeys.bodyNumber(name)).toBe(body);
  });

  it.each([
    "body_0",
    "body_16",
    "button_3_url",
    "card_11_body_1",
    "card_0_body_1",
    "card_2_header_text",
    "card_2_header_document",
    "header_audio",
    "Body_1",
    " body_1",
  ])("%s is not a key the contract allows", (name) => expect(parameterKeys.isKnown(name)).toBe(false));

  it("every key the builders produce is known (builders and grammar agree)", () => {
    const built = [
      parameterKeys.headerText(),
      parameterKeys.headerMedia("document"),
      parameterKeys.body(1),
      parameterKeys.body(15),
      parameterKeys.buttonUrl(2),
      parameterKeys.headerMedia("image", 10),
      parameterKeys.body(3, 2),
      parameterKeys.buttonUrl(1, 4),
    ];
    expect(built.filter((name) => !parameterKeys.isKnown(name))).toEqual([]);
  });
});
