import { NextResponse } from "next/server";
import { parseJsonBody, withSession } from "@/lib/api/handler";
import { getSegment } from "@/lib/segments/read-models";
import { deleteSegment, updateSegment } from "@/lib/segments/save-segment";
import { updateSegmentSchema } from "@/lib/segments/schemas";

// GET /api/segments/:id - one segment
export const GET = withSession<{ id: string }>(
  async (_req, { params }) => NextResponse.json({ segment: await getSegment(params.id) }),
  { permission: "campaigns:manage" },
);

// PATCH /api/segments/:id - rename and/or change the filter ({ name?, filter? })
export const PATCH = withSession<{ id: string }>(
  async (req, { params }) => {
    const input = await parseJsonBody(req, updateSegmentSchema);
    return NextResponse.json({ segment: await updateSegment(params.id, input) });
  },
  { permission: "campaigns:manage" },
);

// DELETE /api/segments/:id - delete a segment (drafts that planned it lose that source)
export const DELETE = withSession<{ id: string }>(
  async (_req, { params }) => {
    await deleteSegment(params.id);
    return new NextResponse(null, { status: 204 });
  },
  { permission: "campaigns:manage" },
);
