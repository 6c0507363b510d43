import "server-only";
import { AppError } from "../app-error";
import { connectly } from "../connectly/config";
import { ConnectlyError } from "../connectly/client";
import { buildCreateAssetBody, parseAssetAnswer, UPLOAD_KINDS, type UploadKind } from "../connectly/media";
import { db } from "../db";
import { log } from "../observability/logger";
import { upstreamFailure } from "../settings/webhook-upstream";
import { signedMediaUrl } from "./signed-media-url";
import { cleanFilename, storeUpload } from "./store-media";

export type UploadPurpose = "MESSAGE" | "TEMPLATE_HEADER";

export type UploadedMediaDto = {
  id: string;
  kind: UploadKind;
  mimeType: string;
  filename: string | null;
  size: number;
  /** Connectly's CDN URI (§9.2): what a send or a template header names. */
  cdnUri: string;
  /** Where the dashboard shows it (session-checked). */
  previewUrl: string;
};

/**
 * Stores the body (checked against WhatsApp's limits as it streams), registers it with Connectly through
 * `POST assets` with a signed, expiring link to it under APP_URL, and keeps the CDN URI Connectly answers. When
 * Connectly refuses, the stored file is removed and the refusal explained.
 */
export async function uploadMedia(
  source: {
    body: ReadableStream<Uint8Array> | null;
    contentType: string;
    contentLength: number | null;
    filename: string | null;
  },
  purpose: UploadPurpose,
  uploadedById: string,
): Promise<UploadedMediaDto> {
  const stored = await storeUpload(
    { body: source.body, declaredMime: source.contentType, declaredLength: source.contentLength },
    { purpose, allowedKinds: UPLOAD_KINDS[purpose], filename: cleanFilename(source.filename), uploadedById },
  );
  let asset: { id: string | null; cdnUri: string } | null;
  try {
    const answer = await connectly().createAsset(
      buildCreateAssetBody({ sourceUrl: signedMediaUrl(stored.id).url, id: stored.id }),
    );
    asset = parseAssetAnswer(answer);
  } catch (error) {
    await db.mediaObject.delete({ where: { id: stored.id } }).catch(() => {});
    if (error instanceof ConnectlyError)
      log("media").warn({ status: error.status, code: error.code }, "create asset refused");
    upstreamFailure(error, "hand the file to Connectly");
  }
  if (!asset) {
    await db.mediaObject.delete({ where: { id: stored.id } }).catch(() => {});
    throw new AppError(
      "UPSTREAM_ERROR",
      "Connectly accepted the file but did not say where it is hosted. Try again.",
    );
  }
  await db.mediaObject.update({
    where: { id: stored.id },
    data: { cdnUri: asset.cdnUri, assetId: asset.id ?? stored.id },
  });
  return {
    id: stored.id,
    kind: stored.kind as UploadKind,
    mimeType: stored.mimeType,
    filename: stored.filename,
    size: stored.size,
    cdnUri: asset.cdnUri,
    previewUrl: `/api/media/${stored.id}`,
  };
}
