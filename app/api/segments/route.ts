import { NextResponse } from "next/server";
import { parseJsonBody, withSession } from "@/lib/api/handler";
import { listSegments } from "@/lib/segments/read-models";
import { createSegment } from "@/lib/segments/save-segment";
import { createSegmentSchema } from "@/lib/segments/schemas";

// GET /api/segments - the saved segments, by name
export const GET = withSession(async () => NextResponse.json({ segments: await listSegments() }), {
  permission: "campaigns:manage",
});

// POST /api/segments - save a segment ({ name, filter })
export const POST = withSession(
  async (req, { user }) => {
    const input = await parseJsonBody(req, createSegmentSchema);
    return NextResponse.json({ segment: await createSegment(input, user.id) }, { status: 201 });
  },
  { permission: "campaigns:manage" },
);
