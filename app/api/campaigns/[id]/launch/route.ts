import { NextResponse } from "next/server";
import { parseJsonBody, withSession } from "@/lib/api/handler";
import { launchCampaign } from "@/lib/campaigns/launch-campaign";
import { launchCampaignSchema } from "@/lib/campaigns/schemas";

// POST /api/campaigns/:id/launch - send now {} or later { scheduledAt }
export const POST = withSession<{ id: string }>(
  async (req, { params }) => {
    const input = await parseJsonBody(req, launchCampaignSchema, "launch");
    return NextResponse.json({ campaign: await launchCampaign(params.id, input) });
  },
  { permission: "campaigns:manage" },
);
