import { describe, expect, it } from "vitest";
import { parseJsonOrUndefined, safeDecodeURIComponent } from "./safe-decode";

describe("safeDecodeURIComponent", () => {
  it.each([
    ["price%20list.pdf", "price list.pdf"],
    ["caf%C3%A9.pdf", "café.pdf"],
    ["plain.pdf", "plain.pdf"],
  ])("decodes %j", (input, expected) => {
    expect(safeDecodeURIComponent(input)).toBe(expected);
  });

  it.each(["100%.pdf", "%E0%A4%A.pdf", "%", "%zz", "%C3", "%ED%A0%80"])(
    "keeps the malformed %j as it is",
    (input) => {
      expect(() => decodeURIComponent(input)).toThrow(URIError);
      expect(safeDecodeURIComponent(input)).toBe(input);
    },
  );
});

describe("parseJsonOrUndefined", () => {
  it("parses JSON", () => {
    expect(parseJsonOrUndefined('{"type":"message.created"}')).toEqual({ type: "message.created" });
    expect(parseJsonOrUndefined("null")).toBeNull();
  });

  it.each([["{"], [""], ["undefined"], [null], [undefined]])("gives undefined for %j", (input) => {
    expect(parseJsonOrUndefined(input)).toBeUndefined();
  });
});
