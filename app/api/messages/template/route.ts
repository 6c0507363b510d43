import { NextResponse } from "next/server";
import { AppError } from "@/lib/app-error";
import { parseJsonBody, withSession } from "@/lib/api/handler";
import { can } from "@/lib/auth/roles";
import { sendTemplateMessage } from "@/lib/messaging/send-template-message";
import { sendTemplateMessageSchema } from "@/lib/messaging/schemas";

// POST /api/messages/template - an approved template, allowed at any time
export const POST = withSession(
  async (req, { user }) => {
    const input = await parseJsonBody(req, sendTemplateMessageSchema);
    // Agents message existing conversations; starting one with a new number is outbound marketing reach.
    if (input.to && !can(user.role, "templates:manage")) {
      throw new AppError(
        "FORBIDDEN",
        "Only admins and campaign managers can message a number that has no conversation yet.",
      );
    }
    return NextResponse.json({ message: await sendTemplateMessage(input, user.id) }, { status: 201 });
  },
  { permission: "inbox:reply" },
);
