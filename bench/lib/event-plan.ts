import type { SeededMessage } from "./seed";

// Which delivery statuses are sent for which message, and in what order. Every (upstreamId, status) pair
// appears at most once in the whole run, so each event the app sees is new (never a duplicate). A message's
// events are consecutive in the plan, in a random order: at concurrency > 1 they race each other on the same
// row, and at every concurrency some arrive out of order (read before delivered, ...).

export type PlannedStatus = "sent" | "delivered" | "read";
export type PlannedEvent = { upstreamId: string; recipient: string; status: PlannedStatus };

const STATUSES: readonly PlannedStatus[] = ["sent", "delivered", "read"];

// The oracle for the end-of-run check, written from the contract (§14), not imported from the app:
// QUEUED 0 < SENT 1 < FAILED 2 < DELIVERED 3 < READ 4.
export const STATUS_RANK = { QUEUED: 0, SENT: 1, FAILED: 2, DELIVERED: 3, READ: 4 } as const;
export type StoredStatus = keyof typeof STATUS_RANK;
export const STORED_STATUS: Record<PlannedStatus, StoredStatus> = {
  sent: "SENT",
  delivered: "DELIVERED",
  read: "READ",
};

/** mulberry32: a small seeded PRNG, so a run's plan can be reproduced with BENCH_SEED. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

/**
 * At least `needed` events, taking messages in order: each gets all three statuses (50 %), two (30 %) or one
 * (20 %), shuffled. Throws when the seeded messages cannot supply that many distinct events.
 */
export function planEvents(
  messages: readonly SeededMessage[],
  needed: number,
  random: () => number,
): PlannedEvent[] {
  const events: PlannedEvent[] = [];
  for (const message of messages) {
    if (events.length >= needed) break;
    const roll = random();
    const howMany = roll < 0.5 ? 3 : roll < 0.8 ? 2 : 1;
    for (const status of shuffled(STATUSES, random).slice(0, howMany)) {
      events.push({ upstreamId: message.upstreamId, recipient: message.phone, status });
    }
  }
  if (events.length < needed) {
    throw new Error(
      `${messages.length} messages give only ${events.length} distinct events, ${needed} needed: ` +
        `raise BENCH_MESSAGES or lower BENCH_EVENTS_PER_LEVEL / BENCH_WARMUP_EVENTS`,
    );
  }
  return events.slice(0, needed);
}
