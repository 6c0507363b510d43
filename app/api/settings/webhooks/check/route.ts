import { NextResponse } from "next/server";
import { withSession } from "@/lib/api/handler";
import { checkWebhookRoundTrip } from "@/lib/settings/check-webhook-round-trip";

// POST /api/settings/webhooks/check - round-trip check: a signed probe to each registered address must reach this app; audited
export const POST = withSession(
  async (_req, { user }) => NextResponse.json({ results: await checkWebhookRoundTrip(user.id) }),
  { permission: "settings:manage" },
);
