"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import type { UploadKind } from "../../connectly/media";
import { precheckFile, uploadFile, type UploadRoute } from "../upload-file";
import type { UploadedMediaDto } from "../upload-media";

export type PendingUpload = {
  file: File;
  /** A blob: URL of an image, for the chip's thumbnail. */
  thumbnailUrl: string | null;
  state: "checking" | "uploading" | "ready" | "failed";
  progress: number;
  media: UploadedMediaDto | null;
  error: string | null;
};

/**
 * One file on its way: checked in the browser first (type from its bytes, WhatsApp's size limit), then uploaded at
 * once with progress, so the CDN URI is ready by the time the user sends. Attaching another file or clearing cancels
 * the one in flight.
 */
export function useUpload(route: UploadRoute, kinds: readonly UploadKind[]) {
  const [upload, setUpload] = useState<PendingUpload | null>(null);
  const controller = useRef<AbortController | null>(null);
  const thumbnail = useRef<string | null>(null);

  const release = useCallback(() => {
    controller.current?.abort();
    controller.current = null;
    if (thumbnail.current) URL.revokeObjectURL(thumbnail.current);
    thumbnail.current = null;
  }, []);
  useEffect(() => release, [release]);

  const clear = useCallback(() => {
    release();
    setUpload(null);
  }, [release]);

  const attach = useCallback(
    async (file: File) => {
      release();
      const abort = new AbortController();
      controller.current = abort;
      const thumbnailUrl = /^image\/(jpeg|png)$/.test(file.type) ? URL.createObjectURL(file) : null;
      thumbnail.current = thumbnailUrl;
      const base = { file, thumbnailUrl, progress: 0, media: null };
      setUpload({ ...base, state: "checking", error: null });
      const problem = await precheckFile(file, kinds);
      if (abort.signal.aborted) return;
      if (problem) {
        setUpload({ ...base, state: "failed", error: problem });
        return;
      }
      setUpload({ ...base, state: "uploading", error: null });
      try {
        const media = await uploadFile(file, route, {
          signal: abort.signal,
          onProgress: (progress) =>
            setUpload((u) => (u && u.file === file && u.state === "uploading" ? { ...u, progress } : u)),
        });
        if (!abort.signal.aborted)
          setUpload((u) => (u && u.file === file ? { ...u, state: "ready", progress: 1, media } : u));
      } catch (error) {
        if (!abort.signal.aborted)
          setUpload((u) =>
            u && u.file === file ? { ...u, state: "failed", error: (error as Error).message } : u,
          );
      }
    },
    [kinds, release, route],
  );

  return { upload, attach, clear };
}
