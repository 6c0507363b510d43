import { NextResponse } from "next/server";
import { parseSearchParams, withSession } from "@/lib/api/handler";
import { listWebhookEvents, webhookEventQuerySchema } from "@/lib/webhooks/list-webhook-events";

// GET /api/webhook-events - stored webhook deliveries (filter by state), for admins
export const GET = withSession(
  async (req) => NextResponse.json(await listWebhookEvents(parseSearchParams(req, webhookEventQuerySchema))),
  { permission: "webhooks:inspect" },
);
