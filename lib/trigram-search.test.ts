import { describe, expect, it } from "vitest";
import { trigramProbe } from "./trigram-search";

describe("trigramProbe", () => {
  it.each([
    ["an order number: its digits", "ORD-1000123", {}, "1000123"],
    ["a name with a customer number: the number", "Customer 12345", {}, "12345"],
    ["the longest of two runs", "A 12345 B 1234567", {}, "1234567"],
    ["a 4-digit run (a year) is not rare enough: the whole", "Invoice 2024", {}, "Invoice 2024"],
    ["no digits: the whole", "Jane Smith", {}, "Jane Smith"],
    ["a whole phone number: its last 7 digits", "+447700900123", { digitsOnly: true }, "0900123"],
    ["a short phone part: the whole", "+44770", { digitsOnly: true }, "+44770"],
  ])("%s", (_what, search, options, probe) => {
    expect(trigramProbe(search, options)).toBe(probe);
  });

  it("is a part of the search (of its digits, for a phone), so a row holding the search holds the probe", () => {
    for (const search of ["ORD-1000123", "x 99999 y", "Smith"])
      expect(search).toContain(trigramProbe(search));
    expect("447700900123").toContain(trigramProbe("+447700900123", { digitsOnly: true }));
  });
});
