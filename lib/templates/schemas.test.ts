import { describe, expect, it } from "vitest";
import { parseCreateTemplate } from "../connectly/simulator/validate";
import { templateVariables } from "../connectly/template-components";
import { buildCreateTemplateBody } from "./build-create-body";
import { createTemplateSchema, variableProblems, type CreateTemplateInput } from "./schemas";

const card = (n: number) => ({
  header: { type: "image" as const, example: `https://img.example/${n}.jpg` },
  body: { text: `Item ${n} for {{1}}`, examples: ["$9"] },
  buttons: [{ type: "url" as const, text: "Buy", url: "https://shop.example/p/{{1}}", example: `item-${n}` }],
});

const standard: CreateTemplateInput = {
  name: "order_update_v2",
  category: "UTILITY",
  language: "en_US",
  header: { type: "document", example: "https://files.example/invoice.pdf" },
  body: { text: "Hi {{1}}, order {{2}} ships today.", examples: ["Sam", "A-1"] },
  footer: "Acme",
  buttons: [
    { type: "url", text: "Track", url: "https://shop.example/t/{{1}}", example: "A-1" },
    { type: "quick_reply", text: "Stop" },
    { type: "phone_number", text: "Call us", phoneNumber: "+14155550100" },
    { type: "copy_code", example: "SAVE10" },
  ],
};
const carousel: CreateTemplateInput = {
  name: "summer_deals",
  category: "MARKETING",
  language: "en_US",
  body: { text: "Hi {{1}}, swipe for deals", examples: ["Sam"] },
  carousel: { cards: [card(1), card(2), card(3)] },
};

function issues(input: CreateTemplateInput) {
  const r = createTemplateSchema.safeParse(input);
  return r.success ? [] : r.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
}

describe("createTemplateSchema + buildCreateTemplateBody", () => {
  it.each([
    ["standard (every header/button kind)", standard],
    ["carousel", carousel],
  ])("a valid %s template becomes a body the simulator's §7.1 validation accepts", (_, input) => {
    const data = createTemplateSchema.parse(input);
    const body = buildCreateTemplateBody(data);
    expect(body.category).toMatch(/^MESSAGE_TEMPLATE_GROUP_CATEGORY_/);
    const accepted = parseCreateTemplate(body as unknown as Record<string, unknown>);
    expect(accepted.components).toEqual(body.template_components);
  });

  it("the carousel's send parameters follow from the built components", () => {
    const body = buildCreateTemplateBody(createTemplateSchema.parse(carousel));
    expect(templateVariables(body.template_components)).toEqual([
      "body_1",
      ...[1, 2, 3].flatMap((n) => [`card_${n}_header_image`, `card_${n}_body_1`, `card_${n}_button_1_url`]),
    ]);
  });

  it.each<[string, Partial<CreateTemplateInput>, string]>([
    ["uppercase name", { name: "Order" }, "name: Use only lowercase"],
    [
      "gap in variables",
      { body: { text: "{{1}} {{3}}", examples: ["a", "b", "c"] } },
      "body.text: variables must be numbered",
    ],
    [
      "named variable",
      { body: { text: "Hi {{name}}", examples: [] } },
      "body.text: {{name}} is not a variable",
    ],
    [
      "missing sample",
      { body: { text: "Hi {{1}} {{2}}", examples: ["a"] } },
      "body.examples.1: Give a sample value for {{2}}",
    ],
    [
      "body too long",
      { body: { text: "x".repeat(1025), examples: [] } },
      "body.text: Body text must be at most 1024",
    ],
    [
      "two header variables",
      { header: { type: "text", text: "{{1}} {{2}}", example: "a" } },
      "header.text: at most 1 variable",
    ],
    ["footer variable", { footer: "Bye {{1}}" }, "footer: The footer cannot have variables"],
    [
      "long button text",
      { buttons: [{ type: "quick_reply", text: "x".repeat(26) }] },
      "buttons.0.text: Button text must be at most 25",
    ],
    [
      "suffix mid-URL",
      { buttons: [{ type: "url", text: "Go", url: "https://x.example/{{1}}/a", example: "b" }] },
      "buttons.0.url: {{1}} can only be the end",
    ],
    [
      "full URL as sample suffix",
      {
        buttons: [
          { type: "url", text: "Go", url: "https://x.example/{{1}}", example: "https://x.example/a" },
        ],
      },
      "buttons.0.example: Only the end",
    ],
    [
      "three URL buttons",
      { buttons: [1, 2, 3].map(() => ({ type: "url" as const, text: "Go", url: "https://x.example" })) },
      "buttons: At most 2 link buttons",
    ],
    [
      "bad phone",
      { buttons: [{ type: "phone_number", text: "Call", phoneNumber: "0800" }] },
      "buttons.0.phoneNumber",
    ],
  ])("refuses %s", (_, patch, expected) => {
    expect(issues({ ...standard, ...patch }).join("\n")).toContain(expected);
  });

  it.each<[string, CreateTemplateInput, string]>([
    [
      "one card",
      { ...carousel, carousel: { cards: [card(1)] } },
      "carousel.cards: A carousel has 2 to 10 cards",
    ],
    [
      "a header next to the carousel",
      { ...carousel, header: { type: "text", text: "Hi" } },
      "header.type: A carousel template has no header",
    ],
    [
      "mixed media",
      {
        ...carousel,
        carousel: {
          cards: [card(1), { ...card(2), header: { type: "video", example: "https://v.example/a.mp4" } }],
        },
      },
      "carousel.cards.1.header.type",
    ],
    [
      "different buttons",
      {
        ...carousel,
        carousel: { cards: [card(1), { ...card(2), buttons: [{ type: "quick_reply", text: "More" }] }] },
      },
      "carousel.cards.1.buttons: Every card needs the same buttons",
    ],
    [
      "a card body over 160",
      {
        ...carousel,
        carousel: { cards: [card(1), { ...card(2), body: { text: "x".repeat(161), examples: [] } }] },
      },
      "carousel.cards.1.body.text: Card text must be at most 160",
    ],
    [
      "a card without buttons",
      {
        ...carousel,
        carousel: {
          cards: [
            { ...card(1), buttons: [] },
            { ...card(2), buttons: [] },
          ],
        },
      },
      "carousel.cards.0.buttons: A card needs 1 or 2 buttons",
    ],
  ])("carousel: refuses %s", (_, input, expected) => {
    expect(issues(input).join("\n")).toContain(expected);
  });

  it("reports the rule problems in the same pass as a missing basic field", () => {
    const all = issues({ ...standard, name: "", body: { text: "Hi {{2}}", examples: [] } });
    expect(all.join("\n")).toContain("name: Name is required");
    expect(all.join("\n")).toContain("body.text: variables must be numbered");
  });

  it("does not crash on a body of the wrong shape from the API", () => {
    expect(issues({ ...standard, body: undefined } as unknown as CreateTemplateInput).join("\n")).toContain(
      "body",
    );
    expect(
      issues({ ...carousel, carousel: { cards: [null, 3] } } as unknown as CreateTemplateInput).length,
    ).toBeGreaterThan(0);
  });

  it("variableProblems counts sequential variables", () => {
    expect(variableProblems("{{1}} and {{2}} and {{1}}", 15)).toEqual({ count: 2, problems: [] });
    expect(variableProblems("none", 0)).toEqual({ count: 0, problems: [] });
  });
});
