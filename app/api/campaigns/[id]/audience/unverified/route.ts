import { NextResponse } from "next/server";
import { withSession } from "@/lib/api/handler";
import { acceptUnverifiedNumbers } from "@/lib/campaigns/accept-unverified-numbers";

// POST /api/campaigns/:id/audience/unverified - include the numbers the phone library could not confirm
export const POST = withSession<{ id: string }>(
  async (_req, { params }) => {
    const { accepted, ...campaign } = await acceptUnverifiedNumbers(params.id);
    return NextResponse.json({ campaign, accepted });
  },
  { permission: "campaigns:manage" },
);
