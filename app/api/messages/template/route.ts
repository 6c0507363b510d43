import { NextResponse } from "next/server";
import { parseJsonBody, withSession } from "@/lib/api/handler";
import { sendTemplateMessage } from "@/lib/messaging/send-template-message";
import { sendTemplateMessageSchema } from "@/lib/messaging/schemas";

// POST /api/messages/template - an approved template, allowed at any time
export const POST = withSession(
  async (req, { user }) => {
    const input = await parseJsonBody(req, sendTemplateMessageSchema);
    return NextResponse.json({ message: await sendTemplateMessage(input, user.id) }, { status: 201 });
  },
  { permission: "inbox:reply" },
);
