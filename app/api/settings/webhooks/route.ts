import { NextResponse } from "next/server";
import { parseJsonBody, withSession } from "@/lib/api/handler";
import { connectWebhooks } from "@/lib/settings/connect-webhooks";
import { getWebhookRegistrations } from "@/lib/settings/get-webhook-registrations";
import { connectWebhooksSchema } from "@/lib/settings/schemas";

const noStore = { headers: { "Cache-Control": "no-store" } };

// GET /api/settings/webhooks - each topic's registration at Connectly, its last check and last event received
export const GET = withSession(
  async () => NextResponse.json({ webhooks: await getWebhookRegistrations() }, noStore),
  {
    permission: "settings:manage",
  },
);

// POST /api/settings/webhooks - "Connect": register this app's address for both topics (409 → update), then check; audited
export const POST = withSession(
  async (req, { user }) => {
    const input = await parseJsonBody(req, connectWebhooksSchema);
    return NextResponse.json({ result: await connectWebhooks(input, user.id) }, noStore);
  },
  { permission: "settings:manage" },
);
