import "server-only";
import { AppError } from "../app-error";
import { INBOUND_MEDIA_TIMEOUT_MS, MEDIA_KINDS, type MediaKind } from "../connectly/media";
import { db } from "../db";
import { log } from "../observability/logger";
import { findMediaByUrl, storeInbound, type MediaRecord } from "./store-media";

// A message's media for the agents' browsers, always from the app: they never load customer media from another host
// (the pages' CSP allows images and media from 'self' only). Our own uploads are served from their stored copy (found
// by the CDN URI the message names); a customer's media is fetched once from the URL its webhook named (bounded in
// time and size), kept, and served from the copy afterwards.

type AttachmentRef = { url: string; kind: MediaKind | null; filename: string | null };

function record(value: unknown): Record<string, unknown> | null {
  return value && typeof value === "object" && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : null;
}

/**
 * The media a stored message content names: an attachment, a sticker, or a buttons message's header; with
 * `part: "referral"`, the thumbnail of the ad a customer came from (§5.5 referral).
 */
function attachmentOf(content: unknown, part: "referral" | null = null): AttachmentRef | null {
  const c = record(content);
  if (!c) return null;
  if (part === "referral") {
    const referral = record(c.referral);
    const url = [referral?.thumbnailUrl, referral?.imageUrl].find(
      (v): v is string => typeof v === "string" && /^https?:\/\//i.test(v),
    );
    return url ? { url, kind: "image", filename: null } : null;
  }
  const attachments = Array.isArray(c.attachments) ? c.attachments : [];
  const header = record(record(c.replyButtonMessage)?.header)?.attachment;
  const sticker = record(c.sticker);
  for (const [candidate, fallbackKind] of [
    [attachments[0], null],
    [c.attachment, null],
    [header, null],
    [sticker, "sticker"],
  ] as const) {
    const a = record(candidate);
    if (!a || typeof a.url !== "string" || !/^https?:\/\//i.test(a.url)) continue;
    const type = typeof a.type === "string" ? a.type : fallbackKind;
    return {
      url: a.url,
      kind: (MEDIA_KINDS as readonly string[]).includes(type ?? "") ? (type as MediaKind) : fallbackKind,
      filename: typeof a.filename === "string" ? a.filename : null,
    };
  }
  return null;
}

export async function messageMedia(messageId: string, part: "referral" | null = null): Promise<MediaRecord> {
  const message = await db.message.findUnique({ where: { id: messageId }, select: { content: true } });
  const ref = message ? attachmentOf(message.content, part) : null;
  if (!ref) throw new AppError("NOT_FOUND", "This message has no media.");
  const stored = await findMediaByUrl(ref.url);
  if (stored) return stored;
  return fetchAndStore(ref);
}

/** A stored copy of a URL for a preview (a template header we uploaded); never fetched on demand. */
export async function storedMediaForUrl(url: string): Promise<MediaRecord> {
  const stored = /^https?:\/\//i.test(url) ? await findMediaByUrl(url) : null;
  if (!stored)
    throw new AppError("NOT_FOUND", "No copy of this file is kept here: only uploaded files are previewed.");
  return stored;
}

async function fetchAndStore(ref: AttachmentRef): Promise<MediaRecord> {
  const signal = AbortSignal.timeout(INBOUND_MEDIA_TIMEOUT_MS);
  let response: Response;
  try {
    response = await fetch(ref.url, { signal, redirect: "follow", headers: { accept: "*/*" } });
  } catch (error) {
    log("media").warn({ err: (error as Error).message }, "inbound media fetch failed");
    const timedOut = (error as { name?: string }).name === "TimeoutError";
    throw new AppError(
      timedOut ? "UPSTREAM_TIMEOUT" : "UPSTREAM_ERROR",
      timedOut
        ? "The customer's file took too long to download. Try again later."
        : "The customer's file could not be downloaded.",
    );
  }
  if (!response.ok) {
    await response.body?.cancel().catch(() => {});
    throw new AppError(
      "UPSTREAM_ERROR",
      `The customer's file could not be downloaded (HTTP ${response.status}); the link may have expired.`,
    );
  }
  const length = Number(response.headers.get("content-length") ?? "NaN");
  try {
    const stored = await storeInbound(response.body, {
      kind: ref.kind,
      contentType: response.headers.get("content-type") ?? "",
      sourceUrl: ref.url,
      filename: ref.filename,
      declaredLength: Number.isFinite(length) ? length : null,
    });
    return { ...stored, cdnUri: null };
  } catch (error) {
    if ((error as { name?: string }).name === "TimeoutError" || signal.aborted) {
      throw new AppError(
        "UPSTREAM_TIMEOUT",
        "The customer's file took too long to download. Try again later.",
      );
    }
    throw error;
  }
}
