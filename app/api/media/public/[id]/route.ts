import { AppError } from "@/lib/app-error";
import { errorResponse } from "@/lib/api/handler";
import { mediaResponse } from "@/lib/media/media-response";
import { checkMediaSignature } from "@/lib/media/signed-media-url";
import { findReadyMedia } from "@/lib/media/store-media";

// GET /api/media/public/[id] - PUBLIC: a stored file behind a signed, expiring link (?exp&sig), for Connectly to copy
// to its CDN when the asset is created (lib/media/signed-media-url.ts)
export async function GET(req: Request, ctx: { params: Promise<{ id: string }> }): Promise<Response> {
  try {
    const { id } = await ctx.params;
    const url = new URL(req.url);
    const check = checkMediaSignature(id, url.searchParams.get("exp"), url.searchParams.get("sig"));
    if (check === "expired") throw new AppError("FORBIDDEN", "This link has expired.");
    if (check !== "ok") throw new AppError("FORBIDDEN", "This link is not valid.");
    const media = await findReadyMedia(id);
    if (!media) throw new AppError("NOT_FOUND", "This file does not exist.");
    return mediaResponse(media, { cacheControl: "private, no-store" });
  } catch (error) {
    return errorResponse(error);
  }
}
