import { NextResponse } from "next/server";
import { parseJsonBody, withSession } from "@/lib/api/handler";
import { controlCampaign } from "@/lib/campaigns/control-campaign";
import { controlCampaignSchema } from "@/lib/campaigns/schemas";

// POST /api/campaigns/:id/control - { action: "pause" | "resume" | "cancel" }, effective within a second
export const POST = withSession<{ id: string }>(
  async (req, { params }) => {
    const input = await parseJsonBody(req, controlCampaignSchema, "action");
    return NextResponse.json({ campaign: await controlCampaign(params.id, input) });
  },
  { permission: "campaigns:manage" },
);
