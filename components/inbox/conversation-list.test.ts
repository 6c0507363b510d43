import { describe, expect, it } from "vitest";
import { initials } from "./conversation-list";

describe("avatar initials", () => {
  it.each([
    ["Ana María López", "AM"],
    ["+44 7700 900101", "#"],
    ["07700 900101", "#"],
    ["(Bob) Smith", "BS"],
    ["R2-D2 unit", "RU"],
    ["🙂 Zoë", "Z"],
    ["élodie", "É"],
    ["", "#"],
  ])("%j -> %j (letters only)", (name, expected) => {
    expect(initials(name)).toBe(expected);
  });
});
