import { Writable } from "node:stream";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

const mocks = vi.hoisted(() => ({
  interval: 300_000,
  pending: 0,
  sync: vi.fn(() => Promise.resolve({ outcome: "succeeded", run: { created: 0, updated: 0, removed: 0 } })),
}));
vi.mock("../env", () => ({ env: () => ({ TEMPLATE_SYNC_INTERVAL_MS: mocks.interval }) }));
vi.mock("../db", () => ({ db: { template: { count: () => Promise.resolve(mocks.pending) } } }));
vi.mock("./sync-templates", () => ({ syncTemplates: mocks.sync }));

const { startTemplateSyncScheduler } = await import("./sync-scheduler");
const { createLogger, replaceLogger } = await import("../observability/logger");

describe("template sync scheduler", () => {
  let stop: (() => void) | undefined;
  beforeEach(() => {
    vi.useFakeTimers();
    mocks.sync.mockClear();
    mocks.interval = 300_000;
    mocks.pending = 0;
  });
  afterEach(() => {
    stop?.();
    stop = undefined;
    vi.useRealTimers();
  });

  it("syncs once at start, then every interval", async () => {
    stop = startTemplateSyncScheduler()?.stop;
    await vi.advanceTimersByTimeAsync(1);
    expect(mocks.sync).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(299_000);
    expect(mocks.sync).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(31_000);
    expect(mocks.sync).toHaveBeenCalledTimes(2);
    // A round another instance ran within half the gap makes this one redundant: the service skips it then.
    expect(mocks.sync).toHaveBeenLastCalledWith("schedule", { skipIfSucceededWithinMs: 150_000 });
  });

  it("follows up every 30 s while a recently submitted template is pending", async () => {
    stop = startTemplateSyncScheduler()?.stop;
    await vi.advanceTimersByTimeAsync(1);
    mocks.pending = 1;
    await vi.advanceTimersByTimeAsync(90_000);
    expect(mocks.sync).toHaveBeenCalledTimes(4);
    mocks.pending = 0;
    await vi.advanceTimersByTimeAsync(90_000);
    expect(mocks.sync).toHaveBeenCalledTimes(4);
  });

  it("starts once per process and is off with an interval of 0", async () => {
    const first = startTemplateSyncScheduler();
    expect(startTemplateSyncScheduler()).toBe(first);
    first?.stop();
    mocks.interval = 0;
    expect(startTemplateSyncScheduler()).toBeNull();
    await vi.advanceTimersByTimeAsync(600_000);
    expect(mocks.sync).toHaveBeenCalledTimes(0);
  });

  it("keeps running after a failed round", async () => {
    mocks.sync.mockRejectedValueOnce(new Error("Connectly down"));
    const lines: string[] = [];
    const restore = replaceLogger(
      createLogger(
        new Writable({ write: (chunk: Buffer, _e, done) => (lines.push(chunk.toString()), done()) }),
        "info",
      ),
    );
    stop = startTemplateSyncScheduler()?.stop;
    await vi.advanceTimersByTimeAsync(300_001);
    restore();
    expect(
      lines.map((l) => JSON.parse(l) as { level: string; msg: string; err?: { message: string } }),
    ).toContainEqual(
      expect.objectContaining({
        level: "error",
        msg: "scheduled sync failed",
        err: expect.objectContaining({ message: "Connectly down" }),
      }),
    );
    expect(mocks.sync).toHaveBeenCalledTimes(2);
  });
});
