import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { markAheadMs, nextMarkLatency, startDispatcher } from "./dispatcher";
import { LATE_MS, SendQueue, type QueuedSend } from "./pacing";

// The dispatcher against a fake clock (vitest's fake timers; the queue and the dispatcher read the injected
// `now`): a campaign at 1,000/s whose slots come from a token bucket like the shared budget's (unused time older
// than 50 ms forgotten), booked a window ahead as the runner does, while the database's attempt mark and every
// request take 40 ms.

const RATE = 1000;
const SPACING_MS = 1000 / RATE;
const BURST_MS = 50;
const WINDOW = 100;
const LATENCY_MS = 40;

function runCampaign(total: number, latencyMs: { mark: number; request: number }) {
  const now = () => Date.now();
  const queue = new SendQueue<QueuedSend>(now);
  const sentAt = new Map<string, number[]>();
  const slots: { id: string; at: number; firedAt: number }[] = [];
  let tat = now();
  let booked = 0;
  let inFlight = 0;
  let stopping = false;
  /** The budget: n slots `SPACING_MS` apart from where the bucket's clock stands. */
  const book = (entries: QueuedSend[]) => {
    tat = Math.max(tat, now() - BURST_MS);
    entries.forEach((e, i) => (e.at = Math.max(now(), tat + i * SPACING_MS)));
    tat += entries.length * SPACING_MS;
    queue.add("c", entries);
    dispatcher.wake();
  };
  const dispatcher = startDispatcher<QueuedSend>({
    queue,
    now,
    isRunning: () => true,
    markAttempts: (ids) => new Promise((resolve) => setTimeout(() => resolve(new Set(ids)), latencyMs.mark)),
    fire(entries) {
      for (const e of entries) {
        sentAt.set(e.recipient.id, [...(sentAt.get(e.recipient.id) ?? []), now()]);
        slots.push({ id: e.recipient.id, at: e.at, firedAt: now() });
      }
      inFlight += entries.length;
      setTimeout(() => (inFlight -= entries.length), latencyMs.request);
    },
    release: (ids) => {
      if (ids.length > 0) throw new Error(`released ${ids.join()}`);
    },
    rebook: book,
    stopped: () => {
      throw new Error("stopped");
    },
    stopping: () => stopping,
    log: () => {},
  });
  // The runner: books the next window when less than ~60 ms of booked sends are left.
  const runner = setInterval(() => {
    if (booked >= total || tat - now() > 60) return;
    const n = Math.min(WINDOW, total - booked);
    const window = Array.from({ length: n }, (_, i) => ({
      at: 0,
      attempts: 0,
      attempted: false,
      recipient: { id: `r${booked + i}` },
      campaign: { id: "c" },
    }));
    booked += n;
    book(window);
  }, 10);
  return {
    sentAt,
    slots,
    inFlight: () => inFlight,
    async stop() {
      clearInterval(runner);
      stopping = true;
      dispatcher.wake();
      await vi.advanceTimersByTimeAsync(100);
      await dispatcher.done;
    },
  };
}

describe("dispatcher pacing", () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: 1_000_000 });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("keeps the configured rate when marking attempts and requests take 40 ms each", async () => {
    const total = 3000;
    const run = runCampaign(total, { mark: LATENCY_MS, request: LATENCY_MS });
    for (let t = 0; t < 20_000 && run.sentAt.size < total; t += 100) await vi.advanceTimersByTimeAsync(100);
    await run.stop();

    // Every recipient went, once.
    expect(run.sentAt.size).toBe(total);
    expect([...run.sentAt.values()].filter((times) => times.length > 1)).toEqual([]);
    // Achieved rate, first to last send (as bench/campaign.ts measures it): within 5 % of the configured one.
    const times = run.slots.map((s) => s.firedAt).sort((a, b) => a - b);
    const achieved = ((times.length - 1) * 1000) / (times.at(-1)! - times[0]!);
    expect(achieved).toBeGreaterThan(RATE * 0.95);
    // And not by bursting: never before its slot (takeDue's 1 ms tolerance aside), never later than LATE_MS after
    // it, and no one-second window holds more than the rate allows (rate * (1 s + LATE_MS)).
    expect(run.slots.filter((s) => s.firedAt < s.at - 1)).toEqual([]);
    expect(run.slots.filter((s) => s.firedAt > s.at + LATE_MS)).toEqual([]);
    let maxPerSecond = 0;
    for (let i = 0, j = 0; i < times.length; i++) {
      while (times[i]! - times[j]! >= 1000) j++;
      maxPerSecond = Math.max(maxPerSecond, i - j + 1);
    }
    expect(maxPerSecond).toBeLessThanOrEqual((RATE * (1000 + LATE_MS)) / 1000);
  });
});

describe("dispatcher marks", () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: 1_000_000 });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  function setup(confirm: (ids: string[]) => Set<string>) {
    const queue = new SendQueue<QueuedSend>(() => Date.now());
    const fired: string[] = [];
    const released: string[] = [];
    const stopped: string[] = [];
    const marked: string[][] = [];
    let stopping = false;
    const dispatcher = startDispatcher<QueuedSend>({
      queue,
      now: () => Date.now(),
      isRunning: () => true,
      markAttempts: (ids) => {
        marked.push(ids);
        return new Promise((resolve) => setTimeout(() => resolve(confirm(ids)), 10));
      },
      fire: (entries) => fired.push(...entries.map((e) => e.recipient.id)),
      release: (ids) => released.push(...ids),
      rebook: () => {
        throw new Error("nothing is late here");
      },
      stopped: (c) => stopped.push(c),
      stopping: () => stopping,
      log: () => {},
    });
    const add = (id: string, inMs: number) =>
      queue.add("c", [
        { at: Date.now() + inMs, attempts: 0, attempted: false, recipient: { id }, campaign: { id: "c" } },
      ]);
    return {
      queue,
      fired,
      released,
      stopped,
      marked,
      add,
      dispatcher,
      stop: () => (stopping = true),
    };
  }

  it("marks a send before its slot and fires it at the slot, not before", async () => {
    const t = setup((ids) => new Set(ids));
    t.add("a", 100);
    t.dispatcher.wake();
    await vi.advanceTimersByTimeAsync(95);
    expect(t.marked).toEqual([["a"]]);
    expect(t.fired).toEqual([]);
    expect(t.dispatcher.marking()).toBe(0);
    expect(t.queue.size()).toBe(1);
    await vi.advanceTimersByTimeAsync(20);
    expect(t.fired).toEqual(["a"]);
    t.stop();
    t.dispatcher.wake();
    await t.dispatcher.done;
  });

  it("never fires a send the mark did not confirm: handed back, its campaign seen as stopped", async () => {
    const t = setup(() => new Set());
    t.add("a", 0);
    t.add("b", 5);
    t.dispatcher.wake();
    await vi.advanceTimersByTimeAsync(100);
    expect(t.fired).toEqual([]);
    expect(t.released.sort()).toEqual(["a", "b"]);
    expect(t.stopped).toEqual(["c"]);
    t.stop();
    t.dispatcher.wake();
    await t.dispatcher.done;
  });

  it("on stop, a send marked but not fired stays unattempted (handed back), a mark in flight is awaited", async () => {
    const t = setup((ids) => new Set(ids));
    t.add("later", 150);
    t.add("soon", 10);
    t.dispatcher.wake();
    await vi.advanceTimersByTimeAsync(5); // "soon" is being marked
    expect(t.dispatcher.marking()).toBe(1);
    t.stop();
    t.dispatcher.wake();
    await vi.advanceTimersByTimeAsync(20);
    await t.dispatcher.done;
    expect(t.fired).toEqual([]);
    const left = t.queue.drain();
    expect(left.map((e) => [e.recipient.id, e.marked ?? false, e.attempted])).toEqual([
      ["soon", true, false],
      ["later", false, false],
    ]);
  });
});

describe("mark horizon", () => {
  it("follows a slower mark at once and a faster one gradually; a tick plus twice the latency, at most 200 ms", () => {
    expect(nextMarkLatency(5, 40)).toBe(40);
    expect(nextMarkLatency(40, 5)).toBeCloseTo(33);
    expect(markAheadMs(0)).toBe(20);
    expect(markAheadMs(40)).toBe(100);
    expect(markAheadMs(500)).toBe(200);
  });
});
