import { parseSearchParams, withSession } from "@/lib/api/handler";
import { mediaResponse } from "@/lib/media/media-response";
import { storedMediaForUrl } from "@/lib/media/message-media";
import { mediaByUrlQuerySchema } from "@/lib/media/schemas";

// GET /api/media/by-url?url= - the kept copy of a file by the URL a template names (an uploaded header's CDN URI),
// for previews; nothing is fetched on demand, so this never reaches another host
export const GET = withSession(
  async (req) => {
    const { url } = parseSearchParams(req, mediaByUrlQuerySchema);
    return mediaResponse(await storedMediaForUrl(url), { cacheControl: "private, max-age=3600" });
  },
  { permission: "inbox:read" },
);
