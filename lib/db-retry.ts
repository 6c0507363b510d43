import "server-only";

// Unique-key races (two first messages from one new customer) and serialization conflicts are resolved by
// running the whole transaction again: the second attempt finds the row the winner created.
const RETRYABLE = new Set(["P2002", "P2034", "40001", "40P01", "23505"]);

export async function withConflictRetry<T>(work: () => Promise<T>, attempts = 4): Promise<T> {
  for (let n = 1; ; n++) {
    try {
      return await work();
    } catch (error) {
      if (n >= attempts || !isConflict(error)) throw error;
    }
  }
}

function isConflict(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && depth < 5; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && RETRYABLE.has(code)) return true;
    const message = (e as { message?: unknown }).message;
    if (
      typeof message === "string" &&
      /Unique constraint failed|duplicate key value|could not serialize|deadlock/i.test(message)
    ) {
      return true;
    }
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}
