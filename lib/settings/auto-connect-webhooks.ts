import "server-only";
import { log } from "../observability/logger";
import { auditRoundTrip, checkWebhookRoundTrip } from "./check-webhook-round-trip";
import { connectWebhooks } from "./connect-webhooks";
import { getConnectlySettings } from "./get-connectly-settings";

// Zero configuration: against the built-in simulator (no live API key) the app registers its own webhook address
// at start-up, as an admin pressing Connect would, and runs the round-trip check once the server answers. With a
// live key nothing happens here: registering a production address is an admin's decision (Settings → Connect).

const CHECK_ATTEMPTS = 15;
const CHECK_INTERVAL_MS = 2_000;

/** Resolves once registered (or given up, logged); the check continues in the background. */
export async function autoConnectWebhooks(): Promise<void> {
  try {
    if ((await getConnectlySettings()).live) return;
    const result = await connectWebhooks({}, null, { check: false });
    log("webhooks").info({ address: result.address }, "registered with the simulator");
  } catch (error) {
    log("webhooks").warn({ err: error }, "could not register the webhooks with the simulator");
    return;
  }
  void checkWhenServing();
}

async function checkWhenServing(): Promise<void> {
  for (let attempt = 1; attempt <= CHECK_ATTEMPTS; attempt++) {
    await new Promise((resolve) => setTimeout(resolve, CHECK_INTERVAL_MS).unref());
    try {
      const results = await checkWebhookRoundTrip(null, { audit: false });
      // Unreachable: the server is not listening yet, try again; anything else is the answer.
      const listening = !results.some((r) => r.error?.startsWith("Could not reach"));
      if (listening || attempt === CHECK_ATTEMPTS) {
        await auditRoundTrip(null, results);
        return;
      }
    } catch (error) {
      log("webhooks").warn({ err: error }, "start-up webhook check failed");
      return;
    }
  }
}
