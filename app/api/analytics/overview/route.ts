import { NextResponse } from "next/server";
import { parseSearchParams, withSession } from "@/lib/api/handler";
import { getAnalyticsOverview } from "@/lib/analytics/get-analytics-overview";
import { overviewQuerySchema } from "@/lib/analytics/schemas";

// GET /api/analytics/overview - every campaign's funnel and the totals over a date range (`from`, `to`, `tz`)
export const GET = withSession(
  async (req) => NextResponse.json(await getAnalyticsOverview(parseSearchParams(req, overviewQuerySchema))),
  { permission: "analytics:read" },
);
