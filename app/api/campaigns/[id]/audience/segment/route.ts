import { NextResponse } from "next/server";
import { parseJsonBody, withSession } from "@/lib/api/handler";
import {
  planSegmentAudience,
  plannedSegmentCounts,
  previewSegmentAudience,
} from "@/lib/campaigns/segment-audience";
import { segmentAudienceSchema } from "@/lib/campaigns/schemas";

// GET /api/campaigns/:id/audience/segment - live counts of the draft's planned segments, by source id
export const GET = withSession<{ id: string }>(
  async (_req, { params }) => NextResponse.json({ counts: await plannedSegmentCounts(params.id) }),
  { permission: "campaigns:manage" },
);

// POST /api/campaigns/:id/audience/segment - plan a saved segment as the audience ({ segmentId, variables });
// recipients are picked at launch. With dryRun: true only counts the segment.
export const POST = withSession<{ id: string }>(
  async (req, { params }) => {
    const input = await parseJsonBody(req, segmentAudienceSchema, "audience");
    if (input.dryRun) return NextResponse.json({ preview: await previewSegmentAudience(input.segmentId) });
    return NextResponse.json({ plan: await planSegmentAudience(params.id, input) }, { status: 201 });
  },
  { permission: "campaigns:manage" },
);
