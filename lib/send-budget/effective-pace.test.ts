import { describe, expect, it } from "vitest";
import { effectivePace } from "./effective-pace";

describe("effectivePace", () => {
  const limits = { endpointPerSecond: 200, currentEndpointPerSecond: 200, senderPerSecond: 80 };
  it.each([
    [50, limits, { perSecond: 50, limitedBy: "campaign" }],
    [1000, limits, { perSecond: 80, limitedBy: "sender" }],
    [1000, { ...limits, senderPerSecond: 1000 }, { perSecond: 200, limitedBy: "endpoint" }],
    [150, { ...limits, senderPerSecond: 1000, currentEndpointPerSecond: 120 }, { perSecond: 120, limitedBy: "endpoint" }],
  ] as const)("%i msg/s under %o", (requested, l, expected) => {
    expect(effectivePace(requested, l)).toEqual(expected);
  });
});
