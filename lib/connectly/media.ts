// Media: the contract's decisions about files in one place (§3.2 attachments, §5.5 inbound media, §9.2 assets).
// The docs list MIME types per attachment kind (§5.5) but no sizes; the sizes are Meta's Cloud API limits
// (developers.facebook.com/docs/whatsapp/cloud-api/reference/media#supported-media-types), which Connectly passes on.
// Framework-free: the browser (pre-upload check), the upload service and the simulator read the same table.

export const MEDIA_KINDS = ["image", "video", "audio", "document", "sticker"] as const;
export type MediaKind = (typeof MEDIA_KINDS)[number];
/** What an agent or a template header may upload (stickers only arrive from customers). */
export type UploadKind = Exclude<MediaKind, "sticker">;

/** What each place takes: an agent's attachment any kind a session message carries (§3.2); a template header an
 * image, video or document (Meta's header formats). */
export const UPLOAD_KINDS = {
  MESSAGE: ["image", "video", "audio", "document"],
  TEMPLATE_HEADER: ["image", "video", "document"],
} as const satisfies Record<string, readonly UploadKind[]>;

const MB = 1024 * 1024;

/** Largest file per kind (Meta: image 5 MB, video and audio 16 MB, document 100 MB, sticker 500 KB animated). */
export const MEDIA_MAX_BYTES: Record<MediaKind, number> = {
  image: 5 * MB,
  video: 16 * MB,
  audio: 16 * MB,
  document: 100 * MB,
  sticker: 500 * 1024,
};

/** MIME types each kind may carry (§5.5; documents: the list the docs call common, plus the Office originals). */
export const MEDIA_MIME_TYPES: Record<MediaKind, readonly string[]> = {
  image: ["image/jpeg", "image/png"],
  video: ["video/mp4", "video/3gpp"],
  audio: ["audio/aac", "audio/mp4", "audio/mpeg", "audio/amr", "audio/ogg"],
  document: [
    "application/pdf",
    "text/plain",
    "application/msword",
    "application/vnd.ms-excel",
    "application/vnd.ms-powerpoint",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation",
  ],
  sticker: ["image/webp"],
};

/** The kind a MIME type belongs to (parameters such as `; codecs=opus` ignored), or null when none takes it. */
export function kindOfMime(mime: string): MediaKind | null {
  const base = baseMime(mime);
  for (const kind of MEDIA_KINDS) if (MEDIA_MIME_TYPES[kind].includes(base)) return kind;
  return null;
}

export function baseMime(mime: string): string {
  return mime.split(";")[0]!.trim().toLowerCase();
}

/**
 * How long a signed link to a stored file (the `uri` given to `POST assets`) stays valid. Connectly copies the file
 * to its CDN when the asset is created, so the link is needed for minutes; an hour leaves room for a slow fetch
 * and retries, and a leaked link stops working soon after.
 */
export const SIGNED_MEDIA_URL_TTL_SECONDS = 60 * 60;

/**
 * Our files are registered PUBLIC (§9.2 default): WhatsApp itself must fetch the CDN URI when the message goes out,
 * and PRIVATE/CDN_PRIVATE are not documented beyond their names.
 */
export const ASSET_ACCESS_CONTROL_TYPE = "ASSET_ACCESS_CONTROL_TYPE_PUBLIC";

/** `POST /v1/businesses/{id}/assets` body (§9.2): our media id as the custom id, so a retried create names the same asset. */
export function buildCreateAssetBody(input: { sourceUrl: string; id: string }) {
  return { uri: input.sourceUrl, id: input.id, metadata: { accessControlType: ASSET_ACCESS_CONTROL_TYPE } };
}

/**
 * The CDN URI from a create (or get) asset answer. The docs show `asset.uri` on create and `cdnUri` on get ([NEW]);
 * both are read, top-level or under `asset`/`entity`. Null when none is an http(s) URL.
 */
export function parseAssetAnswer(answer: unknown): { id: string | null; cdnUri: string } | null {
  const record = (value: unknown) =>
    value && typeof value === "object" ? (value as Record<string, unknown>) : null;
  const root = record(answer);
  for (const holder of [record(root?.asset), record(root?.entity), root]) {
    if (!holder) continue;
    const uri = [holder.cdnUri, holder.uri].find(
      (v): v is string => typeof v === "string" && /^https?:\/\//i.test(v),
    );
    if (uri) return { id: typeof holder.id === "string" ? holder.id : null, cdnUri: uri };
  }
  return null;
}

/**
 * Inbound media (§5.5) is fetched by the app for the agents' browsers (they never load customer media from another
 * host): at most this long for the whole download, and a kind's size limit (the document one when the kind is unknown).
 */
export const INBOUND_MEDIA_TIMEOUT_MS = 20_000;

export function formatBytes(bytes: number): string {
  if (bytes >= MB) return `${(bytes / MB).toFixed(bytes % MB === 0 ? 0 : 1)} MB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${bytes} bytes`;
}
