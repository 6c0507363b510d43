// The send budget's arithmetic, pure (no clock, no database): lib/send-budget/reserve-sends.ts applies it to the
// rows of "SendBudget" under a row lock. Each bucket is a token bucket kept as a virtual clock (GCRA): `tatMs` is
// the time its next token becomes free. Taking n tokens moves it n / rate seconds forward; unused time older than
// `burstMs` is forgotten, so an idle bucket holds at most rate * burstMs tokens. A send may go at `startMs` and
// the ones after it `spacingMs` apart: the slowest bucket sets the spacing, the latest clock the start.
//
// Priority: campaigns may only book while every clock is at most `CAMPAIGN_HORIZON_MS` ahead of now. Inbox sends may go up to
// `CAMPAIGN_HORIZON_MS` before the clock (they jump the slots campaigns already booked) and only wait once
// inbox traffic alone has pushed the clock further than that. So an inbox reply never waits behind a campaign.
//
// Adaptive rate (AIMD) for the endpoint buckets: a 429 halves the rate (`DECREASE_FACTOR`, at most once
// per `DECREASE_COOLDOWN_MS`: one burst of refusals is one signal), then it grows back by
// `INCREASE_PER_SECOND` of the configured rate each second, up to the configured rate.

export const CAMPAIGN_HORIZON_MS = 250;
const DEFAULT_BURST_MS = 50;
export const DECREASE_FACTOR = 0.5;
export const DECREASE_COOLDOWN_MS = 250;
/** Fraction of the configured rate regained per second after a decrease. */
const INCREASE_PER_SECOND = 0.05;
/** The adaptive rate never drops below this fraction of the configured rate (nor below 1/s). */
const FLOOR_FRACTION = 0.02;

export type BucketState = {
  tatMs: number;
  /** Adaptive rate at `rateAtMs` (null: the configured rate). */
  rate: number | null;
  rateAtMs: number | null;
  lastDecreaseMs: number | null;
};

export type BucketLimit = {
  /** Configured requests per second. */
  maxRate: number;
  /** Whether 429s shrink this bucket (the endpoint budgets do; a sender's or a campaign's pace does not). */
  adaptive: boolean;
  burstMs?: number;
};

export type Priority = "inbox" | "campaign";

export type Booking = {
  /** 0 when a campaign must wait: retry after `retryInMs`. */
  count: number;
  startMs: number;
  spacingMs: number;
  retryInMs: number;
  /** The new clocks, in the order of the buckets given. */
  next: BucketState[];
};

/** The rate a bucket allows at `nowMs`: the configured one, or the adaptive one regrowing towards it. */
export function currentRate(state: BucketState, limit: BucketLimit, nowMs: number): number {
  if (!limit.adaptive || state.rate === null || state.rateAtMs === null) return limit.maxRate;
  const regained = (limit.maxRate * INCREASE_PER_SECOND * Math.max(0, nowMs - state.rateAtMs)) / 1000;
  return Math.min(limit.maxRate, state.rate + regained);
}

/** Tokens free now: up to rate * burst when idle, negative while the clock is ahead (booked, not yet sent). */
export function availableTokens(state: BucketState, limit: BucketLimit, nowMs: number): number {
  const base = Math.max(state.tatMs, nowMs - (limit.burstMs ?? DEFAULT_BURST_MS));
  return ((nowMs - base) * currentRate(state, limit, nowMs)) / 1000;
}

/**
 * Books `count` sends on every bucket at once (a send needs a token from each). Campaign bookings are all or
 * nothing: refused (count 0, retry later) while any clock is further ahead than the campaign horizon.
 */
export function book(
  states: BucketState[],
  limits: BucketLimit[],
  count: number,
  priority: Priority,
  nowMs: number,
): Booking {
  if (states.length !== limits.length || states.length === 0) throw new Error("one limit per bucket state");
  const rates = states.map((s, i) => currentRate(s, limits[i]!, nowMs));
  // Where each clock stands, with unused time older than its burst forgotten.
  const bases = states.map((s, i) => Math.max(s.tatMs, nowMs - (limits[i]!.burstMs ?? DEFAULT_BURST_MS)));
  const latest = Math.max(...bases);
  const spacingMs = Math.max(...rates.map((r) => 1000 / r));
  if (priority === "campaign" && latest - nowMs > CAMPAIGN_HORIZON_MS) {
    return {
      count: 0,
      startMs: latest,
      spacingMs,
      retryInMs: latest - nowMs - CAMPAIGN_HORIZON_MS,
      next: states,
    };
  }
  const startMs = priority === "inbox" ? Math.max(nowMs, latest - CAMPAIGN_HORIZON_MS) : latest;
  const next = states.map((s, i) => {
    const rate = rates[i]!;
    const adaptive = limits[i]!.adaptive && s.rate !== null;
    return {
      ...s,
      tatMs: bases[i]! + (count * 1000) / rate,
      // Fold the regrowth into the stored rate, so the stored value stays a plain "rate at time".
      rate: adaptive ? rate : s.rate,
      rateAtMs: adaptive ? nowMs : s.rateAtMs,
    };
  });
  return { count, startMs, spacingMs, retryInMs: 0, next };
}

/** After a 429: the adaptive rate shrinks, once per cooldown. Returns the state unchanged inside the cooldown. */
export function decrease(state: BucketState, limit: BucketLimit, nowMs: number): BucketState {
  if (!limit.adaptive) return state;
  if (state.lastDecreaseMs !== null && nowMs - state.lastDecreaseMs < DECREASE_COOLDOWN_MS) return state;
  const floor = Math.max(1, limit.maxRate * FLOOR_FRACTION);
  const rate = Math.max(floor, currentRate(state, limit, nowMs) * DECREASE_FACTOR);
  return { ...state, rate, rateAtMs: nowMs, lastDecreaseMs: nowMs };
}
