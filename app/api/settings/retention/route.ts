import { NextResponse } from "next/server";
import { parseJsonBody, withSession } from "@/lib/api/handler";
import { updateWebhookRetentionSchema } from "@/lib/settings/schemas";
import { updateWebhookRetention } from "@/lib/settings/update-webhook-retention";
import { getWebhookRetention } from "@/lib/webhooks/retention";

const noStore = { headers: { "Cache-Control": "no-store" } };

// GET /api/settings/retention - how many days webhook events are kept (all states; INVALID separately)
export const GET = withSession(
  async () => NextResponse.json({ retention: await getWebhookRetention() }, noStore),
  {
    permission: "settings:manage",
  },
);

// PATCH /api/settings/retention - change the retention days (null = back to the default); audit-logged
export const PATCH = withSession(
  async (req, { user }) => {
    const input = await parseJsonBody(req, updateWebhookRetentionSchema);
    return NextResponse.json({ retention: await updateWebhookRetention(input, user.id) }, noStore);
  },
  { permission: "settings:manage" },
);
