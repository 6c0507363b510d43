import { NextResponse } from "next/server";
import { withSession } from "@/lib/api/handler";
import { uploadMedia } from "@/lib/media/upload-media";
import { uploadSource } from "@/lib/media/upload-request";

// POST /api/media/template-headers - a template's header example (image, video or document), stored and registered
// with Connectly like an attachment; the template form puts the CDN URI in the header
export const POST = withSession(
  async (req, { user }) =>
    NextResponse.json(
      { media: await uploadMedia(uploadSource(req), "TEMPLATE_HEADER", user.id) },
      { status: 201 },
    ),
  { permission: "templates:manage" },
);
