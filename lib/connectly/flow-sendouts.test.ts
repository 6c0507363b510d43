import { describe, expect, it } from "vitest";
import {
  buildFlowEntry,
  chunkFlowEntries,
  flowEntryOutcomes,
  flowPairKey,
  parseFlowScheduledAt,
} from "./flow-sendouts";

describe("chunkFlowEntries", () => {
  const key = (s: string) => s;
  it("splits into requests of at most the chunk size, in order", () => {
    expect(chunkFlowEntries(["a", "b", "c", "d", "e"], 2, key)).toEqual([["a", "b"], ["c", "d"], ["e"]]);
  });
  it("moves a repeated pair to the next request without it", () => {
    expect(chunkFlowEntries(["a", "a", "b", "a", "c"], 3, key)).toEqual([["a", "b", "c"], ["a"], ["a"]]);
    for (const chunk of chunkFlowEntries(["x", "x", "y", "x", "y", "z"], 10, key))
      expect(new Set(chunk).size).toBe(chunk.length);
  });
});

describe("flow entries", () => {
  it("addresses by phone, else bsuid:, pins the version, and leaves a past scheduledAt off", () => {
    const now = Date.parse("2026-01-01T00:00:00Z");
    const entry = buildFlowEntry({
      recipient: { phone: null, bsuid: "US.abc" },
      flowName: "winback",
      flowVersion: "3",
      sender: null,
      variables: { first_name: "Ana" },
      scheduledAt: new Date("2026-01-02T09:00:00.500Z"),
      nowMs: now,
    });
    expect(entry).toEqual({
      client: "bsuid:US.abc",
      campaignName: "winback",
      campaignVersion: "3",
      variables: { first_name: "Ana" },
      scheduledAt: "2026-01-02T09:00:00Z",
    });
    const past = buildFlowEntry({
      recipient: { phone: "+447700900101", bsuid: "US.abc" },
      flowName: "w",
      flowVersion: null,
      sender: "+14155550100",
      variables: {},
      scheduledAt: new Date(now - 1),
      nowMs: now,
    });
    expect(past).toEqual({ client: "+447700900101", campaignName: "w", sender: "+14155550100" });
    expect(flowPairKey(past)).not.toBe(flowPairKey({ ...past, campaignVersion: "1" }));
  });
  it("parses scheduledAt cells", () => {
    expect(parseFlowScheduledAt("")).toEqual({ ok: true, value: null });
    expect(parseFlowScheduledAt("2025-07-01T09:00:00+02:00")).toEqual({
      ok: true,
      value: new Date("2025-07-01T07:00:00Z"),
    });
    expect(parseFlowScheduledAt("2025-07-01 09:00").ok).toBe(false);
  });
  it("maps the answer per entry; entries not mentioned are missing", () => {
    const answer = {
      sendouts: [
        {
          sendoutId: "s1",
          entries: [
            { index: 0, status: "accepted" },
            { index: 2, status: "rejected", error: { code: "X" } },
            { index: 9, status: "accepted" },
          ],
        },
      ],
    };
    expect(flowEntryOutcomes(3, answer)).toEqual([
      { kind: "accepted", sendoutId: "s1" },
      { kind: "missing" },
      { kind: "rejected", error: { code: "X" } },
    ]);
    expect(flowEntryOutcomes(2, "nonsense")).toEqual([{ kind: "missing" }, { kind: "missing" }]);
  });
});
