import { describe, expect, it } from "vitest";
import {
  availableTokens,
  book,
  CAMPAIGN_HORIZON_MS,
  currentRate,
  decrease,
  DECREASE_COOLDOWN_MS,
  DECREASE_FACTOR,
  type BucketLimit,
  type BucketState,
} from "./bucket";

const fresh = (tatMs = 0): BucketState => ({ tatMs, rate: null, rateAtMs: null, lastDecreaseMs: null });
const endpoint: BucketLimit = { maxRate: 200, adaptive: true };
const sender: BucketLimit = { maxRate: 80, adaptive: false };

describe("book", () => {
  it("spaces sends at the slowest bucket's rate and moves each clock by its own rate", () => {
    const b = book([fresh(1000), fresh(1000)], [endpoint, sender], 8, "campaign", 1000);
    expect(b).toMatchObject({ count: 8, startMs: 1000, spacingMs: 12.5 });
    expect(b.next[0]!.tatMs).toBe(1000 + 8 * 5);
    expect(b.next[1]!.tatMs).toBe(1000 + 8 * 12.5);
  });

  it("forgets idle time older than the burst, so an idle bucket allows only a short burst", () => {
    const b = book([fresh(0)], [endpoint], 10, "campaign", 60_000);
    expect(b.startMs).toBe(60_000 - 50);
    expect(availableTokens(fresh(0), endpoint, 60_000)).toBe(10); // 200/s * 50 ms
  });

  it("refuses a campaign while the clock is beyond the horizon, and says how long to wait", () => {
    const b = book([fresh(1000 + CAMPAIGN_HORIZON_MS + 40)], [endpoint], 5, "campaign", 1000);
    expect(b).toMatchObject({ count: 0, retryInMs: 40 });
    expect(b.next[0]!.tatMs).toBe(1000 + CAMPAIGN_HORIZON_MS + 40); // nothing taken
  });

  it("lets an inbox send jump ahead of the slots campaigns booked", () => {
    const b = book([fresh(1000 + CAMPAIGN_HORIZON_MS)], [endpoint], 1, "inbox", 1000);
    expect(b.startMs).toBe(1000); // now, not after the campaign's window
    expect(b.next[0]!.tatMs).toBe(1000 + CAMPAIGN_HORIZON_MS + 5); // and campaigns move back one slot
    // Only inbox traffic beyond the horizon makes an inbox send wait.
    const busy = book([fresh(1000 + CAMPAIGN_HORIZON_MS + 30)], [endpoint], 1, "inbox", 1000);
    expect(busy.startMs).toBe(1030);
  });
});

describe("AIMD", () => {
  it("shrinks multiplicatively once per cooldown and regrows additively to the configured rate", () => {
    let s = decrease(fresh(), endpoint, 10_000);
    expect(s.rate).toBe(200 * DECREASE_FACTOR);
    expect(decrease(s, endpoint, 10_000 + DECREASE_COOLDOWN_MS - 1)).toBe(s); // same burst of refusals
    s = decrease(s, endpoint, 10_000 + DECREASE_COOLDOWN_MS);
    // Regrown by 5 % of 200 per second during the cooldown, then shrunk again.
    const regrown = 200 * DECREASE_FACTOR + (10 * DECREASE_COOLDOWN_MS) / 1000;
    expect(s.rate).toBeCloseTo(regrown * DECREASE_FACTOR);
    expect(currentRate(s, endpoint, 10_000 + DECREASE_COOLDOWN_MS + 1000)).toBeCloseTo(
      regrown * DECREASE_FACTOR + 10,
    );
    expect(currentRate(s, endpoint, 10_000 + 60_000)).toBe(200);
  });

  it("never touches a bucket that is not adaptive", () => {
    const s = fresh();
    expect(decrease(s, sender, 1)).toBe(s);
  });

  it("keeps a floor", () => {
    const s = decrease({ ...fresh(), rate: 5, rateAtMs: 1000 }, endpoint, 1000);
    expect(s.rate).toBe(4); // 2 % of 200
  });
});

/** A campaign booking windows of 100 ms of sends, plus inbox sends, over `seconds` of simulated time. */
function simulate(options: { seconds: number; upstreamRate: number; inboxEveryMs: number }) {
  const limits = [endpoint];
  let state = fresh(0);
  const sends: { at: number; inbox: boolean }[] = [];
  let refused = 0;
  // The upstream's own token bucket (like the simulator's: capacity = rate).
  let upTokens = options.upstreamRate;
  let upAt = 0;
  let nextCampaignAt = 0;
  let nextInboxAt = 0;
  const inboxWaits: number[] = [];
  const events: { at: number; inbox: boolean }[] = [];
  for (let now = 0; now < options.seconds * 1000; now++) {
    if (now >= nextInboxAt) {
      const b = book([state], limits, 1, "inbox", now);
      state = b.next[0]!;
      inboxWaits.push(b.startMs - now);
      events.push({ at: b.startMs, inbox: true });
      nextInboxAt = now + options.inboxEveryMs;
    }
    if (now >= nextCampaignAt) {
      const want = Math.ceil(currentRate(state, endpoint, now) / 10);
      const b = book([state], limits, want, "campaign", now);
      if (b.count === 0) nextCampaignAt = now + Math.ceil(b.retryInMs);
      else {
        state = b.next[0]!;
        for (let i = 0; i < b.count; i++) events.push({ at: b.startMs + i * b.spacingMs, inbox: false });
        nextCampaignAt = Math.floor(b.startMs + b.count * b.spacingMs - 40);
      }
    }
    // Fire what is due; a refusal shrinks the budget (the campaign's send goes back to the queue).
    events.sort((a, b) => a.at - b.at);
    while (events.length > 0 && events[0]!.at <= now) {
      const e = events.shift()!;
      upTokens = Math.min(options.upstreamRate, upTokens + ((now - upAt) * options.upstreamRate) / 1000);
      upAt = now;
      if (upTokens >= 1) {
        upTokens--;
        sends.push({ at: now, inbox: e.inbox });
      } else {
        refused++;
        state = decrease(state, endpoint, now);
      }
    }
  }
  let maxPerSecond = 0;
  for (let i = 0, j = 0; i < sends.length; i++) {
    while (sends[i]!.at - sends[j]!.at >= 1000) j++;
    maxPerSecond = Math.max(maxPerSecond, i - j + 1);
  }
  return { sent: sends.length, refused, maxPerSecond, maxInboxWait: Math.max(...inboxWaits) };
}

describe("the budget over time", () => {
  it("keeps a campaign plus inbox traffic at the budget: never over 200 + 5 % in any second, inbox never waits", () => {
    const r = simulate({ seconds: 20, upstreamRate: 200, inboxEveryMs: 100 });
    expect(r.refused).toBe(0);
    expect(r.maxPerSecond).toBeLessThanOrEqual(210);
    expect(r.sent / 20).toBeGreaterThan(190);
    expect(r.maxInboxWait).toBe(0);
  });

  it.each([
    [100, 80],
    [40, 30],
  ])(
    "adapts to an upstream that allows %i/s under a budget of 200: under 5 %% refused",
    (upstreamRate, minRate) => {
      const r = simulate({ seconds: 30, upstreamRate, inboxEveryMs: 500 });
      expect(r.refused / (r.sent + r.refused)).toBeLessThan(0.05);
      expect(r.sent / 30).toBeGreaterThan(minRate);
    },
  );
});
