import { NextResponse } from "next/server";
import { parseSearchParams, withSession } from "@/lib/api/handler";
import { listRecipients } from "@/lib/campaigns/read-models";
import { recipientListQuerySchema } from "@/lib/campaigns/schemas";

// GET /api/campaigns/:id/recipients - recipients in send order with their stage times (?state, ?cursor, ?limit)
export const GET = withSession<{ id: string }>(
  async (req, { params }) =>
    NextResponse.json(await listRecipients(params.id, parseSearchParams(req, recipientListQuerySchema))),
  { permission: "campaigns:manage" },
);
