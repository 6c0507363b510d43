import { performance } from "node:perf_hooks";

/**
 * Token bucket: `ratePerSecond` requests per second with bursts up to the same size, so a client
 * pacing itself at the documented limit never sees a 429. Uses the monotonic clock.
 */
export class TokenBucket {
  private tokens: number;
  private last = performance.now();

  constructor(private readonly ratePerSecond: number) {
    this.tokens = ratePerSecond;
  }

  tryTake(): boolean {
    if (this.ratePerSecond <= 0) return true;
    const now = performance.now();
    this.tokens = Math.min(this.ratePerSecond, this.tokens + ((now - this.last) * this.ratePerSecond) / 1000);
    this.last = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}
