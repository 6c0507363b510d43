import { withSession } from "@/lib/api/handler";
import { mediaResponse } from "@/lib/media/media-response";
import { messageMedia } from "@/lib/media/message-media";

// GET /api/messages/[id]/media - a message's image, video, audio, sticker or document, served by the app (a customer's
// media is fetched once from its URL and kept): browsers never load customer media from other hosts
export const GET = withSession<{ id: string }>(
  async (_req, { params }) => mediaResponse(await messageMedia(params.id), { cacheControl: "private, max-age=86400, immutable" }),
  { permission: "inbox:read" },
);
