import { log } from "../observability/logger";

// The one loop behind every background job started from instrumentation.ts (template sync, webhook retention,
// quality signals, automation, campaign reports): a first round after `firstDelayMs` (none when null), then one every
// `everyMs`; a round never overlaps the previous one; a failed round is logged, never thrown (an outage must not take
// the server down; the next round retries); started once per process (the handle lives on globalThis because
// scripts/server.ts loads lib/ twice). Cross-instance exclusion is each job's own advisory lock.

export type Scheduler = { stop(): void };

export type IntervalJob = {
  /** Names the handle on globalThis and the log component. */
  name: string;
  /** 0 = the job is off: nothing starts and `offMessage` is logged. */
  intervalMs: number;
  offMessage?: string;
  /** When the first round runs; null = at the first tick only. */
  firstDelayMs: number | null;
  /** Tick period; defaults to intervalMs. */
  everyMs?: number;
  /** One round. `first` marks the start-up round; `stopped()` turns true once the job is stopped. */
  run: (round: { first: boolean; stopped: () => boolean }) => Promise<void>;
  failureMessage: string;
};

const holder = globalThis as unknown as { intervalJobs?: Map<string, Scheduler> };

export function startIntervalJob(job: IntervalJob): Scheduler | null {
  const jobs = (holder.intervalJobs ??= new Map());
  const existing = jobs.get(job.name);
  if (existing) return existing;
  if (job.intervalMs === 0) {
    if (job.offMessage) log(job.name).info(job.offMessage);
    return null;
  }
  let stopped = false;
  let running = false;
  const round = async (first: boolean) => {
    if (running) return;
    running = true;
    try {
      await job.run({ first, stopped: () => stopped });
    } catch (error) {
      log(job.name).error({ err: error }, job.failureMessage);
    } finally {
      running = false;
    }
  };
  const first = job.firstDelayMs === null ? null : setTimeout(() => void round(true), job.firstDelayMs);
  const timer = setInterval(() => void round(false), job.everyMs ?? job.intervalMs);
  first?.unref();
  timer.unref();
  const scheduler: Scheduler = {
    stop() {
      stopped = true;
      if (first) clearTimeout(first);
      clearInterval(timer);
      jobs.delete(job.name);
    },
  };
  jobs.set(job.name, scheduler);
  return scheduler;
}
