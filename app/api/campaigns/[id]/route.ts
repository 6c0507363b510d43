import { NextResponse } from "next/server";
import { parseJsonBody, withSession } from "@/lib/api/handler";
import { deleteCampaign } from "@/lib/campaigns/delete-campaign";
import { getCampaignDetail } from "@/lib/campaigns/read-models";
import { updateCampaignSchema } from "@/lib/campaigns/schemas";
import { updateCampaign } from "@/lib/campaigns/update-campaign";

type Params = { id: string };

// GET /api/campaigns/:id - the campaign with live counts, failure reasons, rejected rows and message previews
export const GET = withSession<Params>(
  async (_req, { params }) => NextResponse.json({ campaign: await getCampaignDetail(params.id) }),
  {
    permission: "campaigns:manage",
  },
);

// PATCH /api/campaigns/:id - builder edits { name?, templateName + language?, sender?, ratePerSecond? }
export const PATCH = withSession<Params>(
  async (req, { params }) => {
    const input = await parseJsonBody(req, updateCampaignSchema, "campaign");
    return NextResponse.json({ campaign: await updateCampaign(params.id, input) });
  },
  { permission: "campaigns:manage" },
);

// DELETE /api/campaigns/:id - delete a draft
export const DELETE = withSession<Params>(
  async (_req, { params }) => {
    await deleteCampaign(params.id);
    return new NextResponse(null, { status: 204 });
  },
  { permission: "campaigns:manage" },
);
