import { NextResponse } from "next/server";
import { parseJsonBody, withSession } from "@/lib/api/handler";
import { retryFailedRecipients } from "@/lib/campaigns/retry-failed-recipients";
import { retryCampaignSchema } from "@/lib/campaigns/schemas";

// POST /api/campaigns/:id/retry - a linked retry run of the retryable failures { includeUnknown? }
export const POST = withSession<{ id: string }>(
  async (req, { params, user }) => {
    const input = await parseJsonBody(req, retryCampaignSchema, "retry");
    return NextResponse.json(
      { campaign: await retryFailedRecipients(params.id, input, user.id) },
      { status: 201 },
    );
  },
  { permission: "campaigns:manage" },
);
