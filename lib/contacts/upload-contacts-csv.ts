"use client";

import { uploadWithProgress } from "../api-client/upload-with-progress";
import type { ContactImportSummary } from "./import-contacts";
import type { ContactImportInput } from "./schemas";

/** Uploads the CSV as the raw request body, which the server streams into the import (as the campaign upload does). */
export async function uploadContactsCsv(
  file: File,
  settings: ContactImportInput,
  onProgress: (fraction: number) => void,
): Promise<ContactImportSummary> {
  const query = new URLSearchParams({ settings: JSON.stringify(settings) });
  const body = await uploadWithProgress(`/api/contacts/import?${query}`, file, "text/csv", onProgress);
  return (body as { import: ContactImportSummary }).import;
}
