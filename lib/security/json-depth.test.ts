import { describe, expect, it } from "vitest";
import { jsonDepthExceeds } from "./json-depth";

describe("jsonDepthExceeds", () => {
  it.each([
    ["[[[]]]", 3, false],
    ["[[[[]]]]", 3, true],
    ['{"a":{"b":[1]}}', 3, false],
    ['{"a":{"b":[{}]}}', 3, true],
    ['["[[[[[[", "{{{{{"]', 1, false], // brackets inside strings do not count
    [String.raw`["\"[[[[["]`, 1, false], // nor after an escaped quote
    ["[][][][][]", 1, false], // siblings, not nesting
  ])("%s (limit %i) -> %s", (text, limit, expected) => {
    expect(jsonDepthExceeds(text, limit)).toBe(expected);
  });

  it("measures 500,000 levels without recursion", () => {
    const deep = `${"[".repeat(500_000)}${"]".repeat(500_000)}`;
    expect(jsonDepthExceeds(deep)).toBe(true);
  });
});
