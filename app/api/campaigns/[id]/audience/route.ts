import { NextResponse } from "next/server";
import { withSession } from "@/lib/api/handler";
import { clearAudience } from "@/lib/campaigns/clear-audience";

// DELETE /api/campaigns/:id/audience - remove every import from a draft
export const DELETE = withSession<{ id: string }>(
  async (_req, { params }) => NextResponse.json({ campaign: await clearAudience(params.id) }),
  { permission: "campaigns:manage" },
);
