import { NextResponse } from "next/server";
import { parseJsonBody, withSession } from "@/lib/api/handler";
import { deleteCannedResponse } from "@/lib/messaging/delete-canned-response";
import { updateCannedResponse } from "@/lib/messaging/update-canned-response";
import { cannedResponseSchema } from "@/lib/messaging/schemas";

// PUT /api/canned-responses/:id - replace a quick reply ({ shortcut, title, body })
export const PUT = withSession<{ id: string }>(
  async (req, { params }) => {
    const input = await parseJsonBody(req, cannedResponseSchema);
    return NextResponse.json({ cannedResponse: await updateCannedResponse(params.id, input) });
  },
  { permission: "inbox:reply" },
);

// DELETE /api/canned-responses/:id - remove a quick reply
export const DELETE = withSession<{ id: string }>(
  async (_req, { params }) => {
    await deleteCannedResponse(params.id);
    return new NextResponse(null, { status: 204 });
  },
  { permission: "inbox:reply" },
);
