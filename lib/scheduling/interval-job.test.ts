import { afterEach, describe, expect, it, vi } from "vitest";
import { startIntervalJob, type Scheduler } from "./interval-job";

describe("startIntervalJob", () => {
  const started: Scheduler[] = [];
  afterEach(() => {
    for (const s of started.splice(0)) s.stop();
    vi.useRealTimers();
  });

  it("runs a first round, then every interval, never two at once; a failure is logged and the next round runs", async () => {
    vi.useFakeTimers();
    const rounds: boolean[] = [];
    let release: () => void = () => {};
    let calls = 0;
    const job = startIntervalJob({
      name: "test-job-a",
      intervalMs: 1_000,
      firstDelayMs: 0,
      failureMessage: "failed",
      run: ({ first }) => {
        rounds.push(first);
        calls++;
        if (calls === 2) return new Promise<void>((r) => (release = r)); // a slow round
        if (calls === 3) return Promise.reject(new Error("outage"));
        return Promise.resolve();
      },
    });
    started.push(job!);
    await vi.advanceTimersByTimeAsync(0);
    expect(rounds).toEqual([true]);
    await vi.advanceTimersByTimeAsync(1_000); // the slow round starts
    await vi.advanceTimersByTimeAsync(3_000); // ticks while it runs are skipped
    expect(rounds).toEqual([true, false]);
    release();
    await vi.advanceTimersByTimeAsync(1_000); // fails
    await vi.advanceTimersByTimeAsync(1_000); // and the next one still runs
    expect(rounds).toEqual([true, false, false, false]);
  });

  it("is off at interval 0, started once per name, and stopped for good", async () => {
    vi.useFakeTimers();
    expect(
      startIntervalJob({
        name: "test-job-b",
        intervalMs: 0,
        firstDelayMs: 0,
        failureMessage: "x",
        run: () => Promise.resolve(),
      }),
    ).toBeNull();
    let stoppedSeen = false;
    const run = vi.fn(({ stopped }: { stopped: () => boolean }) => {
      stoppedSeen = stopped();
      return Promise.resolve();
    });
    const a = startIntervalJob({
      name: "test-job-c",
      intervalMs: 500,
      firstDelayMs: null,
      failureMessage: "x",
      run,
    })!;
    const b = startIntervalJob({
      name: "test-job-c",
      intervalMs: 500,
      firstDelayMs: null,
      failureMessage: "x",
      run,
    })!;
    expect(b).toBe(a);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(run).toHaveBeenCalledTimes(2);
    expect(stoppedSeen).toBe(false);
    a.stop();
    await vi.advanceTimersByTimeAsync(5_000);
    expect(run).toHaveBeenCalledTimes(2);
  });
});
