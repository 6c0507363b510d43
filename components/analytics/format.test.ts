import { describe, expect, it } from "vitest";
import { formatAfter, formatRate } from "./format";

describe("formatRate", () => {
  it.each([
    [null, "–"],
    [0, "0%"],
    [0.0004, "<0.1%"],
    [0.4567, "45.7%"],
    [0.99996, "100%"],
    [1, "100%"],
  ])("%j -> %j", (rate, expected) => {
    expect(formatRate(rate)).toBe(expected);
  });
});

describe("formatAfter", () => {
  const at = (s: number) => new Date(Date.UTC(2026, 10, 25, 12) + s * 1000).toISOString();
  it.each([
    [12, "+12 s"],
    [180, "+3 min"],
    [3600, "+1 h"],
    [4320, "+1 h 12 min"],
    [2 * 86400 + 3 * 3600, "+2 d 3 h"],
  ])("%d s later -> %j", (seconds, expected) => {
    expect(formatAfter(at(0), at(seconds))).toBe(expected);
  });

  it("is empty without both times, and never negative", () => {
    expect(formatAfter(null, at(5))).toBe("");
    expect(formatAfter(at(10), at(0))).toBe("+0 s");
  });
});
