import { NextResponse } from "next/server";
import { parseJsonBody, parseSearchParams, withSession } from "@/lib/api/handler";
import { createCampaign } from "@/lib/campaigns/create-campaign";
import { listCampaigns } from "@/lib/campaigns/read-models";
import { campaignListQuerySchema, createCampaignSchema } from "@/lib/campaigns/schemas";

// GET /api/campaigns - campaigns, newest first, with their progress counts (?status, ?cursor, ?limit)
export const GET = withSession(
  async (req) => NextResponse.json(await listCampaigns(parseSearchParams(req, campaignListQuerySchema))),
  {
    permission: "campaigns:manage",
  },
);

// POST /api/campaigns - a new draft { name }
export const POST = withSession(
  async (req, { user }) => {
    const input = await parseJsonBody(req, createCampaignSchema, "campaign");
    return NextResponse.json({ campaign: await createCampaign(input, user.id) }, { status: 201 });
  },
  { permission: "campaigns:manage" },
);
