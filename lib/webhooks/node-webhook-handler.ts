import "server-only";
import type { IncomingMessage, ServerResponse } from "node:http";
import { errorPayload } from "../api/error-payload";
import { readNodeBodyWithLimit } from "../api/read-body";
import { SIGNATURE_HEADER } from "../connectly/signature";
import { env } from "../env";
import { REQUEST_ID_HEADER, requestIdFrom } from "../observability/request-id";
import responseHeaders from "../security/response-headers.json";
import { receiveConnectlyWebhook, reportRefusedWebhook } from "./receive-connectly-webhook";

// POST /api/webhooks/connectly served straight from node:http by the app server (scripts/server.ts): the same
// verification, ingestion, answers and headers as the route handler, without Next's request pipeline and web
// Request/Response objects, which cost more CPU than the ingestion itself at webhook volumes.

const WEBHOOK_PATH = "/api/webhooks/connectly";

/** True for the requests this handler answers (any query string is ignored, as by the route). */
export function isWebhookRequest(req: IncomingMessage): boolean {
  if (req.method !== "POST" || !req.url) return false;
  const end = req.url.indexOf("?");
  return (end === -1 ? req.url : req.url.slice(0, end)) === WEBHOOK_PATH;
}

const STATIC_HEADERS = { ...responseHeaders.everyResponse, ...responseHeaders.api };

export function handleWebhookRequest(req: IncomingMessage, res: ServerResponse): void {
  const signature = req.headers[SIGNATURE_HEADER];
  const requestId = requestIdFrom(req.headers[REQUEST_ID_HEADER]);
  const idHeader = { [REQUEST_ID_HEADER]: requestId };
  readNodeBodyWithLimit(req, env().WEBHOOK_MAX_BYTES)
    .then((raw) => receiveConnectlyWebhook(raw, typeof signature === "string" ? signature : null, requestId))
    .then(
      (body) => send(res, 200, body, idHeader),
      (error: unknown) => {
        const payload = errorPayload(error);
        reportRefusedWebhook(payload.status, error, requestId);
        // A refused body may still be arriving (413): close the connection rather than read it.
        const close: Record<string, string> = req.readableEnded ? {} : { Connection: "close" };
        send(res, payload.status, payload.body, { ...payload.headers, ...close, ...idHeader });
      },
    );
}

function send(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  if (res.headersSent) return;
  const json = JSON.stringify(body);
  res.writeHead(status, {
    ...STATIC_HEADERS,
    ...headers,
    "Content-Type": "application/json",
    "Content-Length": Buffer.byteLength(json),
  });
  res.end(json);
}
