import { NextResponse } from "next/server";
import { parseSearchParams, withSession } from "@/lib/api/handler";
import { listCampaignRecipients } from "@/lib/analytics/list-campaign-recipients";
import { recipientListQuerySchema } from "@/lib/analytics/schemas";

// GET /api/analytics/campaigns/:id/recipients - one page of recipients (status, failure reason, search; `cursor`)
export const GET = withSession<{ id: string }>(
  async (req, { params }) =>
    NextResponse.json(
      await listCampaignRecipients(params.id, parseSearchParams(req, recipientListQuerySchema)),
    ),
  { permission: "analytics:read" },
);
