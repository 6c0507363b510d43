import {
  baseMime,
  formatBytes,
  kindOfMime,
  MEDIA_MAX_BYTES,
  MEDIA_MIME_TYPES,
  type MediaKind,
  type UploadKind,
} from "../connectly/media";

// What a file really is, from its first bytes (magic numbers), and whether WhatsApp takes it. Pure and
// framework-free: the composer checks a picked file with it before uploading, the upload route checks the stream.

/** Bytes to look at: enough for every signature below. */
export const SNIFF_BYTES = 512;

const OLE2_TYPES = ["application/msword", "application/vnd.ms-excel", "application/vnd.ms-powerpoint"];
const OOXML_TYPES = MEDIA_MIME_TYPES.document.filter((t) => t.includes("openxmlformats"));
const MP4_FAMILY = ["video/mp4", "audio/mp4"];

/** Names browsers and operating systems use for the same types. */
const ALIASES: Record<string, string> = {
  "image/jpg": "image/jpeg",
  "image/pjpeg": "image/jpeg",
  "audio/mp3": "audio/mpeg",
  "audio/x-m4a": "audio/mp4",
  "audio/m4a": "audio/mp4",
  "audio/x-aac": "audio/aac",
  "audio/opus": "audio/ogg",
  "video/3gp": "video/3gpp",
};

export function normaliseMime(mime: string): string {
  const base = baseMime(mime);
  return ALIASES[base] ?? base;
}

function ascii(bytes: Uint8Array, from: number, length: number): string {
  return String.fromCharCode(...bytes.subarray(from, from + length));
}

function startsWith(bytes: Uint8Array, signature: number[]): boolean {
  return bytes.length >= signature.length && signature.every((b, i) => bytes[i] === b);
}

/**
 * The MIME type the first bytes show. Containers that several types share (ZIP for Office Open XML, OLE2 for the
 * old Office formats, MP4 for video and audio) take the declared type when it is one of that container's; plain
 * text has no signature and is believed when declared and free of control bytes. Null when nothing matches.
 */
export function sniffMime(head: Uint8Array, declaredMime = ""): string | null {
  const declared = normaliseMime(declaredMime);
  if (startsWith(head, [0xff, 0xd8, 0xff])) return "image/jpeg";
  if (startsWith(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return "image/png";
  if (head.length >= 12 && ascii(head, 0, 4) === "RIFF" && ascii(head, 8, 4) === "WEBP") return "image/webp";
  if (head.length >= 12 && ascii(head, 4, 4) === "ftyp") {
    const brand = ascii(head, 8, 4);
    if (brand.startsWith("3gp") || brand.startsWith("3g2")) return "video/3gpp";
    if (brand === "M4A " || brand === "M4B ") return "audio/mp4";
    return MP4_FAMILY.includes(declared) ? declared : "video/mp4";
  }
  if (ascii(head, 0, 5) === "%PDF-") return "application/pdf";
  if (ascii(head, 0, 4) === "OggS") return "audio/ogg";
  if (ascii(head, 0, 5) === "#!AMR") return "audio/amr";
  if (ascii(head, 0, 3) === "ID3") return "audio/mpeg";
  if (head.length >= 2 && head[0] === 0xff && (head[1]! & 0xe0) === 0xe0) {
    // MPEG audio frame sync: layer bits 00 are AAC's ADTS header, anything else MP3.
    return ((head[1]! >> 1) & 0x03) === 0 ? "audio/aac" : "audio/mpeg";
  }
  if (startsWith(head, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) {
    return OLE2_TYPES.includes(declared) ? declared : "application/x-ole-storage";
  }
  if (startsWith(head, [0x50, 0x4b, 0x03, 0x04]))
    return OOXML_TYPES.includes(declared) ? declared : "application/zip";
  if (declared === "text/plain" && head.length > 0 && looksLikeText(head)) return "text/plain";
  return null;
}

/** No NUL and no control bytes other than tab, line feed, form feed, carriage return and escape. */
function looksLikeText(head: Uint8Array): boolean {
  for (const b of head)
    if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0c && b !== 0x0d && b !== 0x1b) return false;
  return true;
}

export type UploadCheck =
  | { ok: true; kind: UploadKind; mime: string; maxBytes: number }
  | { ok: false; status: 413 | 415 | 422; message: string };

const KIND_LABEL: Record<MediaKind, string> = {
  image: "images",
  video: "videos",
  audio: "audio files",
  document: "documents",
  sticker: "stickers",
};

const A_KIND: Record<MediaKind, string> = {
  image: "an image",
  video: "a video",
  audio: "an audio file",
  document: "a document",
  sticker: "a sticker",
};

const WHAT_WHATSAPP_TAKES =
  "WhatsApp takes JPEG or PNG images (5 MB), MP4 or 3GP videos (16 MB), AAC, MP4, MP3, AMR or OGG audio (16 MB), and PDF, text or Office documents (100 MB).";

/**
 * Whether a file may be sent: its first bytes (`head`), the type it says it is (Content-Type or File.type), its size
 * when known, and the kinds this place takes. Checked from the bytes, not the name or the declared type: a file that
 * says it is one type but holds another is refused by name of both.
 */
export function checkUpload(input: {
  head: Uint8Array;
  declaredMime: string;
  size: number | null;
  allowedKinds: readonly UploadKind[];
}): UploadCheck {
  if (input.size === 0 || input.head.length === 0)
    return { ok: false, status: 422, message: "The file is empty." };
  const declared = normaliseMime(input.declaredMime);
  const sniffed = sniffMime(input.head, declared);
  const kind = sniffed ? kindOfMime(sniffed) : null;
  if (!sniffed || !kind || kind === "sticker") {
    const what =
      sniffed === "image/webp"
        ? "a WebP image"
        : sniffed
          ? `a ${sniffed} file`
          : "a type WhatsApp does not take";
    return { ok: false, status: 415, message: `This file is ${what}. ${WHAT_WHATSAPP_TAKES}` };
  }
  const vague = declared === "" || declared === "application/octet-stream";
  if (!vague && declared !== sniffed) {
    return {
      ok: false,
      status: 415,
      message: `The file says it is ${declared} but its contents are ${sniffed}. Save it in the right format and try again.`,
    };
  }
  if (!input.allowedKinds.includes(kind)) {
    const allowed = input.allowedKinds.map((k) => KIND_LABEL[k]);
    return {
      ok: false,
      status: 415,
      message: `This is ${A_KIND[kind]}; only ${allowed.join(", ")} can be used here.`,
    };
  }
  const maxBytes = MEDIA_MAX_BYTES[kind];
  if (input.size !== null && input.size > maxBytes)
    return { ok: false, status: 413, message: tooLargeMessage(kind, input.size) };
  return { ok: true, kind, mime: sniffed, maxBytes };
}

export function tooLargeMessage(kind: MediaKind, size: number | null): string {
  const limit = formatBytes(MEDIA_MAX_BYTES[kind]);
  return size === null
    ? `The file is larger than WhatsApp's ${limit} limit for ${KIND_LABEL[kind]}.`
    : `The file is ${formatBytes(size)}; WhatsApp takes ${KIND_LABEL[kind]} up to ${limit}.`;
}

/** The kind a declared type would be, for refusing an oversized body by its Content-Length before reading it. */
export function declaredKind(declaredMime: string): UploadKind | null {
  const kind = kindOfMime(normaliseMime(declaredMime));
  return kind === "sticker" ? null : kind;
}
