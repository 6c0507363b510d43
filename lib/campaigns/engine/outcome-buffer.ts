import type { Accepted, Failed, Unknown } from "./recipient-queue";

// The worker's outcomes, written in batches (recipient-queue.ts: one statement per kind per flush) instead of a
// write per send. Flushes run one after another; a batch the database refused stays for the next flush.

export type OutcomeWriter = {
  accepted: (rows: Accepted[]) => Promise<unknown>;
  failed: (rows: Failed[]) => Promise<unknown>;
  unknown: (rows: Unknown[]) => Promise<unknown>;
  /** Claimed, never attempted: back to PENDING. */
  released: (ids: string[]) => Promise<unknown>;
};

type Pending = { accepted: Accepted[]; failed: Failed[]; unknown: Unknown[]; released: string[] };

export class OutcomeBuffer {
  private pending: Pending = { accepted: [], failed: [], unknown: [], released: [] };
  private flushing: Promise<void> = Promise.resolve();
  readonly counts = { sent: 0, failed: 0, unknown: 0 };

  constructor(
    private readonly write: OutcomeWriter,
    private readonly log: (line: string) => void = () => {},
  ) {}

  accepted(row: Accepted): void {
    this.pending.accepted.push(row);
    this.counts.sent++;
  }

  failed(row: Failed): void {
    this.pending.failed.push(row);
    this.counts.failed++;
  }

  unknown(row: Unknown): void {
    this.pending.unknown.push(row);
    this.counts.unknown++;
  }

  /** Claimed but never attempted: safe to hand back to the queue. */
  release(...ids: string[]): void {
    this.pending.released.push(...ids);
  }

  /** A send this worker gives up without an answer: UNKNOWN if it was attempted (it may have gone), else handed back. */
  interrupted(entry: { attempted: boolean; recipient: { id: string } }): void {
    if (entry.attempted)
      this.pending.unknown.push({
        id: entry.recipient.id,
        code: "WORKER_INTERRUPTED",
        title: "Send interrupted",
        detail: null,
      });
    else this.pending.released.push(entry.recipient.id);
  }

  /** Writes what is pending, after any flush already running. */
  flush(): Promise<void> {
    this.flushing = this.flushing.then(async () => {
      const batch = this.pending;
      this.pending = { accepted: [], failed: [], unknown: [], released: [] };
      try {
        await this.write.accepted(batch.accepted);
        await this.write.failed(batch.failed);
        await this.write.unknown(batch.unknown);
        await this.write.released(batch.released);
      } catch (error) {
        // Keep them for the next flush: the database may be restarting.
        this.pending.accepted.push(...batch.accepted);
        this.pending.failed.push(...batch.failed);
        this.pending.unknown.push(...batch.unknown);
        this.pending.released.push(...batch.released);
        this.log(`flush failed, will retry: ${String(error)}`);
      }
    });
    return this.flushing;
  }
}
