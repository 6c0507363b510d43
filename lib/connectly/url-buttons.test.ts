import { describe, expect, it } from "vitest";
import type { TemplateComponent } from "./template-components";
import { buttonBaseUrls, buttonHref, resolveButtonUrl, resolveButtonUrlParameters } from "./url-buttons";

const BASE = "https://shop.example/track/";

describe("resolveButtonUrl", () => {
  it.each([
    // [typed, mode, sent]
    ["A-1042", "suffix", "A-1042"],
    [`${BASE}A-1042`, "suffix", "A-1042"],
    ["HTTPS://SHOP.EXAMPLE/track/A-1042", "suffix", "A-1042"],
    ["A-1042", "full", `${BASE}A-1042`],
    [`${BASE}A-1042`, "full", `${BASE}A-1042`],
  ] as const)("%s sent as %s -> %s", (typed, mode, sent) => {
    expect(resolveButtonUrl(typed, BASE, mode)).toEqual({ value: sent });
  });

  it("refuses a full URL on another base, and the bare base, naming the base URL", () => {
    expect(resolveButtonUrl("https://evil.example/x", BASE, "suffix")).toEqual({
      problem: expect.stringContaining(BASE),
    });
    expect(resolveButtonUrl("https://evil.example/x", BASE, "full")).toEqual({
      problem: expect.stringContaining(BASE),
    });
    expect(resolveButtonUrl(BASE, BASE, "suffix")).toEqual({ problem: expect.stringContaining("base URL") });
  });

  it("sends the value as typed when the template (so its base URL) is unknown", () => {
    expect(resolveButtonUrl("https://any.example/x", null, "suffix")).toEqual({
      value: "https://any.example/x",
    });
    expect(resolveButtonUrl("abc", null, "full")).toEqual({ value: "abc" });
  });
});

const components: TemplateComponent[] = [
  { body: { text: { text: "Hi {{1}}" } } },
  {
    buttons: { buttons: [{ quickReply: { text: "Stop" } }, { url: { text: "Track", url: `${BASE}{{1}}` } }] },
  },
  {
    carousel: {
      cards: [
        {
          components: [
            { buttons: { buttons: [{ url: { text: "Buy", url: "https://shop.example/p/{{1}}" } }] } },
          ],
        },
        {
          components: [
            { buttons: { buttons: [{ url: { text: "Static", url: "https://shop.example/all" } }] } },
          ],
        },
      ],
    },
  },
];

describe("resolveButtonUrlParameters", () => {
  it("knows the base URL of every dynamic button, carousel cards included, under the §14 keys", () => {
    expect([...buttonBaseUrls(components)]).toEqual([
      ["button_2_url", BASE],
      ["card_1_button_1_url", "https://shop.example/p/"],
    ]);
  });

  it("reduces full URLs to suffixes and leaves other parameters alone", () => {
    const out = resolveButtonUrlParameters(
      components,
      [
        { name: "body_1", value: "https://not-a-button.example" },
        { name: "button_2_url", value: `${BASE}A-1` },
        { name: "card_1_button_1_url", value: "hat" },
      ],
      "suffix",
    );
    expect(out.problems).toEqual([]);
    expect(out.parameters).toEqual([
      { name: "body_1", value: "https://not-a-button.example" },
      { name: "button_2_url", value: "A-1" },
      { name: "card_1_button_1_url", value: "hat" },
    ]);
  });

  it("expands suffixes when the workspace sends full URLs, and reports the parameter it cannot convert", () => {
    const out = resolveButtonUrlParameters(
      components,
      [
        { name: "button_2_url", value: "A-1" },
        { name: "card_1_button_1_url", value: "https://elsewhere.example/hat" },
      ],
      "full",
    );
    expect(out.parameters[0]).toEqual({ name: "button_2_url", value: `${BASE}A-1` });
    expect(out.problems).toEqual([
      {
        name: "card_1_button_1_url",
        message: expect.stringMatching(/^card_1_button_1_url a full URL must start with/),
      },
    ]);
  });
});

describe("buttonHref", () => {
  it("shows the link the customer opens for either form", () => {
    expect(buttonHref(`${BASE}{{1}}`, "A-1")).toBe(`${BASE}A-1`);
    expect(buttonHref(`${BASE}{{1}}`, `${BASE}A-1`)).toBe(`${BASE}A-1`);
    expect(buttonHref(`${BASE}{{1}}`, undefined)).toBe(`${BASE}{{1}}`);
    expect(buttonHref("https://shop.example/all", "x")).toBe("https://shop.example/all");
  });
});
