import { NextResponse } from "next/server";
import { parseSearchParams, withSession } from "@/lib/api/handler";
import { getCampaignSeries } from "@/lib/analytics/read-models";
import { seriesQuerySchema } from "@/lib/analytics/schemas";

// GET /api/analytics/campaigns/:id/series - sent/delivered/read/failed/replied per minute, hour or day (auto by span)
export const GET = withSession<{ id: string }>(
  async (req, { params }) =>
    NextResponse.json(await getCampaignSeries(params.id, parseSearchParams(req, seriesQuerySchema))),
  { permission: "analytics:read" },
);
