import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { startSimulator, type RunningSimulator } from "../../lib/connectly/simulator/server";
import { signWebhookBody } from "../../lib/connectly/signature";

export const WEBHOOK_SECRET = "integration_test_secret";

/** A signed request to the webhook route, as Connectly sends it (text/plain JSON). */
export function webhookRequest(
  body: unknown,
  options: { secret?: string; signature?: string; contentType?: string } = {},
) {
  const raw = typeof body === "string" ? body : JSON.stringify(body);
  return new Request("http://localhost/api/webhooks/connectly", {
    method: "POST",
    headers: {
      "content-type": options.contentType ?? "text/plain; charset=utf-8",
      "x-connectly-hmac-sha256": options.signature ?? signWebhookBody(options.secret ?? WEBHOOK_SECRET, raw),
    },
    body: raw,
  });
}

export async function truncateAll() {
  const { db } = await import("../../lib/db");
  await db.$executeRawUnsafe(
    'TRUNCATE "Message", "Conversation", "Contact", "WebhookEvent", "User", "Workspace" RESTART IDENTITY CASCADE',
  );
}

let seq = 0;
export function unixSeconds(date = new Date()) {
  return String(Math.floor(date.getTime() / 1000));
}
/** A fresh UK mobile number ending in 0, so it never hits the simulator's failure rules (…91–…96). */
export function uniquePhone() {
  seq++;
  return `+4477009${String(seq * 10).padStart(5, "0")}`;
}

/**
 * The simulator on TEST_SIMULATOR_PORT (strict profile) over real HTTP, with its signed webhooks coming back through a small
 * HTTP server into the real webhook route handler.
 */
export type Harness = {
  simulator: RunningSimulator;
  /**
   * From now on, webhooks are acknowledged to the simulator but not applied: they wait, in arrival order, until
   * releaseWebhooks() hands them to the route handler (as a slow or queued delivery would arrive late).
   */
  holdWebhooks: () => void;
  /** Applies the held webhooks (in order, a few at a time) and stops holding; resolves with their statuses. */
  releaseWebhooks: () => Promise<number[]>;
  heldWebhooks: () => number;
  close: () => Promise<void>;
};

export async function startHarness(
  options: { statusDelayMs?: number; rateLimitPerSecond?: number; bsuidSends?: boolean } = {},
): Promise<Harness> {
  const { POST: webhookPOST } = await import("../../app/api/webhooks/connectly/route");
  let holding = false;
  const held: { headers: Record<string, string>; body: Buffer }[] = [];
  const toRequest = (headers: Record<string, string>, body: Buffer) =>
    new Request("http://localhost/api/webhooks/connectly", {
      method: "POST",
      headers,
      body: new Uint8Array(body),
    });
  const receiver: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      if (holding) {
        held.push({ headers: req.headers as Record<string, string>, body: Buffer.concat(chunks) });
        res.writeHead(200, { "content-type": "application/json" });
        res.end("{}");
        return;
      }
      const request = toRequest(req.headers as Record<string, string>, Buffer.concat(chunks));
      void webhookPOST(request).then(async (response) => {
        res.writeHead(response.status, { "content-type": "application/json" });
        res.end(await response.text());
      });
    });
  });
  await new Promise<void>((r) => receiver.listen(0, "127.0.0.1", r));
  const simulator = await startSimulator({
    port: Number(process.env.TEST_SIMULATOR_PORT),
    webhookUrl: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/`,
    webhookSecret: WEBHOOK_SECRET,
    statusDelayMs: options.statusDelayMs ?? 20,
    // The strict profile (200 requests/s per send endpoint, duplicates, out-of-order pairs, exact-200 webhooks,
    // send-time failures, no BSUID-only sends): a test that needs otherwise says so in its options.
    profile: "strict",
    rateLimitPerSecond: options.rateLimitPerSecond,
    bsuidSends: options.bsuidSends,
  });
  return {
    simulator,
    holdWebhooks: () => {
      holding = true;
    },
    heldWebhooks: () => held.length,
    releaseWebhooks: async () => {
      holding = false;
      const statuses: number[] = [];
      while (held.length > 0) {
        const batch = held.splice(0, 8);
        const responses = await Promise.all(batch.map((h) => webhookPOST(toRequest(h.headers, h.body))));
        for (const r of responses) {
          statuses.push(r.status);
          await r.body?.cancel();
        }
      }
      return statuses;
    },
    close: async () => {
      await simulator.close();
      await new Promise((r) => receiver.close(r));
    },
  };
}
