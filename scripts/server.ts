import "./lib/allow-server-only";
import { createServer } from "node:http";
import path from "node:path";
import next from "next";
import { dropUntrustedForwardedHeaders } from "../lib/security/trusted-proxy";
import { log } from "../lib/observability/logger";
import { exitWithParent } from "./lib/exit-with-parent";
import { scriptEnv, serverEnvSchema } from "./lib/script-env";
import { REMOTE_ADDRESS_HEADER } from "../lib/security/client-ip";
import { handleWebhookRequest, isWebhookRequest } from "../lib/webhooks/node-webhook-handler";

// The production app server (`npm start` runs it with tsx): Next's request handler behind a plain node:http
// server that answers Connectly's webhooks (POST /api/webhooks/connectly) itself. Webhooks are the one
// high-volume route (about three per message sent); Next's request pipeline and web Request/Response objects
// cost several times more CPU than verifying and storing the event, so that path skips them. Everything else,
// including every other API route, goes to Next unchanged.
//
// X-Forwarded-Host/-Proto are dropped here unless the peer is one of TRUSTED_PROXIES (the only place that sees the
// socket address), so the app never believes a host a client chose for itself.
//
// Environment: PORT (3000; all interfaces, like `next start`), NEXT_DIST_DIR (as next.config.js).

const env = scriptEnv(serverEnvSchema, "server");
const port = env.PORT;

async function main() {
  exitWithParent(env.SUPERVISOR_PID);
  const app = next({ dev: false, dir: path.resolve(__dirname, ".."), port });
  const handle = app.getRequestHandler();
  await app.prepare();
  const server = createServer((req, res) => {
    dropUntrustedForwardedHeaders(req);
    if (isWebhookRequest(req)) return handleWebhookRequest(req, res);
    // The peer address for code that sees only headers (next-auth's authorize, route handlers); a client's own
    // value under this name is replaced, never believed (lib/security/client-ip.ts).
    req.headers[REMOTE_ADDRESS_HEADER] = req.socket.remoteAddress ?? "";
    void handle(req, res);
  });
  server.keepAliveTimeout = 65_000; // longer than common load balancers' idle timeout
  server.listen(port, () => log("server").info({ port }, "listening"));
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => {
      server.close();
      void app.close().finally(() => process.exit(0));
    });
  }
}

main().catch((error: unknown) => {
  log("server").fatal({ err: error }, "failed to start");
  process.exit(1);
});
