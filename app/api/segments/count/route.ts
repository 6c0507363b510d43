import { NextResponse } from "next/server";
import { parseJsonBody, withSession } from "@/lib/api/handler";
import { countSegment } from "@/lib/segments/count-segment";
import { countSegmentSchema } from "@/lib/segments/schemas";

// POST /api/segments/count - how many contacts a filter matches now ({ filter }), with a few examples
export const POST = withSession(
  async (req) => {
    const { filter } = await parseJsonBody(req, countSegmentSchema);
    return NextResponse.json({ count: await countSegment(filter) });
  },
  { permission: "campaigns:manage" },
);
