import { NextResponse } from "next/server";
import { withSession } from "@/lib/api/handler";
import { getFailureBreakdown } from "@/lib/analytics/read-models";

// GET /api/analytics/campaigns/:id/failures - failures by reason (catalogue words), by country and by language
export const GET = withSession<{ id: string }>(
  async (_req, { params }) => NextResponse.json(await getFailureBreakdown(params.id)),
  { permission: "analytics:read" },
);
