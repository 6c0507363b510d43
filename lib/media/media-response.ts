import { MEDIA_MIME_TYPES } from "../connectly/media";
import { mediaStream, type MediaRecord } from "./store-media";

// How a stored file goes out (the agents' previews, inbound media, the signed link Connectly fetches): its checked
// type, never sniffed by the browser; shown inline only when it is an image, video or audio type WhatsApp uses,
// downloaded otherwise; and a policy that lets nothing in it run if it is opened on its own.

const INLINE = new Set([
  ...MEDIA_MIME_TYPES.image,
  ...MEDIA_MIME_TYPES.video,
  ...MEDIA_MIME_TYPES.audio,
  ...MEDIA_MIME_TYPES.sticker,
]);

export function mediaResponse(record: MediaRecord, options: { cacheControl: string }): Response {
  const inline = INLINE.has(record.mimeType);
  const name = record.filename ?? `${record.kind}-${record.id.slice(0, 8)}`;
  const disposition = `${inline ? "inline" : "attachment"}; filename="${name.replace(/[^\x20-\x7e]|["\\]/g, "_")}"; filename*=UTF-8''${encodeURIComponent(name)}`;
  return new Response(mediaStream(record.id), {
    status: 200,
    headers: {
      "content-type": record.mimeType,
      "content-length": String(record.size),
      "content-disposition": disposition,
      "x-content-type-options": "nosniff",
      "content-security-policy": "default-src 'none'; sandbox",
      "cache-control": options.cacheControl,
      ...(record.sha256 ? { etag: `"${record.sha256}"` } : {}),
    },
  });
}
