import { describe, expect, it } from "vitest";
import { formatDuration } from "../format/date-time";
import { effectivePace, estimateSendSeconds } from "./effective-pace";

describe("effectivePace", () => {
  const limits = { endpointPerSecond: 200, currentEndpointPerSecond: 200, senderPerSecond: 80 };
  it.each([
    [50, limits, { perSecond: 50, limitedBy: "campaign" }],
    [1000, limits, { perSecond: 80, limitedBy: "sender" }],
    [1000, { ...limits, senderPerSecond: 1000 }, { perSecond: 200, limitedBy: "endpoint" }],
    [
      150,
      { ...limits, senderPerSecond: 1000, currentEndpointPerSecond: 120 },
      { perSecond: 120, limitedBy: "endpoint" },
    ],
  ] as const)("%i msg/s under %o", (requested, l, expected) => {
    expect(effectivePace(requested, l)).toEqual(expected);
  });
});

describe("estimateSendSeconds", () => {
  const limits = { endpointPerSecond: 200, currentEndpointPerSecond: 200, senderPerSecond: 80 };
  it("uses the chosen pace: 175 recipients at 2/s take about a minute and a half, not 2 s", () => {
    expect(estimateSendSeconds(175, 2, limits)).toBe(87.5);
    expect(formatDuration(estimateSendSeconds(175, 2, limits))).toBe("1 min 28 s");
  });
  it("a pace over the number's throughput is capped by it", () => {
    expect(estimateSendSeconds(800, 1000, limits)).toBe(10);
  });
});
