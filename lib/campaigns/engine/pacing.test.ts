import { describe, expect, it } from "vitest";
import { claimAgainIn, claimSize, LATE_MS, nextLoopMs, SendQueue, slotAt, type QueuedSend } from "./pacing";

function clock(start = 10_000) {
  let t = start;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

const send = (campaign: string, recipient: string, at: number, attempted = false): QueuedSend => ({
  at,
  attempts: 0,
  attempted,
  recipient: { id: recipient },
  campaign: { id: campaign },
});
const ids = (entries: QueuedSend[]) => entries.map((e) => e.recipient.id);

describe("slotAt", () => {
  it("spaces a grant's sends and never schedules one before the budget was read", () => {
    const grant = { startMs: 1000, spacingMs: 10, bookedAtMs: 1015 };
    expect([0, 1, 2, 3].map((i) => slotAt(grant, i))).toEqual([1015, 1015, 1020, 1030]);
  });
});

describe("SendQueue", () => {
  it("keeps each campaign's sends in slot order and takes only those whose slot has come", () => {
    const c = clock();
    const q = new SendQueue(c.now);
    q.add("a", [send("a", "a2", 10_020), send("a", "a1", 10_000)]);
    q.add("b", [send("b", "b1", 10_010)]);
    expect(q.size()).toBe(3);
    expect(q.size("a")).toBe(2);

    const first = q.takeDue(() => true);
    expect(ids(first.due)).toEqual(["a1"]);
    expect(first.nextAt).toBe(10_010);

    c.advance(15);
    expect(ids(q.takeDue(() => true).due)).toEqual(["b1"]);
    c.advance(5);
    const last = q.takeDue(() => true);
    expect(ids(last.due)).toEqual(["a2"]);
    expect(last.nextAt).toBe(Infinity);
    expect(q.size()).toBe(0);
  });

  it("a send whose slot passed more than LATE_MS ago is late (rebooked), not fired as catch-up", () => {
    const c = clock();
    const q = new SendQueue(c.now);
    q.add("a", [send("a", "old", 10_000 - LATE_MS - 1), send("a", "ok", 10_000 - LATE_MS)]);
    q.add("b", [send("b", "old-b", 9_000)]);
    const { due, late } = q.takeDue(() => true);
    expect(ids(due)).toEqual(["ok"]);
    expect(late.map(ids)).toEqual([["old"], ["old-b"]]);
  });

  it("drops the due sends of a campaign that is not running", () => {
    const c = clock();
    const q = new SendQueue(c.now);
    q.add("a", [send("a", "a1", 10_000), send("a", "later", 20_000)]);
    q.add("b", [send("b", "b1", 10_000)]);
    const { due, dropped } = q.takeDue((campaign) => campaign === "b");
    expect(ids(due)).toEqual(["b1"]);
    expect(ids(dropped)).toEqual(["a1"]);
    expect(q.size("a")).toBe(1);
  });

  it("requeue counts the attempt and puts the entry at now + delay", () => {
    const c = clock();
    const q = new SendQueue(c.now);
    const entry = send("a", "r", 10_000);
    q.add("a", [send("a", "next", 10_300)]);
    q.requeue(entry, 500);
    expect(entry).toMatchObject({ attempts: 1, at: 10_500 });
    c.advance(300);
    expect(ids(q.takeDue(() => true).due)).toEqual(["next"]);
    c.advance(200);
    expect(ids(q.takeDue(() => true).due)).toEqual(["r"]);
  });

  it("takeUnattempted hands back only sends never attempted, of one campaign or all", () => {
    const q = new SendQueue(clock().now);
    q.add("a", [send("a", "a1", 1), send("a", "a2", 2, true)]);
    q.add("b", [send("b", "b1", 1)]);
    expect(ids(q.takeUnattempted("a"))).toEqual(["a1"]);
    expect(q.size()).toBe(2);
    expect(ids(q.takeUnattempted())).toEqual(["b1"]);
    expect(ids(q.drain())).toEqual(["a2"]);
    expect(q.size()).toBe(0);
  });
});

describe("claimSize", () => {
  const base = {
    concurrency: 500,
    ratePerSecond: 100,
    grantedRate: undefined,
    busy: 0,
    windowMs: 100,
    loopMs: 0,
  };
  it.each([
    ["a window of the campaign's pace", base, 10],
    ["the granted pace when the budget is slower", { ...base, grantedRate: 50 }, 5],
    ["at least one", { ...base, ratePerSecond: 1 }, 1],
    ["a longer window when claiming is slow", { ...base, loopMs: 200 }, 40],
    ["no more than the free room", { ...base, busy: 95, ratePerSecond: 1000, grantedRate: 100 }, 5],
    ["none when ~1 s of the pace is queued", { ...base, busy: 100 }, 0],
    ["at least 20 in flight at a slow pace", { ...base, ratePerSecond: 2, busy: 19 }, 1],
    ["never above the concurrency", { ...base, concurrency: 4, ratePerSecond: 1000 }, 4],
  ])("%s", (_, input, expected) => {
    expect(claimSize(input)).toBe(expected);
  });
});

describe("loop timing", () => {
  it("averages the claim time without the budget wait, capped at 2 s", () => {
    expect(nextLoopMs(0, 100, 0)).toBeCloseTo(30);
    expect(nextLoopMs(100, 400, 300)).toBeCloseTo(100);
    expect(nextLoopMs(0, 10_000, 0)).toBeCloseTo(600);
  });

  it("claims the next window before this one runs out", () => {
    const grant = { startMs: 1000, spacingMs: 10, bookedAtMs: 1000 };
    // 10 sends end at 1100; claimed again max(30, 40, 15) ms before.
    expect(claimAgainIn(grant, 10, 1000, 100, 10)).toBe(60);
    expect(claimAgainIn(grant, 10, 1000, 100, 100)).toBe(-50);
  });
});
