import { describe, expect, it } from "vitest";
import { containsPattern } from "../trigram-search";
import { contactSearchTerms } from "./search-terms";

describe("contactSearchTerms", () => {
  it.each([
    ["07700 900101", "7700900101"],
    ["+44 7700 900101", "447700900101"],
    ["0044 (7700) 900-101", "447700900101"],
    ["(604) 585-2331", "6045852331"],
    ["12", null],
    ["Ana", null],
    ["GB.abc123", null],
  ])("%s -> phone digits %s", (q, digits) => {
    expect(contactSearchTerms(q).phoneDigits).toBe(digits);
  });

  it("escapes LIKE wildcards", () => {
    expect(containsPattern("50%_off\\")).toBe("%50\\%\\_off\\\\%");
  });
});
