import { NextResponse } from "next/server";
import { errorResponse } from "@/lib/api/handler";
import { AppError } from "@/lib/api/errors";
import { SIGNATURE_HEADER, verifyWebhookSignature } from "@/lib/connectly/signature";
import { env } from "@/lib/env";
import { ingestWebhook } from "@/lib/messaging/ingest-webhook";
import { readBodyWithLimit } from "@/lib/api/read-body";
import { storableWebhookText } from "@/lib/security/storable-text";
import { getConnectlySettings } from "@/lib/settings/get-connectly-settings";

// POST /api/webhooks/connectly - Connectly's signed webhooks (messages, delivery_status, report).
// 200 for processed, duplicate, pending and invalid-but-stored events alike (Connectly must not retry those);
// 401 only for a bad signature; 413 for an oversized body; 503 when the database is down, so Connectly retries.
export async function POST(req: Request) {
  try {
    const raw = await readBodyWithLimit(req, env().WEBHOOK_MAX_BYTES);
    const { webhookSecret } = await getConnectlySettings(); // saved on the Settings page, else the environment's
    if (!verifyWebhookSignature(webhookSecret, raw, req.headers.get(SIGNATURE_HEADER))) {
      throw new AppError("UNAUTHENTICATED", `Missing or invalid ${SIGNATURE_HEADER} signature.`);
    }
    // NUL and lone surrogates cannot be stored: neutralised, so such an event is kept (INVALID or processed), not a 500.
    const outcome = await ingestWebhook(storableWebhookText(raw.toString("utf8")));
    return NextResponse.json({ ok: true, ...outcome });
  } catch (error) {
    return errorResponse(error); // a database outage becomes 503 + Retry-After there
  }
}
