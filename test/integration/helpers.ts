import { signWebhookBody } from "../../lib/connectly/signature";

export const WEBHOOK_SECRET = "integration_test_secret";

/** A signed request to the webhook route, as Connectly sends it (text/plain JSON). */
export function webhookRequest(body: unknown, options: { secret?: string; signature?: string; contentType?: string } = {}) {
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
