import { describe, expect, it } from "vitest";
import { funnelFromCounters } from "./funnel";

describe("funnelFromCounters", () => {
  it("builds the funnel stages and rates from state counters (shards already summed or not)", () => {
    const f = funnelFromCounters([
      { metric: "READ", count: 50 },
      { metric: "READ", count: 10 },
      { metric: "DELIVERED", count: 20 },
      { metric: "SENT", count: 10 },
      { metric: "FAILED", count: 8 },
      { metric: "ACCEPTED_FAILED", count: 5 },
      { metric: "UNKNOWN", count: 2 },
      { metric: "SKIPPED", count: 4 },
      { metric: "PENDING", count: 3 },
      { metric: "SENDING", count: 1 },
      { metric: "REPLIED", count: 8 },
      { metric: "CLICKED", count: 12 },
      { metric: "CLICKED", count: 4 },
    ]);
    expect(f).toMatchObject({
      total: 108,
      pending: 4,
      unknown: 2,
      sent: 95,
      delivered: 80,
      read: 60,
      failed: 8,
      skipped: 4,
      replied: 8,
      clicked: 16,
    });
    // attempted = 108 - 4 pending - 4 skipped = 100
    expect(f.rates).toEqual({
      sent: 0.95,
      delivered: 80 / 95,
      read: 60 / 80,
      failed: 0.08,
      replied: 0.1,
      clicked: 0.2,
    });
  });

  it("has no rates before anything was sent, and ignores metrics it does not know", () => {
    const f = funnelFromCounters([
      { metric: "PENDING", count: 5 },
      { metric: "SOMETHING_NEW", count: 9 },
    ]);
    expect(f.total).toBe(5);
    expect(f.rates).toEqual({
      sent: null,
      delivered: null,
      read: null,
      failed: null,
      replied: null,
      clicked: null,
    });
  });
});
