"use client";

import { ApiError, apiErrorFrom } from "./fetch";

/**
 * POSTs a file as the raw request body (the server streams it) and resolves with the JSON answer. XMLHttpRequest
 * rather than apiFetch because fetch reports no upload progress; errors come back as the same ApiError.
 */
export function uploadWithProgress(
  url: string,
  file: File,
  contentType: string,
  onProgress: (fraction: number) => void,
): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", url);
    xhr.setRequestHeader("Content-Type", contentType);
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress(e.loaded / e.total);
    };
    xhr.onerror = () =>
      reject(new ApiError(0, "NETWORK", "Could not reach the server. Check your connection and try again."));
    xhr.onload = () => {
      let body: unknown = null;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        // not JSON: fall through with the status
      }
      if (xhr.status >= 200 && xhr.status < 300) resolve(body);
      else reject(apiErrorFrom(xhr.status, body, "Upload failed"));
    };
    xhr.send(file);
  });
}
