import { AppError } from "@/lib/app-error";
import { withSession } from "@/lib/api/handler";
import { mediaResponse } from "@/lib/media/media-response";
import { findReadyMedia } from "@/lib/media/store-media";

// GET /api/media/[id] - a stored file for the dashboard (an upload's preview)
export const GET = withSession<{ id: string }>(
  async (_req, { params }) => {
    const media = await findReadyMedia(params.id);
    if (!media) throw new AppError("NOT_FOUND", "This file does not exist.");
    return mediaResponse(media, { cacheControl: "private, max-age=86400, immutable" });
  },
  { permission: "inbox:read" },
);
