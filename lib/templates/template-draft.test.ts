import { describe, expect, it } from "vitest";
import { parameterKeys } from "../connectly/template-components";
import { LIMITS } from "./schemas";
import {
  addCardButton,
  canAddButton,
  canAddCard,
  canRemoveCard,
  checkDraft,
  emptyDraft,
  hasPreview,
  insertVariable,
  isDynamicUrl,
  newButton,
  newCard,
  nextVariable,
  previewComponents,
  removeCardButton,
  sampleValues,
  toCreateInput,
  type ButtonDraft,
  type TemplateDraft,
} from "./template-draft";

const button = (over: Partial<ButtonDraft> & Pick<ButtonDraft, "type">): ButtonDraft => ({
  ...newButton(over.type),
  ...over,
});

function standard(over: Partial<TemplateDraft> = {}): TemplateDraft {
  return {
    ...emptyDraft(),
    name: "order_update",
    category: "UTILITY",
    body: { text: "Hi {{1}}, order {{2}} ships today.", examples: ["Sam", "A-1"] },
    ...over,
  };
}

function carousel(cards = 2): TemplateDraft {
  const draft: TemplateDraft = {
    ...standard({ kind: "carousel", body: { text: "Deals for {{1}}", examples: ["Sam"] } }),
  };
  draft.carousel = {
    media: "video",
    cards: Array.from({ length: cards }, (_, i) => ({
      header: { example: `https://cdn.example/${i + 1}.mp4` },
      body: { text: `Item ${i + 1} at {{1}}`, examples: ["$9"] },
      buttons: [
        button({ type: "url", text: "Buy", url: "https://shop.example/p/{{1}}", example: `item-${i + 1}` }),
      ],
    })),
  };
  return draft;
}

const issuesOf = (draft: TemplateDraft) => {
  const check = checkDraft(draft);
  return check.ok ? {} : check.issues;
};

describe("emptyDraft", () => {
  it("starts as a standard template in en_US with two blank cards kept for the carousel", () => {
    const d = emptyDraft();
    expect(d).toMatchObject({ kind: "standard", language: "en_US", header: { type: "none" }, buttons: [] });
    expect(d.carousel.cards).toHaveLength(LIMITS.cardsMin);
    expect(d.carousel.cards[0]?.buttons.map((b) => b.type)).toEqual(["quick_reply"]);
  });

  it("is fresh each time (no shared arrays between forms)", () => {
    const a = emptyDraft();
    a.buttons.push(newButton("url"));
    expect(emptyDraft().buttons).toEqual([]);
  });

  it("fails validation on exactly the missing basics", () => {
    expect(Object.keys(issuesOf(emptyDraft())).sort()).toEqual(["body.text", "category", "name"]);
  });
});

describe("toCreateInput", () => {
  it("a standard draft: the header of its kind, footer, buttons normalised, no carousel", () => {
    const input = toCreateInput(
      standard({
        header: { type: "text", text: "Order {{1}}", example: "A-1" },
        footer: "Acme",
        buttons: [
          button({ type: "url", text: "Track", url: "https://shop.example/t" }),
          button({ type: "phone_number", text: "Call", phoneNumber: "+1 (415) 555-0100" }),
          button({ type: "copy_code", example: "SAVE10", text: "ignored" }),
          button({ type: "quick_reply", text: "Stop", url: "ignored" }),
        ],
      }),
    );
    expect(input).toEqual({
      name: "order_update",
      category: "UTILITY",
      language: "en_US",
      header: { type: "text", text: "Order {{1}}", example: "A-1" },
      body: { text: "Hi {{1}}, order {{2}} ships today.", examples: ["Sam", "A-1"] },
      footer: "Acme",
      buttons: [
        { type: "url", text: "Track", url: "https://shop.example/t" },
        { type: "phone_number", text: "Call", phoneNumber: "+14155550100" },
        { type: "copy_code", example: "SAVE10" },
        { type: "quick_reply", text: "Stop" },
      ],
    });
  });

  it.each([
    ["none", { type: "none" }],
    ["text", { type: "text", text: "Hello" }],
    ["image", { type: "image", example: "https://x.example/a.png" }],
    ["video", { type: "video", example: "https://x.example/a.png" }],
    ["document", { type: "document", example: "https://x.example/a.png" }],
  ] as const)("header %s keeps only what that kind has", (type, expected) => {
    const input = toCreateInput(
      standard({
        header: { type, text: "Hello", example: type === "text" ? "" : "https://x.example/a.png" },
      }),
    );
    expect(input.header).toEqual(expected);
  });

  it("a carousel: no header, footer or buttons of its own; each card gets the shared media type", () => {
    const d = carousel(3);
    d.header = { type: "image", text: "", example: "https://x.example/a.png" };
    d.footer = "Acme";
    d.buttons = [button({ type: "quick_reply", text: "Hi" })];
    const input = toCreateInput(d);
    expect(input.header).toEqual({ type: "none" });
    expect(input).not.toHaveProperty("footer");
    expect(input.buttons).toEqual([]);
    expect(input.carousel?.cards).toHaveLength(3);
    expect(input.carousel?.cards[1]).toEqual({
      header: { type: "video", example: "https://cdn.example/2.mp4" },
      body: { text: "Item 2 at {{1}}", examples: ["$9"] },
      buttons: [{ type: "url", text: "Buy", url: "https://shop.example/p/{{1}}", example: "item-2" }],
    });
  });

  it("a standard draft drops the cards kept for a switch back to carousel", () => {
    const d = carousel();
    d.kind = "standard";
    expect(toCreateInput(d)).not.toHaveProperty("carousel");
  });

  it("fills holes in the samples (a sample input registered past the end) with empty strings", () => {
    const examples: string[] = [];
    examples[2] = "c";
    const input = toCreateInput(standard({ body: { text: "{{1}} {{2}} {{3}}", examples } }));
    expect(input.body.examples).toEqual(["", "", "c"]);
  });
});

describe("checkDraft (the route's createTemplateSchema)", () => {
  it("a valid standard draft parses to the create body", () => {
    const check = checkDraft(
      standard({
        buttons: [button({ type: "url", text: "Track", url: "https://s.example/t/{{1}}", example: "A-1" })],
      }),
    );
    expect(check.ok).toBe(true);
    if (check.ok) expect(check.data.buttons[0]).toMatchObject({ type: "url", example: "A-1" });
  });

  it("a valid carousel parses", () => {
    expect(checkDraft(carousel(3)).ok).toBe(true);
  });

  it.each<[string, (d: TemplateDraft) => void, string, RegExp]>([
    ["bad name", (d) => (d.name = "Order Update"), "name", /lowercase/],
    ["no category", (d) => (d.category = ""), "category", /category/i],
    [
      "body sample missing",
      (d) => (d.body.examples = ["Sam"]),
      "body.examples.1",
      /sample value for \{\{2\}\}/,
    ],
    [
      "variable gap",
      (d) => (d.body = { text: "Hi {{1}} {{3}}", examples: ["a", "b"] }),
      "body.text",
      /without gaps/,
    ],
    [
      "header text over the limit",
      (d) => (d.header = { type: "text", text: "x".repeat(LIMITS.headerText + 1), example: "" }),
      "header.text",
      /at most 60/,
    ],
    [
      "header variable without its sample",
      (d) => (d.header = { type: "text", text: "Order {{1}}", example: "" }),
      "header.example",
      /sample/,
    ],
    [
      "media header without URL",
      (d) => (d.header = { type: "image", text: "", example: "" }),
      "header.example",
      /required/,
    ],
    ["footer with a variable", (d) => (d.footer = "Hi {{1}}"), "footer", /variables/],
    [
      "empty button text",
      (d) => (d.buttons = [button({ type: "quick_reply" })]),
      "buttons.0.text",
      /required/,
    ],
    [
      "dynamic link without a sample",
      (d) => (d.buttons = [button({ type: "url", text: "Go", url: "https://s.example/{{1}}" })]),
      "buttons.0.example",
      /sample end/,
    ],
    [
      "bad phone",
      (d) => (d.buttons = [button({ type: "phone_number", text: "Call", phoneNumber: "12" })]),
      "buttons.0.phoneNumber",
      /./,
    ],
    [
      "three link buttons",
      (d) =>
        (d.buttons = [1, 2, 3].map((n) => button({ type: "url", text: `L${n}`, url: "https://s.example" }))),
      "buttons",
      /At most 2 link/,
    ],
  ])("%s → an issue at %s", (_, change, path, message) => {
    const d = standard();
    change(d);
    expect(issuesOf(d)[path]).toMatch(message);
  });

  it.each<[string, (d: TemplateDraft) => void, string, RegExp]>([
    ["one card", (d) => (d.carousel.cards = d.carousel.cards.slice(0, 1)), "carousel.cards", /2 to 10/],
    [
      "card without media",
      (d) => (d.carousel.cards[1]!.header.example = ""),
      "carousel.cards.1.header.example",
      /required/,
    ],
    [
      "card text over 160",
      (d) => (d.carousel.cards[0]!.body = { text: "x".repeat(LIMITS.cardBody + 1), examples: [] }),
      "carousel.cards.0.body.text",
      /at most 160/,
    ],
    [
      "card without buttons",
      (d) => (d.carousel.cards[0]!.buttons = []),
      "carousel.cards.0.buttons",
      /1 or 2/,
    ],
    [
      "cards with different layouts",
      (d) => (d.carousel.cards[1]!.buttons = [button({ type: "quick_reply", text: "Hi" })]),
      "carousel.cards.1.buttons",
      /same buttons/,
    ],
  ])("carousel: %s → an issue at %s", (_, change, path, message) => {
    const d = carousel();
    change(d);
    expect(issuesOf(d)[path]).toMatch(message);
  });
});

describe("button and card rules", () => {
  const add = (buttons: ButtonDraft[], type: ButtonDraft["type"]) =>
    canAddButton(buttons, type) ? [...buttons, newButton(type)] : buttons;

  it("follows the schema's per-kind limits: 2 links, 1 phone, 1 copy code, 10 in all", () => {
    let buttons: ButtonDraft[] = add(add([], "url"), "url");
    expect(canAddButton(buttons, "url")).toBe(false);
    buttons = add(buttons, "phone_number");
    expect(canAddButton(buttons, "phone_number")).toBe(false);
    buttons = add(buttons, "copy_code");
    expect(canAddButton(buttons, "copy_code")).toBe(false);
    expect(canAddButton(buttons, "quick_reply")).toBe(true);
    while (canAddButton(buttons, "quick_reply")) buttons = add(buttons, "quick_reply");
    expect(buttons).toHaveLength(LIMITS.buttons);
    expect(buttons.map((b) => b.type).slice(0, 4)).toEqual(["url", "url", "phone_number", "copy_code"]);
  });

  it("cards take at most 2 buttons and never a copy code", () => {
    expect(canAddButton([], "copy_code", true)).toBe(false);
    expect(canAddButton([newButton("url")], "phone_number", true)).toBe(true);
    expect(canAddButton([newButton("url"), newButton("quick_reply")], "quick_reply", true)).toBe(false);
  });

  it("2 to 10 cards", () => {
    expect(canAddCard(LIMITS.cardsMax - 1)).toBe(true);
    expect(canAddCard(LIMITS.cardsMax)).toBe(false);
    expect(canRemoveCard(LIMITS.cardsMin + 1)).toBe(true);
    expect(canRemoveCard(LIMITS.cardsMin)).toBe(false);
  });

  it("a new card with card 1's layout has its button kinds, blank", () => {
    const layout = carousel().carousel.cards[0]!.buttons;
    expect(newCard(layout)).toEqual({
      header: { example: "" },
      body: { text: "", examples: [] },
      buttons: [newButton("url")],
    });
  });

  it("adds and removes a button on every card, keeping what was typed in the others", () => {
    const cards = addCardButton(carousel(3).carousel.cards, "quick_reply");
    expect(cards.map((c) => c.buttons.map((b) => b.type))).toEqual(
      Array.from({ length: 3 }, () => ["url", "quick_reply"]),
    );
    expect(cards[0]?.buttons[0]?.example).toBe("item-1");
    expect(addCardButton(cards, "quick_reply")).toEqual(cards);
    const back = removeCardButton(cards, 0);
    expect(back.map((c) => c.buttons.map((b) => b.type))).toEqual(
      Array.from({ length: 3 }, () => ["quick_reply"]),
    );
  });

  it("card operations leave their input untouched", () => {
    const cards = carousel(2).carousel.cards;
    const before = structuredClone(cards);
    addCardButton(cards, "quick_reply");
    removeCardButton(cards, 0);
    expect(cards).toEqual(before);
  });
});

describe("variables", () => {
  it("nextVariable is one past the highest", () => {
    expect(nextVariable("")).toBe(1);
    expect(nextVariable("{{1}} and {{2}}")).toBe(3);
  });

  it("inserts at the caret, replaces a selection, and makes room for the sample", () => {
    expect(insertVariable({ text: "Hi !", examples: [] }, 3)).toEqual({
      text: "Hi {{1}}!",
      examples: [""],
      caret: 8,
    });
    expect(insertVariable({ text: "Hi {{1}}, NAME", examples: ["Sam"] }, 10, 14)).toEqual({
      text: "Hi {{1}}, {{2}}",
      examples: ["Sam", ""],
      caret: 15,
    });
    expect(insertVariable({ text: "A", examples: [] })).toMatchObject({ text: "A{{1}}", caret: 6 });
  });

  it("isDynamicUrl: only a link ending in {{1}}", () => {
    expect(isDynamicUrl("https://s.example/{{1}} ")).toBe(true);
    expect(isDynamicUrl("https://s.example/{{1}}/x")).toBe(false);
  });
});

describe("preview", () => {
  it("puts each sample under the parameter name it stands for", () => {
    const d = standard({
      header: { type: "image", text: "", example: "https://x.example/a.png" },
      buttons: [
        button({ type: "quick_reply", text: "Hi" }),
        button({ type: "url", text: "Go", url: "https://s.example/{{1}}", example: "A-9" }),
      ],
    });
    expect(sampleValues(d)).toEqual({
      [parameterKeys.body(1)]: "Sam",
      [parameterKeys.body(2)]: "A-1",
      [parameterKeys.headerMedia("image")]: "https://x.example/a.png",
      [parameterKeys.buttonUrl(2)]: "A-9",
    });
  });

  it("carousel samples are per card", () => {
    const values = sampleValues(carousel(2));
    expect(values[parameterKeys.headerMedia("video", 2)]).toBe("https://cdn.example/2.mp4");
    expect(values[parameterKeys.body(1, 1)]).toBe("$9");
    expect(values[parameterKeys.buttonUrl(1, 2)]).toBe("item-2");
  });

  it("draws components from an invalid draft too", () => {
    const components = previewComponents({ ...emptyDraft(), body: { text: "Hello {{1}}", examples: [] } });
    expect(components).toEqual([{ body: { text: { text: "Hello {{1}}", example: [] } } }]);
  });

  it("hasPreview: a body, or for a carousel any card's text", () => {
    expect(hasPreview(emptyDraft())).toBe(false);
    expect(hasPreview(standard())).toBe(true);
    const d = { ...carousel(), body: { text: " ", examples: [] } };
    expect(hasPreview(d)).toBe(true);
  });
});
