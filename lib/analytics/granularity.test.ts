import { describe, expect, it } from "vitest";
import { autoGranularity, MAX_POINTS, resolveGranularity } from "./granularity";

const HOUR = 3_600_000;

describe("time-series granularity", () => {
  it.each([
    [0, "minute"],
    [6 * HOUR, "minute"],
    [6 * HOUR + 60_000, "hour"],
    [7 * 24 * HOUR, "hour"],
    [8 * 24 * HOUR, "day"],
  ] as const)("auto for a span of %d ms is %s", (span, expected) => {
    expect(autoGranularity(span)).toBe(expected);
    expect(resolveGranularity("auto", span)).toBe(expected);
  });

  it("keeps a requested granularity while it fits, else coarsens it", () => {
    expect(resolveGranularity("minute", (MAX_POINTS - 1) * 60_000)).toBe("minute");
    expect(resolveGranularity("minute", MAX_POINTS * 60_000)).toBe("hour");
    expect(resolveGranularity("minute", MAX_POINTS * HOUR)).toBe("day");
    expect(resolveGranularity("day", 10 * 365 * 24 * HOUR)).toBe("day");
  });
});
