import { performance } from "node:perf_hooks";

interface Job {
  due: number;
  seq: number;
  run: () => void;
}

/**
 * All delayed work (status steps, webhook retries, template reviews) goes through one binary heap
 * driven by a single timer, so a 100k-message campaign costs heap entries, not 300k live timers.
 * Runs on the monotonic clock: the injectable business clock may be frozen or jump in tests.
 */
export class Scheduler {
  private heap: Job[] = [];
  private seq = 0;
  private timer: NodeJS.Timeout | undefined;
  private timerDue = Infinity;
  private closed = false;

  constructor(private readonly onError: (error: unknown) => void = () => {}) {}

  get size(): number {
    return this.heap.length;
  }

  schedule(delayMs: number, run: () => void): void {
    if (this.closed) return;
    this.push({ due: performance.now() + Math.max(0, delayMs), seq: this.seq++, run });
    this.arm();
  }

  close(): void {
    this.closed = true;
    this.heap = [];
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private arm(): void {
    const next = this.heap[0];
    if (!next || next.due >= this.timerDue) return;
    if (this.timer) clearTimeout(this.timer);
    this.timerDue = next.due;
    this.timer = setTimeout(() => this.fire(), Math.max(0, next.due - performance.now()));
    this.timer.unref();
  }

  private fire(): void {
    this.timer = undefined;
    this.timerDue = Infinity;
    // Run everything due (plus 1 ms slack) in one batch so a burst shares one timer callback.
    const horizon = performance.now() + 1;
    for (let job = this.heap[0]; job && job.due <= horizon && !this.closed; job = this.heap[0]) {
      this.pop();
      try {
        job.run();
      } catch (error) {
        this.onError(error);
      }
    }
    if (!this.closed) this.arm();
  }

  private less(a: Job, b: Job): boolean {
    return a.due < b.due || (a.due === b.due && a.seq < b.seq);
  }

  private push(job: Job): void {
    const heap = this.heap;
    heap.push(job);
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = heap[parent]!;
      if (!this.less(job, p)) break;
      heap[i] = p;
      i = parent;
    }
    heap[i] = job;
  }

  private pop(): void {
    const heap = this.heap;
    const last = heap.pop();
    if (!last || heap.length === 0) return;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= heap.length) break;
      const right = left + 1;
      const child = right < heap.length && this.less(heap[right]!, heap[left]!) ? right : left;
      if (!this.less(heap[child]!, last)) break;
      heap[i] = heap[child]!;
      i = child;
    }
    heap[i] = last;
  }
}
