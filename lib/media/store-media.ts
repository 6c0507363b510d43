import "server-only";
import { createHash, randomBytes } from "node:crypto";
import { AppError } from "../app-error";
import { baseMime, kindOfMime, MEDIA_MAX_BYTES, type MediaKind, type UploadKind } from "../connectly/media";
import { db } from "../db";
import { pgPool } from "../db-pool";
import type { MediaPurpose } from "../generated/prisma/client";
import {
  checkUpload,
  declaredKind,
  normaliseMime,
  sniffMime,
  SNIFF_BYTES,
  tooLargeMessage,
} from "./media-type";

// Files in PostgreSQL, written and read in chunks (prisma/schema/media.prisma says why). Chunks go through the plain
// `pg` pool: Prisma's bytea path measured about 8x slower (about 1 s per MiB written or read, loaded machine). A body is read as it
// arrives: its first bytes decide its type and limit, then each 1 MiB is written as its own row, and the upload stops
// (413) the moment it passes its kind's limit, so nothing is ever held whole in memory.

const CHUNK_BYTES = 1024 * 1024;

export type StoredMedia = {
  id: string;
  kind: MediaKind;
  mimeType: string;
  filename: string | null;
  size: number;
  sha256: string;
};

function newMediaId(): string {
  return randomBytes(16).toString("base64url");
}

/** A file name safe to keep and to put in a Content-Disposition: no path, no control characters, at most 200 chars. */
export function cleanFilename(raw: string | null | undefined): string | null {
  if (!raw) return null;
  let name = raw;
  try {
    name = decodeURIComponent(raw);
  } catch {
    // Not URI-encoded: keep as given.
  }
  const cleaned = name
    .split(/[\\/]/)
    .pop()!
    .replace(/[\u0000-\u001f\u007f"]/g, "")
    .replace(/[\ud800-\udfff]/g, "")
    .trim()
    .slice(0, 200);
  return cleaned === "" ? null : cleaned;
}

type Source = {
  body: ReadableStream<Uint8Array> | null;
  declaredMime: string;
  declaredLength: number | null;
};

/** An upload: refused with a clear 413/415/422 unless WhatsApp takes it in one of `allowedKinds`. */
export async function storeUpload(
  source: Source,
  meta: {
    purpose: MediaPurpose;
    allowedKinds: readonly UploadKind[];
    filename: string | null;
    uploadedById: string | null;
  },
): Promise<StoredMedia> {
  // Oversized by its own Content-Length: refused before a byte is read.
  const claimed = declaredKind(source.declaredMime);
  if (claimed && source.declaredLength !== null && source.declaredLength > MEDIA_MAX_BYTES[claimed]) {
    throw new AppError("PAYLOAD_TOO_LARGE", tooLargeMessage(claimed, source.declaredLength));
  }
  return storeStream(source.body, (head) => {
    const check = checkUpload({
      head,
      declaredMime: source.declaredMime,
      size: source.declaredLength,
      allowedKinds: meta.allowedKinds,
    });
    if (!check.ok) {
      const code =
        check.status === 413
          ? "PAYLOAD_TOO_LARGE"
          : check.status === 415
            ? "UNSUPPORTED_MEDIA_TYPE"
            : "VALIDATION_FAILED";
      throw new AppError(code, check.message);
    }
    return {
      kind: check.kind,
      mimeType: check.mime,
      maxBytes: check.maxBytes,
      purpose: meta.purpose,
      filename: meta.filename,
      uploadedById: meta.uploadedById,
    };
  });
}

/**
 * A customer's media fetched from its URL: any type is kept (documents are "everything else", §5.5), typed from its
 * bytes when they say, else from the sender's Content-Type, else application/octet-stream; the size limit is that
 * of the kind the webhook named (the document one when it named none).
 */
export async function storeInbound(
  body: ReadableStream<Uint8Array> | null,
  meta: {
    kind: MediaKind | null;
    contentType: string;
    sourceUrl: string;
    filename: string | null;
    declaredLength: number | null;
  },
): Promise<StoredMedia> {
  const kind = meta.kind ?? "document";
  const maxBytes = MEDIA_MAX_BYTES[kind];
  if (meta.declaredLength !== null && meta.declaredLength > maxBytes)
    throw new AppError("PAYLOAD_TOO_LARGE", tooLargeMessage(kind, meta.declaredLength));
  return storeStream(body, (head) => {
    const declared = normaliseMime(meta.contentType);
    const sniffed = sniffMime(head, declared);
    const mimeType = sniffed ?? (kindOfMime(declared) ? baseMime(declared) : "application/octet-stream");
    return {
      kind,
      mimeType,
      maxBytes,
      purpose: "INBOUND",
      filename: meta.filename,
      uploadedById: null,
      sourceUrl: meta.sourceUrl,
    };
  });
}

type Decided = {
  kind: MediaKind;
  mimeType: string;
  maxBytes: number;
  purpose: MediaPurpose;
  filename: string | null;
  uploadedById: string | null;
  sourceUrl?: string;
};

async function storeStream(
  body: ReadableStream<Uint8Array> | null,
  decide: (head: Uint8Array) => Decided,
): Promise<StoredMedia> {
  if (!body) throw new AppError("VALIDATION_FAILED", "The file is empty.");
  const reader = body.getReader();
  const pending: Uint8Array[] = [];
  let pendingBytes = 0;
  let ended = false;
  const read = async () => {
    try {
      const { done, value } = await reader.read();
      if (done) ended = true;
      else if (value.byteLength > 0) {
        pending.push(value);
        pendingBytes += value.byteLength;
      }
    } catch {
      ended = true;
      throw new AppError(
        "BAD_REQUEST",
        "The upload was interrupted before the whole file arrived. Try again.",
      );
    }
  };
  while (!ended && pendingBytes < SNIFF_BYTES) await read();
  const head = concat(pending, pendingBytes).subarray(0, SNIFF_BYTES);
  if (head.length === 0) throw new AppError("VALIDATION_FAILED", "The file is empty.");

  let decided: Decided;
  try {
    decided = decide(head);
  } catch (error) {
    await reader.cancel().catch(() => {});
    throw error;
  }
  const id = newMediaId();
  await db.mediaObject.create({
    data: {
      id,
      purpose: decided.purpose,
      kind: decided.kind,
      mimeType: decided.mimeType,
      filename: decided.filename,
      uploadedById: decided.uploadedById,
      sourceUrl: decided.sourceUrl ?? null,
    },
  });
  const hash = createHash("sha256");
  let size = 0;
  let seq = 0;
  try {
    const flush = async (all: boolean) => {
      while (pendingBytes >= CHUNK_BYTES || (all && pendingBytes > 0)) {
        const joined = concat(pending, pendingBytes);
        const chunk = joined.subarray(0, Math.min(CHUNK_BYTES, joined.length));
        const rest = joined.subarray(chunk.length);
        pending.length = 0;
        pendingBytes = rest.length;
        if (rest.length > 0) pending.push(rest);
        hash.update(chunk);
        await pgPool().query('INSERT INTO "MediaChunk" ("mediaId", seq, data) VALUES ($1, $2, $3)', [
          id,
          seq++,
          Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength),
        ]);
      }
    };
    for (;;) {
      if (size + pendingBytes > decided.maxBytes) {
        await reader.cancel().catch(() => {});
        throw new AppError("PAYLOAD_TOO_LARGE", tooLargeMessage(decided.kind, null));
      }
      if (ended) break;
      const before = pendingBytes;
      await flush(false);
      size += before - pendingBytes;
      await read();
    }
    const before = pendingBytes;
    await flush(true);
    size += before;
    const sha256 = hash.digest("hex");
    await db.mediaObject.update({ where: { id }, data: { state: "READY", size, sha256 } });
    return { id, kind: decided.kind, mimeType: decided.mimeType, filename: decided.filename, size, sha256 };
  } catch (error) {
    await db.mediaObject.delete({ where: { id } }).catch(() => {});
    throw error;
  }
}

function concat(parts: Uint8Array[], total: number): Uint8Array {
  if (parts.length === 1) return parts[0]!;
  const out = new Uint8Array(total);
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.byteLength;
  }
  parts.length = 0;
  if (total > 0) parts.push(out);
  return out;
}

export type MediaRecord = {
  id: string;
  kind: string;
  mimeType: string;
  filename: string | null;
  size: number;
  sha256: string | null;
  cdnUri: string | null;
};

const RECORD_SELECT = {
  id: true,
  kind: true,
  mimeType: true,
  filename: true,
  size: true,
  sha256: true,
  cdnUri: true,
} as const;

export async function findReadyMedia(id: string): Promise<MediaRecord | null> {
  return db.mediaObject.findFirst({ where: { id, state: "READY" }, select: RECORD_SELECT });
}

/** A stored copy of a URL: our upload registered under that CDN URI, or a customer's media fetched from it. */
export async function findMediaByUrl(url: string): Promise<MediaRecord | null> {
  return db.mediaObject.findFirst({
    where: { state: "READY", OR: [{ cdnUri: url }, { sourceUrl: url }] },
    orderBy: { createdAt: "desc" },
    select: RECORD_SELECT,
  });
}

/** The file's bytes as a stream, one chunk row per pull (backpressure from the reader to the database). */
export function mediaStream(id: string): ReadableStream<Uint8Array> {
  let seq = 0;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const { rows } = await pgPool().query<{ data: Buffer }>(
        'SELECT data FROM "MediaChunk" WHERE "mediaId" = $1 AND seq = $2',
        [id, seq],
      );
      const chunk = rows[0];
      if (!chunk) {
        controller.close();
        return;
      }
      seq++;
      controller.enqueue(new Uint8Array(chunk.data.buffer, chunk.data.byteOffset, chunk.data.byteLength));
    },
  });
}
