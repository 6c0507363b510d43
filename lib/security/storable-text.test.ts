import { describe, expect, it } from "vitest";
import { findUnstorableText, storableWebhookText } from "./storable-text";

describe("findUnstorableText", () => {
  it.each([
    [{ message: { text: "a\u0000b" } }, "message.text"],
    [{ list: ["ok", "bad\ud800"] }, "list[1]"],
    [{ "k\u0000": 1 }, "k\u0000"],
    ["\u0000", "(body)"],
    [{ message: { text: "fine 𐀀 emoji-free" }, n: 1, b: null }, null],
  ])("%j -> %s", (value, expected) => {
    expect(findUnstorableText(value)).toBe(expected);
  });

  it("walks 100,000 levels of nesting without overflowing the stack", () => {
    let value: unknown = "deep\u0000";
    for (let i = 0; i < 100_000; i++) value = [value];
    expect(findUnstorableText(value)).toBe("[0]".repeat(100_000));
  });
});

describe("storableWebhookText", () => {
  it.each([
    ["a raw NUL byte in JSON", '{"t":"a\u0000b"}', { t: "a\uFFFDb" }],
    ["a NUL escape", String.raw`{"t":"a\u0000b"}`, { t: "a\uFFFDb" }],
    ["a lone surrogate escape", String.raw`{"t":"a\ud800b"}`, { t: "a\uFFFDb" }],
    ["a key with NUL", String.raw`{"k\u0000":1}`, { "k\uFFFD": 1 }],
    ["an escaped backslash is not an escape", String.raw`{"t":"a\\u0000b"}`, { t: String.raw`a\u0000b` }],
  ])("cleans %s", (_label, input, expected) => {
    const out = storableWebhookText(input);
    expect(JSON.parse(out)).toEqual(expected);
    expect(findUnstorableText(JSON.parse(out))).toBeNull();
  });

  it.each([
    ["valid JSON, untouched byte for byte", '{ "t" : "hello 𐀀" }'],
    ["not JSON, nothing to clean", "{not json"],
  ])("leaves %s", (_label, input) => {
    expect(storableWebhookText(input)).toBe(input);
  });

  it("leaves a too-deep body to the parser's INVALID (cleaning raw NUL bytes only)", () => {
    const deep = `${"[".repeat(60_000)}"a\u0000"${"]".repeat(60_000)}`;
    expect(storableWebhookText(deep)).toBe(deep.replace("\u0000", "\uFFFD"));
  });

  it("cleans a body that is not JSON at all", () => {
    expect(storableWebhookText("x\u0000y")).toBe("x\uFFFDy");
  });
});
