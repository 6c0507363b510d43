import type { CsvInspection } from "./csv";
import type { ContactsFilter } from "./schemas";

// The campaign builder's audience step as plain data: who receives it, before anything is uploaded. The CSV
// file stays in the browser until the variables step sends it with the mapping (variables-draft.ts turns both
// into the import's request body); contacts and segments are counted live while they are picked.

export type AudienceDraft =
  | {
      mode: "csv";
      file: File | null;
      inspection: CsvInspection | null;
      addressColumn: string;
      defaultCountry: string | null;
      delimiter: string;
    }
  // segmentId set: a saved segment (planned now, its recipients picked at launch); `matching` then excludes opt-outs.
  | {
      mode: "contacts";
      filter: ContactsFilter;
      matching: number | null;
      sample: { name: string | null; address: string }[];
      segmentId?: string;
    };

export type CsvAudience = Extract<AudienceDraft, { mode: "csv" }>;
export type ContactsAudience = Extract<AudienceDraft, { mode: "contacts" }>;
/** The three sources the step offers; a segment is a contacts audience with a segment id. */
export type AudienceSource = "csv" | "contacts" | "segment";

export const emptyCsvAudience = (): CsvAudience => ({
  mode: "csv",
  file: null,
  inspection: null,
  addressColumn: "",
  defaultCountry: null,
  delimiter: ",",
});

/** A segment picked before the builder opened (the segments page, an analytics follow-up), or in the step. */
export function segmentAudience(segmentId: string): ContactsAudience {
  return { mode: "contacts", filter: {}, matching: null, sample: [], segmentId };
}

export const audienceSource = (audience: AudienceDraft): AudienceSource =>
  audience.mode === "contacts" && audience.segmentId !== undefined ? "segment" : audience.mode;

/** A fresh audience of a source (switching source starts over). */
export function audienceFrom(source: AudienceSource): AudienceDraft {
  if (source === "csv") return emptyCsvAudience();
  if (source === "segment") return segmentAudience("");
  return { mode: "contacts", filter: {}, matching: null, sample: [] };
}

/** A file read (or read again with another separator): the chosen phone column stays while the file still has it. */
export function withInspection(audience: CsvAudience, file: File, inspection: CsvInspection): CsvAudience {
  return {
    ...audience,
    file,
    inspection,
    delimiter: inspection.delimiter,
    addressColumn: inspection.headers.includes(audience.addressColumn)
      ? audience.addressColumn
      : (inspection.addressColumn ?? ""),
  };
}

/** A contacts filter with one setting changed; an empty setting is no filter. */
export function withFilter(audience: ContactsAudience, patch: Partial<ContactsFilter>): ContactsAudience {
  const filter = { ...audience.filter, ...patch };
  for (const key of Object.keys(filter) as (keyof ContactsFilter)[])
    if (filter[key] === undefined || filter[key] === "") delete filter[key];
  return { ...audience, filter };
}

/** Why the step cannot go on yet, or null: a file with its phone column, else someone to send to. */
export function audienceProblem(audience: AudienceDraft): string | null {
  if (audience.mode === "csv") {
    if (!audience.file || !audience.inspection) return "Choose a CSV file.";
    return audience.addressColumn === "" ? "Pick the column that holds the numbers." : null;
  }
  if (audience.segmentId === "") return "Pick a segment.";
  return (audience.matching ?? 0) > 0 ? null : "No contacts match yet.";
}

/** The columns a variable can come from: every column of the file but the phone column. */
export function variableColumns(audience: AudienceDraft): string[] {
  return audience.mode === "csv"
    ? (audience.inspection?.headers ?? []).filter((h) => h !== audience.addressColumn)
    : [];
}
