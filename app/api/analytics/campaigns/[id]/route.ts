import { NextResponse } from "next/server";
import { withSession } from "@/lib/api/handler";
import { getCampaignAnalytics } from "@/lib/analytics/read-models";

// GET /api/analytics/campaigns/:id - the campaign's delivery funnel (counts and rates), polled while it runs
export const GET = withSession<{ id: string }>(
  async (_req, { params }) => NextResponse.json(await getCampaignAnalytics(params.id)),
  { permission: "analytics:read" },
);
