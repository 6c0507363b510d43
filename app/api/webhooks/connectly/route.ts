import { NextResponse } from "next/server";
import { readBodyWithLimit } from "@/lib/api/read-body";
import { SIGNATURE_HEADER } from "@/lib/connectly/signature";
import { env } from "@/lib/env";
import { errorPayload } from "@/lib/api/error-payload";
import { REQUEST_ID_HEADER, requestIdFrom } from "@/lib/observability/request-id";
import { receiveConnectlyWebhook, reportRefusedWebhook } from "@/lib/webhooks/receive-connectly-webhook";

// POST /api/webhooks/connectly - Connectly's signed webhooks (messages, delivery_status, report).
// 200 for processed, duplicate, pending and invalid-but-stored events alike (Connectly must not retry those);
// 401 only for a bad signature; 413 for an oversized body; 503 when the database is down, so Connectly retries.
// In production the app server (scripts/server.ts) answers this path itself, without Next's request pipeline,
// through the same receiveConnectlyWebhook; this handler serves `npm run dev` and the integration tests.
export async function POST(req: Request) {
  const requestId = requestIdFrom(req.headers.get(REQUEST_ID_HEADER));
  let response: Response;
  try {
    const raw = await readBodyWithLimit(req, env().WEBHOOK_MAX_BYTES);
    response = NextResponse.json(
      await receiveConnectlyWebhook(raw, req.headers.get(SIGNATURE_HEADER), requestId),
    );
  } catch (error) {
    const { status, body, headers } = errorPayload(error); // a database outage becomes 503 + Retry-After
    reportRefusedWebhook(status, error, requestId);
    response = NextResponse.json(body, { status, headers });
  }
  response.headers.set(REQUEST_ID_HEADER, requestId);
  return response;
}
