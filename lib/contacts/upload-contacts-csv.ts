"use client";

import { ApiError, apiErrorFrom } from "../api-client/fetch";
import type { ContactImportSummary } from "./import-contacts";
import type { ContactImportInput } from "./schemas";

/** Uploads the CSV as the raw request body, which the server streams into the import (as the campaign upload does). */
export function uploadContactsCsv(
  file: File,
  settings: ContactImportInput,
  onProgress: (fraction: number) => void,
): Promise<ContactImportSummary> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", `/api/contacts/import?${new URLSearchParams({ settings: JSON.stringify(settings) })}`);
    xhr.setRequestHeader("Content-Type", "text/csv");
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
      if (xhr.status >= 200 && xhr.status < 300) {
        resolve((body as { import: ContactImportSummary }).import);
        return;
      }
      reject(apiErrorFrom(xhr.status, body, "Upload failed"));
    };
    xhr.send(file);
  });
}
