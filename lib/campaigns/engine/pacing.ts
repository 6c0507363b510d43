// The worker's pacing, pure (the clock is injected): the sends each campaign has booked slots for, in slot order,
// and the arithmetic of how much to claim and when to claim again. The rate itself is the shared send budget's
// (lib/send-budget/bucket.ts, token buckets in the database); this only keeps to the slots it grants.

// A send goes at its booked slot, or at most LATE_MS after it. Slots are disjoint across every worker and the
// inbox, so sends that keep to their slots keep to the shared rate together: a one-second window holds at most
// rate * (1 s + LATE_MS) of them. A send later than that (this process was held up, a busy machine) is not fired as
// catch-up on top of the others' sends: its slot is given up and a new one booked from the budget.
export const LATE_MS = 30;
export const TICK_FLOOR_MS = 20;
const LEAD_MS = 30;

export type QueuedSend = {
  /** This process's clock: when it goes. */
  at: number;
  attempts: number;
  /** Marked attempted in the database (it may have reached Connectly): never handed back to PENDING. */
  attempted: boolean;
  recipient: { id: string };
  campaign: { id: string };
};

/** A grant of the send budget: the first send may go at `startMs`, the others `spacingMs` apart. */
export type SlotGrant = { startMs: number; spacingMs: number; bookedAtMs: number };

/**
 * When the i-th send of a grant goes. Slots before the budget was read (an idle budget lets a window start up to
 * its burst early) are due at that moment; slots that passed while the answer travelled are late like any other.
 */
export function slotAt(grant: SlotGrant, i: number): number {
  return Math.max(grant.bookedAtMs, grant.startMs + i * grant.spacingMs);
}

/** Per campaign, the booked sends in slot order. */
export class SendQueue<E extends QueuedSend> {
  private readonly queues = new Map<string, E[]>();

  constructor(private readonly now: () => number = Date.now) {}

  size(campaignId?: string): number {
    if (campaignId !== undefined) return this.queues.get(campaignId)?.length ?? 0;
    let n = 0;
    for (const queue of this.queues.values()) n += queue.length;
    return n;
  }

  /** Adds sends of one campaign whose `at` is set. */
  add(campaignId: string, entries: E[]): void {
    const queue = this.queues.get(campaignId) ?? [];
    queue.push(...entries);
    queue.sort((a, b) => a.at - b.at);
    this.queues.set(campaignId, queue);
  }

  /** One more attempt after `delayMs`; retries go to the front: they are older than everything queued. */
  requeue(entry: E, delayMs: number): void {
    entry.attempts++;
    entry.at = this.now() + delayMs;
    const queue = this.queues.get(entry.campaign.id) ?? [];
    queue.unshift(entry);
    queue.sort((a, b) => a.at - b.at);
    this.queues.set(entry.campaign.id, queue);
  }

  /**
   * Takes every send whose slot has come. Those of a campaign that is not running any more are `dropped` (to hand
   * back); those whose slot passed more than LATE_MS ago are `late` (per campaign: they need new slots).
   */
  takeDue(isRunning: (campaignId: string) => boolean): {
    due: E[];
    late: E[][];
    dropped: E[];
    nextAt: number;
  } {
    const now = this.now();
    const due: E[] = [];
    const late: E[][] = [];
    const dropped: E[] = [];
    let nextAt = Infinity;
    for (const [campaignId, queue] of this.queues) {
      const running = isRunning(campaignId);
      const lateHere: E[] = [];
      while (queue.length > 0 && (queue[0]?.at ?? Infinity) <= now + 1) {
        const entry = queue.shift()!;
        if (!running) dropped.push(entry);
        else if (entry.at < now - LATE_MS) lateHere.push(entry);
        else due.push(entry);
      }
      if (lateHere.length > 0) late.push(lateHere);
      if (queue.length > 0) nextAt = Math.min(nextAt, queue[0]?.at ?? Infinity);
    }
    return { due, late, dropped, nextAt };
  }

  /** Removes the sends never attempted (all campaigns, or one), to hand back; attempted ones stay. */
  takeUnattempted(campaignId?: string): E[] {
    const taken: E[] = [];
    for (const [id, queue] of this.queues) {
      if (campaignId && id !== campaignId) continue;
      for (const entry of queue) if (!entry.attempted) taken.push(entry);
      this.queues.set(
        id,
        queue.filter((e) => e.attempted),
      );
    }
    return taken;
  }

  /** Empties every queue. */
  drain(): E[] {
    const all: E[] = [];
    for (const queue of this.queues.values()) all.push(...queue.splice(0));
    return all;
  }
}

/**
 * How many recipients a runner claims next. At most ~1 s of the granted pace queued or in flight (at least 20):
 * when Connectly slows down (answers take longer), requests do not pile up behind each other, and an inbox send is
 * not stuck behind hundreds of them. A window covers at least twice what claiming and booking it take, so a slow
 * database (a busy machine) costs no send slots: the next window is booked while this one is still going out.
 * 0 = no room: wait a tick.
 */
export function claimSize(input: {
  concurrency: number;
  ratePerSecond: number;
  grantedRate: number | undefined;
  busy: number;
  windowMs: number;
  loopMs: number;
}): number {
  const pacedCap = Math.max(20, Math.ceil(input.grantedRate ?? input.ratePerSecond));
  const free = Math.min(input.concurrency, pacedCap) - input.busy;
  if (free <= 0) return 0;
  const pace = Math.min(input.ratePerSecond, input.grantedRate ?? input.ratePerSecond);
  const spanMs = Math.max(input.windowMs, 2 * input.loopMs);
  return Math.max(1, Math.min(free, Math.ceil((pace * spanMs) / 1000)));
}

/** The moving average of how long claiming and booking a window take (the time spent waiting for the budget aside). */
export function nextLoopMs(loopMs: number, elapsedMs: number, waitedMs: number): number {
  return 0.7 * loopMs + 0.3 * Math.min(2000, elapsedMs - Math.max(0, waitedMs));
}

/** How long to wait before claiming the next window: it is claimed before this one runs out, so the pace has no gaps. */
export function claimAgainIn(
  grant: SlotGrant,
  count: number,
  nowMs: number,
  windowMs: number,
  loopMs: number,
): number {
  return grant.startMs + count * grant.spacingMs - Math.max(LEAD_MS, windowMs * 0.4, 1.5 * loopMs) - nowMs;
}
