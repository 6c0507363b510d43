import { NextResponse } from "next/server";
import { parseJsonBody, withSession } from "@/lib/api/handler";
import { changeLabels } from "@/lib/labels/change-labels";
import { changeLabelsSchema } from "@/lib/labels/schemas";

// POST /api/conversations/:id/labels - put labels on the conversation and take others off ({ add?, remove? })
export const POST = withSession<{ id: string }>(
  async (req, { params }) => {
    const input = await parseJsonBody(req, changeLabelsSchema);
    return NextResponse.json(await changeLabels("conversation", params.id, input));
  },
  { permission: "inbox:reply" },
);
