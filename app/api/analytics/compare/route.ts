import { NextResponse } from "next/server";
import { parseSearchParams, withSession } from "@/lib/api/handler";
import { compareCampaigns } from "@/lib/analytics/compare-campaigns";
import { compareQuerySchema } from "@/lib/analytics/schemas";

// GET /api/analytics/compare - two campaigns (`a`, `b`) side by side: funnels and series aligned on their start
export const GET = withSession(
  async (req) => NextResponse.json(await compareCampaigns(parseSearchParams(req, compareQuerySchema))),
  { permission: "analytics:read" },
);
