// Group commit: items submitted by concurrent callers (webhook requests) are written together, one statement
// per batch, and each caller is answered when its batch is durable. Under light load a batch is one item and
// nothing waits; under heavy load items gather while the previous batches are in the database, so the cost of
// a round trip, a statement and a commit is shared by many events instead of paid by each.
//
//   - at most `maxInFlight` batches are written at once, each at most `maxBatch` items;
//   - items that arrive in the same event-loop turn go together (the flush runs on setImmediate);
//   - a batch that fails with an error `isolate` accepts (e.g. a constraint, not an outage) is written again
//     one item at a time, so one poisoned item fails alone; any other error fails every item of the batch.

export type GroupCommitOptions = {
  maxBatch: number;
  maxInFlight: number;
  /** True when a failed batch should be retried item by item (the error may belong to one item). */
  isolate: (error: unknown) => boolean;
};

type Waiting<I, O> = { item: I; resolve: (value: O) => void; reject: (error: unknown) => void };

export class GroupCommit<I, O> {
  private readonly queue: Waiting<I, O>[] = [];
  private inFlight = 0;
  private scheduled = false;

  constructor(
    /** Writes a batch; returns one result per item, in order. */
    private readonly write: (items: I[]) => Promise<O[]>,
    private readonly options: GroupCommitOptions,
  ) {}

  submit(item: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      this.schedule();
    });
  }

  /** Items waiting for a batch plus batches in the database (for tests and diagnostics). */
  get pending(): { queued: number; inFlight: number } {
    return { queued: this.queue.length, inFlight: this.inFlight };
  }

  private schedule() {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.pump();
    });
  }

  private pump() {
    while (this.inFlight < this.options.maxInFlight && this.queue.length > 0) {
      const batch = this.queue.splice(0, this.options.maxBatch);
      this.inFlight++;
      void this.run(batch).finally(() => {
        this.inFlight--;
        if (this.queue.length > 0) this.pump();
      });
    }
  }

  private async run(batch: Waiting<I, O>[]): Promise<void> {
    try {
      settle(batch, await this.writeChecked(batch.map((w) => w.item)));
    } catch (error) {
      if (batch.length === 1 || !this.options.isolate(error)) {
        for (const waiting of batch) waiting.reject(error);
        return;
      }
      for (const waiting of batch) {
        try {
          settle([waiting], await this.writeChecked([waiting.item]));
        } catch (itemError) {
          waiting.reject(itemError);
        }
      }
    }
  }

  private async writeChecked(items: I[]): Promise<O[]> {
    const results = await this.write(items);
    if (results.length !== items.length) {
      throw new Error(`group commit: ${results.length} results for ${items.length} items`);
    }
    return results;
  }
}

function settle<I, O>(batch: Waiting<I, O>[], results: O[]) {
  batch.forEach((waiting, i) => waiting.resolve(results[i] as O));
}
