import { describe, expect, it } from "vitest";
import { TemplateStore, seedTemplates } from "../connectly/simulator/templates";
import { templateVariables, type TemplateComponent } from "../connectly/template-components";
import {
  buildFormModel,
  buildParameters,
  previewValues,
  resultingUrl,
  validateFormValues,
} from "./build-form";
import { parseTemplateComponents } from "./components";

const names = (components: TemplateComponent[]) =>
  buildFormModel(components)
    .fields.filter((f) => f.role !== "filename")
    .map((f) => f.parameter);

describe("buildFormModel", () => {
  it("text header variable, body variables labelled with their surrounding words", () => {
    const model = buildFormModel([
      { header: { text: { text: "Appointment with {{1}}", example: ["Dr. Rivera"] } } },
      { body: { text: { text: "Hi {{1}}, see you on {{2}} at the clinic.", example: ["Sam", "June 12"] } } },
    ]);
    expect(model.fields.map((f) => [f.key, f.role])).toEqual([
      ["header_text", "header_text"],
      ["body_1", "body"],
      ["body_2", "body"],
    ]);
    expect(model.fields[0]).toMatchObject({
      maxLength: 60,
      example: "Dr. Rivera",
      context: { before: "Appointment with ", after: "" },
    });
    expect(model.fields[2]).toMatchObject({
      maxLength: 1024,
      example: "June 12",
      context: { before: "Hi {{1}}, see you on ", after: " at the clinic." },
    });
    expect(model.cards).toEqual([]);
  });

  it("a text header without variables needs no field", () => {
    expect(
      names([{ header: { text: { text: "Hello" } } }, { body: { text: { text: "No variables" } } }]),
    ).toEqual([]);
  });

  it.each([
    ["TYPE_IMAGE", "header_image"],
    ["TYPE_VIDEO", "header_video"],
    ["TYPE_DOCUMENT", "header_document"],
  ] as const)("header media %s -> %s", (type, parameter) => {
    const model = buildFormModel([
      { header: { media: { type, example: ["https://x.example/a/file.pdf"] } } },
      { body: { text: { text: "Hi" } } },
    ]);
    expect(model.fields[0]).toMatchObject({
      key: parameter,
      parameter,
      role: "header_media",
      required: true,
    });
    // Only documents get a file name input, and it is optional.
    const filename = model.fields.find((f) => f.role === "filename");
    if (type === "TYPE_DOCUMENT")
      expect(filename).toMatchObject({
        key: "header_document.filename",
        required: false,
        example: "file.pdf",
      });
    else expect(filename).toBeUndefined();
  });

  it("a document example with a malformed percent-escape keeps its raw file name instead of throwing", () => {
    const model = buildFormModel([
      { header: { media: { type: "TYPE_DOCUMENT", example: ["https://x.example/a/100%.pdf"] } } },
    ]);
    expect(model.fields.find((f) => f.role === "filename")).toMatchObject({ example: "100%.pdf" });
  });

  it("URL buttons are numbered by position among all buttons, static ones get no field", () => {
    const model = buildFormModel([
      { body: { text: { text: "Hi" } } },
      {
        buttons: {
          buttons: [
            { quickReply: { text: "Stop" } },
            { url: { text: "Home", url: "https://shop.example" } },
            { url: { text: "Track", url: "https://shop.example/t/{{1}}", example: ["A-1"] } },
            { phoneNumber: { text: "Call", phoneNumber: "+14155550100" } },
            { copyCode: { example: "SAVE10" } },
          ],
        },
      },
    ]);
    expect(model.fields).toHaveLength(1);
    const [field] = model.fields;
    expect(field).toMatchObject({
      key: "button_3_url",
      role: "button_url",
      baseUrl: "https://shop.example/t/",
      example: "A-1",
    });
    expect(resultingUrl(field!, " A-1042 ")).toBe("https://shop.example/t/A-1042");
  });

  it("carousel: card media, card body variables and card button suffixes, one group per card", () => {
    const card = (n: number) => ({
      components: [
        {
          header: {
            media: { type: n === 1 ? "TYPE_IMAGE" : "TYPE_VIDEO", example: [`https://x.example/${n}.jpg`] },
          },
        },
        { body: { text: { text: `Card ${n}: {{1}} for {{2}}`, example: ["Shirt", "$9"] } } },
        {
          buttons: {
            buttons: [
              { quickReply: { text: "More" } },
              { url: { text: "Buy", url: "https://x.example/p/{{1}}" } },
            ],
          },
        },
      ],
    });
    const model = buildFormModel([
      { body: { text: { text: "Hi {{1}}" } } },
      { carousel: { cards: [card(1), card(2)] } } as TemplateComponent,
    ]);
    expect(model.cards).toEqual([1, 2]);
    expect(model.fields.map((f) => f.key)).toEqual([
      "body_1",
      "card_1_header_image",
      "card_1_body_1",
      "card_1_body_2",
      "card_1_button_2_url",
      "card_2_header_video",
      "card_2_body_1",
      "card_2_body_2",
      "card_2_button_2_url",
    ]);
    expect(model.fields.find((f) => f.key === "card_2_body_1")).toMatchObject({
      card: 2,
      maxLength: 160,
      label: "Card 2 · body {{1}}",
    });
  });

  it("lists exactly the parameters templateVariables() requires, for every seed template", () => {
    const store = new TemplateStore();
    seedTemplates(store, Date.UTC(2026, 0, 1));
    const all = store.list().flatMap((g) => g.templates);
    expect(all.length).toBeGreaterThan(8);
    for (const template of all) {
      expect(names(template.templateComponents)).toEqual(templateVariables(template.templateComponents));
    }
  });

  it("survives components that went through JSON (parseTemplateComponents) unchanged", () => {
    const store = new TemplateStore();
    seedTemplates(store, Date.UTC(2026, 0, 1));
    const carousel = store.find("summer_sale_carousel", "en_US")!;
    const roundTrip = parseTemplateComponents(JSON.parse(JSON.stringify(carousel.templateComponents)));
    expect(roundTrip).toEqual(carousel.templateComponents);
  });
});

describe("buildParameters", () => {
  const components: TemplateComponent[] = [
    { header: { media: { type: "TYPE_DOCUMENT" } } },
    { body: { text: { text: "Hi {{1}}, invoice {{2}}" } } },
    { buttons: { buttons: [{ url: { text: "Pay", url: "https://pay.example/{{1}}" } }] } },
  ];
  const model = buildFormModel(components);

  it("names every value with the contract's key and trims it; the file name rides on header_document", () => {
    const parameters = buildParameters(model, {
      header_document: " https://files.example/inv.pdf ",
      "header_document.filename": "Invoice 42.pdf",
      body_1: "Sam ",
      body_2: "INV-42",
      button_1_url: "INV-42",
    });
    expect(parameters).toEqual([
      { name: "header_document", value: "https://files.example/inv.pdf", filename: "Invoice 42.pdf" },
      { name: "body_1", value: "Sam" },
      { name: "body_2", value: "INV-42" },
      { name: "button_1_url", value: "INV-42" },
    ]);
  });

  it("leaves out a blank file name", () => {
    const [header] = buildParameters(model, {
      header_document: "https://files.example/inv.pdf",
      "header_document.filename": "  ",
    });
    expect(header).toEqual({ name: "header_document", value: "https://files.example/inv.pdf" });
  });

  it("previewValues keeps only the filled variables", () => {
    expect(previewValues(model, { body_1: "Sam", body_2: " ", "header_document.filename": "x.pdf" })).toEqual(
      { body_1: "Sam" },
    );
  });
});

describe("validateFormValues", () => {
  const model = buildFormModel([
    { header: { text: { text: "Order {{1}}" } } },
    { body: { text: { text: "Hi {{1}}" } } },
    { buttons: { buttons: [{ url: { text: "Track", url: "https://shop.example/{{1}}" } }] } },
    {
      carousel: {
        cards: [1, 2].map(() => ({
          components: [
            { header: { media: { type: "TYPE_IMAGE" as const } } },
            { body: { text: { text: "{{1}}" } } },
          ],
        })),
      },
    },
  ]);
  const valid = {
    header_text: "A-1",
    body_1: "Sam",
    button_1_url: "A-1",
    card_1_header_image: "https://img.example/1.jpg",
    card_1_body_1: "Shirt",
    card_2_header_image: "https://img.example/2.jpg",
    card_2_body_1: "Hat",
  };

  it("accepts a complete form", () => {
    expect(validateFormValues(model, valid)).toEqual({});
  });

  it.each([
    ["body_1", "", /Fill in/],
    ["body_1", "line\nbreak", /new lines/],
    ["body_1", "too     many spaces", /4 consecutive spaces/],
    ["header_text", "x".repeat(61), /At most 60/],
    ["card_2_body_1", "x".repeat(161), /At most 160/],
    ["card_1_header_image", "ftp://img.example/1.jpg", /http\(s\) URL/],
    ["card_1_header_image", "", /image URL/],
    [
      "button_1_url",
      "https://elsewhere.example/A-1",
      /must start with the button.s base URL https:\/\/shop.example\//,
    ],
    ["button_1_url", "A 1", /spaces/],
  ])("%s = %j is refused inline", (key, value, message) => {
    const errors = validateFormValues(model, { ...valid, [key]: value });
    expect(Object.keys(errors)).toEqual([key]);
    expect(errors[key]).toMatch(message);
  });

  it("accepts the suffix or the full URL on the button's base URL", () => {
    expect(validateFormValues(model, { ...valid, button_1_url: "A-1" })).toEqual({});
    expect(validateFormValues(model, { ...valid, button_1_url: "https://shop.example/A-1" })).toEqual({});
  });
});

describe("parseTemplateComponents with kinds it does not model", () => {
  it("keeps them as unknown (stored or raw), never drops them", () => {
    const stored = { unknown: { kind: "HEADER LOCATION", raw: { type: "HEADER", format: "LOCATION" } } };
    const parsed = parseTemplateComponents([
      stored,
      { limitedTimeOffer: { text: "Ends soon" } },
      { body: { text: { text: "Hi" } } },
      {
        buttons: {
          buttons: [{ flow: { text: "Book" } }, { url: { text: "Go", url: "https://x.example/{{1}}" } }],
        },
      },
    ]);
    expect(parsed).toEqual([
      stored,
      { unknown: { kind: "limitedTimeOffer", raw: { limitedTimeOffer: { text: "Ends soon" } } } },
      { body: { text: { text: "Hi" } } },
      {
        buttons: {
          buttons: [
            { unknown: { kind: "flow", raw: { flow: { text: "Book" } } } },
            { url: { text: "Go", url: "https://x.example/{{1}}" } },
          ],
        },
      },
    ]);
  });
});
