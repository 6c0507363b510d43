import { NextResponse } from "next/server";
import { parseJsonBody, withSession } from "@/lib/api/handler";
import { getTestPhone, sendCampaignTest } from "@/lib/campaigns/send-campaign-test";
import { sendCampaignTestSchema } from "@/lib/campaigns/schemas";

// GET /api/campaigns/:id/test - the number the signed-in user's last test went to
export const GET = withSession<{ id: string }>(
  async (_req, { user }) => NextResponse.json({ phone: await getTestPhone(user.id) }),
  { permission: "campaigns:manage" },
);

// POST /api/campaigns/:id/test - send the template with the first recipient's values to { phone } (audited)
export const POST = withSession<{ id: string }>(
  async (req, { params, user }) => {
    const input = await parseJsonBody(req, sendCampaignTestSchema, "test");
    return NextResponse.json(await sendCampaignTest(params.id, input, user.id), { status: 201 });
  },
  { permission: "campaigns:manage" },
);
