import "server-only";
import { ConnectlyError } from "../connectly/client";
import type { SendEndpointKind } from "./limits";
import { reportRateLimited } from "./report-rate-limited";
import { reserveSends } from "./reserve-sends";

const MAX_ATTEMPTS = 4;

/**
 * An inbox send (reply or template) through the shared budget, ahead of campaigns: it waits for its token
 * (normally none: see bucket.ts), and a 429 shrinks the budget and takes a new token, up to 4 attempts. A 429
 * carrying ERROR_CODE_BUSINESS_REACHED_LIMITS is not a rate problem and goes straight back to the caller.
 */
export async function sendWithinBudget<T>(
  endpoint: SendEndpointKind,
  sender: string | null,
  call: () => Promise<T>,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    const slot = await reserveSends({ endpoint, sender, count: 1, priority: "inbox" });
    const wait = slot.startMs - Date.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    try {
      return await call();
    } catch (error) {
      if (
        !(error instanceof ConnectlyError) ||
        error.status !== 429 ||
        error.code === "ERROR_CODE_BUSINESS_REACHED_LIMITS"
      )
        throw error;
      await reportRateLimited(endpoint);
      if (attempt >= MAX_ATTEMPTS) throw error;
    }
  }
}
