"use client";

import { ApiError, apiErrorFrom } from "../api-client/fetch";
import type { CsvInspection } from "./csv";
import type { CsvImportInput } from "./schemas";
import type { ImportSummary } from "./import-audience";

/**
 * Uploads the CSV file as the raw request body, which the server streams into the import. XMLHttpRequest
 * rather than apiFetch because fetch reports no upload progress; errors come back as the same ApiError.
 */
export function uploadCsv(
  campaignId: string,
  file: File,
  settings: CsvImportInput,
  onProgress: (fraction: number) => void,
): Promise<ImportSummary> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    const query = new URLSearchParams({ settings: JSON.stringify(settings) });
    xhr.open("POST", `/api/campaigns/${campaignId}/audience/csv?${query}`);
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
        resolve((body as { import: ImportSummary }).import);
        return;
      }
      reject(apiErrorFrom(xhr.status, body, "Upload failed"));
    };
    xhr.send(file);
  });
}

/** The first bytes of the file, for the column mapping (the server parses them exactly as the import will). */
export async function inspectCsvFile(file: File, delimiter?: string) {
  const head = file.slice(0, 64 * 1024);
  const query = new URLSearchParams();
  if (file.size > 64 * 1024) query.set("truncated", "1");
  if (delimiter) query.set("delimiter", delimiter);
  const res = await fetch(`/api/campaigns/csv-inspect?${query}`, {
    method: "POST",
    body: head,
    credentials: "same-origin",
  });
  const json = (await res.json().catch(() => null)) as { inspection?: CsvInspection } | null;
  if (!res.ok || !json?.inspection) throw apiErrorFrom(res.status, json, "Could not read the file");
  return json.inspection;
}
