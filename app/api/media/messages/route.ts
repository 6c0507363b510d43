import { NextResponse } from "next/server";
import { withSession } from "@/lib/api/handler";
import { uploadMedia } from "@/lib/media/upload-media";
import { uploadSource } from "@/lib/media/upload-request";

// POST /api/media/messages - an agent's attachment: the raw file as the body (Content-Type, X-File-Name), checked
// against WhatsApp's limits, stored and registered with Connectly; answers its CDN URI for the send
export const POST = withSession(
  async (req, { user }) =>
    NextResponse.json({ media: await uploadMedia(uploadSource(req), "MESSAGE", user.id) }, { status: 201 }),
  { permission: "inbox:reply" },
);
