import { NextResponse } from "next/server";
import { parseJsonBody, withSession } from "@/lib/api/handler";
import { sendSessionMessage } from "@/lib/messaging/send-session-message";
import { sendSessionMessageSchema } from "@/lib/messaging/schemas";

// POST /api/messages/session - free-form reply while the customer's 24-hour window is open
export const POST = withSession(
  async (req, { user }) => {
    const input = await parseJsonBody(req, sendSessionMessageSchema);
    return NextResponse.json({ message: await sendSessionMessage(input, user.id) }, { status: 201 });
  },
  { permission: "inbox:reply" },
);
