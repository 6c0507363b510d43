import { NextResponse } from "next/server";
import { parseJsonBody, withSession } from "@/lib/api/handler";
import { createCannedResponse } from "@/lib/messaging/create-canned-response";
import { listCannedResponses } from "@/lib/messaging/read-models";
import { cannedResponseSchema } from "@/lib/messaging/schemas";

// GET /api/canned-responses - the team's quick replies, by shortcut
export const GET = withSession(
  async () => NextResponse.json({ cannedResponses: await listCannedResponses() }),
  {
    permission: "inbox:read",
  },
);

// POST /api/canned-responses - new quick reply ({ shortcut, title, body }); 409 when the shortcut is taken
export const POST = withSession(
  async (req, { user }) => {
    const input = await parseJsonBody(req, cannedResponseSchema);
    return NextResponse.json({ cannedResponse: await createCannedResponse(input, user.id) }, { status: 201 });
  },
  { permission: "inbox:reply" },
);
