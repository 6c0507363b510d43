"use client";

import { apiErrorFrom } from "../api-client/fetch";
import { uploadWithProgress } from "../api-client/upload-with-progress";
import type { CsvInspection } from "./csv";
import type { CsvImportInput } from "./schemas";
import type { ImportSummary } from "./import-audience";

/** Uploads the CSV file as the raw request body, which the server streams into the import. */
export async function uploadCsv(
  campaignId: string,
  file: File,
  settings: CsvImportInput,
  onProgress: (fraction: number) => void,
): Promise<ImportSummary> {
  const query = new URLSearchParams({ settings: JSON.stringify(settings) });
  const body = await uploadWithProgress(
    `/api/campaigns/${campaignId}/audience/csv?${query}`,
    file,
    "text/csv",
    onProgress,
  );
  return (body as { import: ImportSummary }).import;
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
