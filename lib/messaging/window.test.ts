import { describe, expect, it } from "vitest";
import { formatWindowLeft, WINDOW_MS, windowState, windowUrgency } from "./window";

const now = new Date("2026-11-25T12:00:00Z").getTime();

describe("windowState", () => {
  it.each([
    ["never wrote", null, false, 0],
    ["wrote 1 minute ago", new Date(now - 60_000), true, WINDOW_MS - 60_000],
    ["wrote 23h50m ago", new Date(now - (23 * 60 + 50) * 60_000), true, 10 * 60_000],
    ["wrote exactly 24h ago", new Date(now - WINDOW_MS), false, 0],
    ["wrote 25h ago", new Date(now - 25 * 3600_000), false, 0],
  ])("%s", (_label, last, open, msLeft) => {
    const state = windowState(last, now);
    expect(state.open).toBe(open);
    expect(state.msLeft).toBe(msLeft);
  });

  it("accepts ISO strings from JSON", () => {
    expect(windowState(new Date(now - 3600_000).toISOString(), now).open).toBe(true);
  });
});

describe("formatWindowLeft / windowUrgency", () => {
  it.each([
    [WINDOW_MS, "24:00", "ok"],
    [61 * 60_000, "01:01", "ok"],
    [60 * 60_000, "01:00", "warning"],
    [16 * 60_000, "00:16", "warning"],
    [15 * 60_000, "00:15", "critical"],
    [60_000, "00:01", "critical"],
    [59_999, "0:59", "critical"],
    [42_000, "0:42", "critical"],
    [1_500, "0:01", "critical"],
    [0, "0:00", "closed"],
  ])("%i ms -> %s (%s)", (ms, text, urgency) => {
    expect(formatWindowLeft(ms)).toBe(text);
    expect(windowUrgency(ms)).toBe(urgency);
  });
});
