import "../../scripts/lib/allow-server-only";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

// The production webhook path (the app server's direct handler, lib/webhooks/node-webhook-handler.ts) behind a
// plain HTTP server, in a process of its own (pg-restart.test.ts starts it with DATABASE_URL pointing at a
// PostgreSQL it stops and starts). Prints its port on the first stdout line.

void main();

async function main() {
  const { handleWebhookRequest, isWebhookRequest } = await import("../../lib/webhooks/node-webhook-handler");
  const server = createServer((req, res) => {
    if (isWebhookRequest(req)) return handleWebhookRequest(req, res);
    res.writeHead(404);
    res.end();
  });
  server.listen(0, "127.0.0.1", () => console.log(String((server.address() as AddressInfo).port)));
}
