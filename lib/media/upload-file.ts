import { formatBytes, MEDIA_MIME_TYPES, type UploadKind } from "../connectly/media";
import { checkUpload, SNIFF_BYTES } from "./media-type";
import type { UploadedMediaDto } from "./upload-media";

// The browser side of an upload: the same check as the server (first bytes, declared type, size) before anything
// is sent, then the raw file as the body with progress (XMLHttpRequest: fetch reports no upload progress).

export type UploadRoute = "/api/media/messages" | "/api/media/template-headers";

/** `accept` for a file picker that offers what WhatsApp takes in these kinds. */
export function acceptFor(kinds: readonly UploadKind[]): string {
  const extensions: Record<UploadKind, string[]> = {
    image: [".jpg", ".jpeg", ".png"],
    video: [".mp4", ".3gp"],
    audio: [".aac", ".m4a", ".mp3", ".amr", ".ogg", ".opus"],
    document: [".pdf", ".txt", ".doc", ".docx", ".xls", ".xlsx", ".ppt", ".pptx"],
  };
  return kinds.flatMap((k) => [...MEDIA_MIME_TYPES[k], ...extensions[k]]).join(",");
}

/** Null when the file may be uploaded here; otherwise the reason, in the words the server would use. */
export async function precheckFile(file: File, kinds: readonly UploadKind[]): Promise<string | null> {
  const head = new Uint8Array(await file.slice(0, SNIFF_BYTES).arrayBuffer());
  const check = checkUpload({ head, declaredMime: file.type, size: file.size, allowedKinds: kinds });
  return check.ok ? null : check.message;
}

class UploadError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = "UploadError";
  }
}

export function uploadFile(
  file: File,
  route: UploadRoute,
  options: { onProgress?: (fraction: number) => void; signal?: AbortSignal } = {},
): Promise<UploadedMediaDto> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", route);
    xhr.responseType = "json";
    if (file.type) xhr.setRequestHeader("content-type", file.type);
    xhr.setRequestHeader("x-file-name", encodeURIComponent(file.name));
    xhr.upload.onprogress = (e) => e.lengthComputable && options.onProgress?.(e.loaded / e.total);
    xhr.onload = () => {
      const body = xhr.response as { media?: UploadedMediaDto; error?: { message?: string } } | null;
      if (xhr.status === 201 && body?.media) resolve(body.media);
      else
        reject(
          new UploadError(body?.error?.message ?? `The upload failed (HTTP ${xhr.status}).`, xhr.status),
        );
    };
    xhr.onerror = () => reject(new UploadError("The upload failed: the connection dropped. Try again.", 0));
    xhr.onabort = () => reject(new UploadError("Upload cancelled.", 0));
    options.signal?.addEventListener("abort", () => xhr.abort(), { once: true });
    xhr.send(file);
  });
}

export { formatBytes };
