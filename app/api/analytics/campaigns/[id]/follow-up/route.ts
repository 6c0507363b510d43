import { NextResponse } from "next/server";
import { parseJsonBody, withSession } from "@/lib/api/handler";
import { createFollowUpSegment } from "@/lib/segments/create-follow-up-segment";
import { followUpSchema } from "@/lib/segments/schemas";

// POST /api/analytics/campaigns/:id/follow-up - the campaign's engagement segment for a follow-up ({ kind: not_read | read_not_replied })
export const POST = withSession<{ id: string }>(
  async (req, { user, params }) => {
    const { kind } = await parseJsonBody(req, followUpSchema);
    return NextResponse.json(
      { segment: await createFollowUpSegment(params.id, kind, user.id) },
      { status: 201 },
    );
  },
  { permission: "campaigns:manage" },
);
