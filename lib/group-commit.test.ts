import { describe, expect, it } from "vitest";
import { GroupCommit } from "./group-commit";

const tick = () => new Promise((resolve) => setImmediate(resolve));

function recorder(options: { failWhen?: (items: number[]) => unknown; delayMs?: number } = {}) {
  const batches: number[][] = [];
  let inFlight = 0;
  let maxSeen = 0;
  const write = async (items: number[]) => {
    batches.push(items);
    inFlight++;
    maxSeen = Math.max(maxSeen, inFlight);
    await new Promise((resolve) => setTimeout(resolve, options.delayMs ?? 5));
    inFlight--;
    const failure = options.failWhen?.(items);
    if (failure) throw failure;
    return items.map((n) => n * 10);
  };
  return { write, batches, maxInFlight: () => maxSeen };
}

describe("GroupCommit", () => {
  it("writes items submitted in the same turn as one batch and answers each caller with its own result", async () => {
    const r = recorder();
    const commit = new GroupCommit(r.write, { maxBatch: 100, maxInFlight: 1, isolate: () => true });
    const results = await Promise.all([1, 2, 3, 4].map((n) => commit.submit(n)));
    expect(results).toEqual([10, 20, 30, 40]);
    expect(r.batches).toEqual([[1, 2, 3, 4]]);
  });

  it("gathers items that arrive while batches are in flight, within maxBatch and maxInFlight", async () => {
    const r = recorder({ delayMs: 20 });
    const commit = new GroupCommit(r.write, { maxBatch: 3, maxInFlight: 2, isolate: () => true });
    const first = commit.submit(1);
    await tick(); // batch [1] is now in flight
    const rest = [2, 3, 4, 5, 6, 7, 8].map((n) => commit.submit(n));
    expect(await Promise.all([first, ...rest])).toEqual([10, 20, 30, 40, 50, 60, 70, 80]);
    expect(r.batches[0]).toEqual([1]);
    expect(r.batches.slice(1).every((b) => b.length <= 3)).toBe(true);
    expect(r.batches.flat().sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(r.maxInFlight()).toBe(2);
    expect(commit.pending).toEqual({ queued: 0, inFlight: 0 });
  });

  it("retries a failed batch one item at a time when the error may belong to one item", async () => {
    const poison = new Error("item 3 violates a constraint");
    const r = recorder({ failWhen: (items) => (items.includes(3) ? poison : null) });
    const commit = new GroupCommit(r.write, { maxBatch: 10, maxInFlight: 1, isolate: () => true });
    const results = await Promise.allSettled([1, 2, 3, 4].map((n) => commit.submit(n)));
    expect(results.map((s) => s.status)).toEqual(["fulfilled", "fulfilled", "rejected", "fulfilled"]);
    expect(results[2]).toMatchObject({ reason: poison });
    expect(r.batches).toEqual([[1, 2, 3, 4], [1], [2], [3], [4]]);
  });

  it("fails every item of the batch at once when the error is not one item's (an outage)", async () => {
    const outage = Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" });
    const r = recorder({ failWhen: () => outage });
    const commit = new GroupCommit(r.write, { maxBatch: 10, maxInFlight: 1, isolate: (e) => e !== outage });
    const results = await Promise.allSettled([1, 2, 3].map((n) => commit.submit(n)));
    expect(results.every((s) => s.status === "rejected" && s.reason === outage)).toBe(true);
    expect(r.batches).toEqual([[1, 2, 3]]);
  });

  it("rejects, rather than misassigns, when the writer returns the wrong number of results", async () => {
    const commit = new GroupCommit(async (items: number[]) => items.slice(1), {
      maxBatch: 10,
      maxInFlight: 1,
      isolate: () => false,
    });
    await expect(Promise.all([commit.submit(1), commit.submit(2)])).rejects.toThrow(/1 results for 2 items/);
  });
});
