"use client";

import { apiFetch } from "../api-client/fetch";
import type { ImportSummary } from "./import-audience";
import type { ContactsFilter, VariablesMapping } from "./schemas";

// The campaign builder's audience calls other than the CSV upload (upload-csv.ts): dry-run counts while the
// manager picks contacts or a segment, then the import itself.

export type AudiencePreview = {
  matching: number;
  optedOut: number;
  sample: { name: string | null; address: string }[];
};

/** How many contacts a filter picks (nothing is imported). */
export async function previewContactsAudience(
  campaignId: string,
  filter: ContactsFilter,
  signal?: AbortSignal,
): Promise<AudiencePreview> {
  const { preview } = await apiFetch<{ preview: AudiencePreview }>(
    `/api/campaigns/${campaignId}/audience/contacts`,
    { body: { filter, variables: {}, dryRun: true }, signal },
  );
  return preview;
}

/** How many contacts a segment holds now (nothing is planned). */
export async function previewSegmentAudience(
  campaignId: string,
  segmentId: string,
  signal?: AbortSignal,
): Promise<AudiencePreview> {
  const { preview } = await apiFetch<{ preview: AudiencePreview }>(
    `/api/campaigns/${campaignId}/audience/segment`,
    { body: { segmentId, variables: {}, dryRun: true }, signal },
  );
  return preview;
}

/** Plans a segment as the audience: its recipients are picked at launch. */
export async function planSegmentAudience(
  campaignId: string,
  input: { segmentId: string; variables: VariablesMapping },
): Promise<void> {
  await apiFetch(`/api/campaigns/${campaignId}/audience/segment`, { body: input });
}

/** Imports the contacts a filter picks as recipients. */
export async function importContactsAudience(
  campaignId: string,
  input: { filter: ContactsFilter; variables: VariablesMapping },
): Promise<ImportSummary> {
  const { import: summary } = await apiFetch<{ import: ImportSummary }>(
    `/api/campaigns/${campaignId}/audience/contacts`,
    { body: input },
  );
  return summary;
}
