import { parseSearchParams, withSession } from "@/lib/api/handler";
import { mediaResponse } from "@/lib/media/media-response";
import { messageMedia } from "@/lib/media/message-media";
import { messageMediaQuerySchema } from "@/lib/media/schemas";

// GET /api/messages/[id]/media - a message's image, video, audio, sticker or document (?part=referral: its ad
// thumbnail), served by the app (a customer's media is fetched once from its URL and kept): browsers never load
// customer media from other hosts
export const GET = withSession<{ id: string }>(
  async (req, { params }) => {
    const { part } = parseSearchParams(req, messageMediaQuerySchema);
    return mediaResponse(await messageMedia(params.id, part ?? null), {
      cacheControl: "private, max-age=86400, immutable",
    });
  },
  { permission: "inbox:read" },
);
