"use client";

import { Button, buttonClasses } from "@/components/ui/button";
import { Field, FormError } from "@/components/ui/field";
import { Input, Select } from "@/components/ui/input";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useEffect, useRef, useState } from "react";
import { FileIcon, TrashIcon, UploadIcon, UsersIcon } from "@/components/ui/icons";
import {
  audienceFrom,
  audienceProblem,
  audienceSource,
  segmentAudience,
  withFilter,
  withInspection,
  type AudienceDraft,
  type ContactsAudience,
  type CsvAudience,
} from "@/lib/campaigns/audience-draft";
import { previewContactsAudience, previewSegmentAudience } from "@/lib/campaigns/audience-client";
import { useCampaignActions } from "@/lib/campaigns/hooks/use-campaign-actions";
import type { CountryOption } from "@/lib/campaigns/phone";
import type { CampaignDetailDto } from "@/lib/campaigns/read-models";
import { CSV_DELIMITERS, type ContactsFilter } from "@/lib/campaigns/schemas";
import { inspectCsvFile } from "@/lib/campaigns/upload-csv";
import { parseJsonOrUndefined } from "@/lib/safe-decode";
import { segmentsOptions } from "@/lib/segments/queries";
import { CountrySelect } from "./country-select";
import { fmt } from "./format";
import { cardClass, hintClass, labelClass } from "./ui";
import { ErrorNote } from "@/components/ui/card";

const DELIMITER_LABELS: Record<(typeof CSV_DELIMITERS)[number], string> = {
  ",": "Comma ( , )",
  ";": "Semicolon ( ; )",
  "\t": "Tab",
  "|": "Pipe ( | )",
};

/** Who receives it: a CSV (inspected here, uploaded at the next step) and/or existing contacts by filter. */
export function StepAudience({
  campaign,
  audience,
  onChange,
  countries,
  onDone,
  onSkip,
}: {
  campaign: CampaignDetailDto;
  audience: AudienceDraft;
  onChange: (a: AudienceDraft) => void;
  countries: CountryOption[];
  onDone: () => void;
  onSkip: () => void;
}) {
  const { clearAudience } = useCampaignActions(campaign.id);
  const ready = audienceProblem(audience) === null;
  const current = audienceSource(audience);

  return (
    <div className="space-y-5">
      {campaign.sources.length > 0 ? (
        <section className={cardClass} aria-labelledby="audience-so-far">
          <div className="flex flex-wrap items-start justify-between gap-3">
            <div>
              <h2 id="audience-so-far" className="font-medium text-slate-900">
                Audience so far: {fmt(campaign.counts.total)} recipients
              </h2>
              <ul className="mt-2 space-y-1 text-sm text-slate-600">
                {campaign.sources.map((s) => (
                  <li key={s.id} className="flex items-center gap-2">
                    {s.kind === "CSV" ? (
                      <FileIcon className="text-slate-500" />
                    ) : (
                      <UsersIcon className="text-slate-500" />
                    )}
                    {s.status === "PLANNED" ? (
                      <>Segment “{s.fileName}”: picked when you send</>
                    ) : (
                      <>
                        {s.kind === "CSV"
                          ? (s.fileName ?? "CSV upload")
                          : s.kind === "SEGMENT"
                            ? `Segment “${s.fileName ?? ""}”`
                            : "Existing contacts"}
                        : {fmt(s.acceptedRows)} added
                        {s.rejectedRows > 0 ? `, ${fmt(s.rejectedRows)} rejected` : ""}
                      </>
                    )}
                  </li>
                ))}
              </ul>
            </div>
            <div className="flex gap-2">
              <Button
                variant="danger"
                disabled={clearAudience.isPending}
                onClick={() => clearAudience.mutate()}
              >
                <TrashIcon /> Clear audience
              </Button>
              <Button onClick={onSkip}>Go to review</Button>
            </div>
          </div>
          <p className={hintClass}>
            Add another list below: numbers already in the audience are skipped as duplicates.
          </p>
        </section>
      ) : null}

      <section className={cardClass} aria-labelledby="audience-heading">
        <h2 id="audience-heading" className="font-medium text-slate-900">
          {campaign.sources.length > 0 ? "Add recipients" : "Who should receive it?"}
        </h2>
        <div
          role="radiogroup"
          aria-label="Audience source"
          className="mt-3 grid grid-cols-1 gap-3 sm:grid-cols-3"
        >
          {(
            [
              {
                mode: "csv",
                title: "Upload a CSV",
                body: "Up to 100,000 rows: a phone number (or BSUID) per row, plus columns for the variables.",
              },
              {
                mode: "contacts",
                title: "Existing contacts",
                body: "Customers who already wrote to you, filtered by name, activity or conversation status.",
              },
              {
                mode: "segment",
                title: "Segment",
                body: "A saved segment (labels, engagement, activity), picked again when you send.",
              },
            ] as const
          ).map((option) => (
            <label
              key={option.mode}
              className={`cursor-pointer rounded-lg border p-3 focus-within:ring-2 focus-within:ring-emerald-500 ${
                current === option.mode
                  ? "border-emerald-500 bg-emerald-50/50"
                  : "border-slate-200 hover:bg-slate-50"
              }`}
            >
              {/* eslint-disable-next-line no-restricted-syntax -- Visually hidden: the whole card is its label, styled from the checked state. */}
              <input
                type="radio"
                name="audience-mode"
                className="sr-only"
                checked={current === option.mode}
                onChange={() => onChange(audienceFrom(option.mode))}
              />
              <span className="block text-sm font-medium text-slate-900">{option.title}</span>
              <span className="mt-0.5 block text-xs text-slate-500">{option.body}</span>
            </label>
          ))}
        </div>

        {audience.mode === "csv" ? (
          <CsvSource audience={audience} onChange={onChange} countries={countries} />
        ) : audience.segmentId !== undefined ? (
          <SegmentSource campaignId={campaign.id} audience={audience} onChange={onChange} />
        ) : (
          <ContactsSource campaignId={campaign.id} audience={audience} onChange={onChange} />
        )}

        <div className="mt-6 flex justify-end">
          <Button variant="primary" disabled={!ready} onClick={onDone}>
            Continue to variables
          </Button>
        </div>
      </section>
    </div>
  );
}

function CsvSource({
  audience,
  onChange,
  countries,
}: {
  audience: CsvAudience;
  onChange: (a: AudienceDraft) => void;
  countries: CountryOption[];
}) {
  const [error, setError] = useState<string | null>(null);
  const [reading, setReading] = useState(false);
  const [dragging, setDragging] = useState(false);
  const inputRef = useRef<HTMLInputElement>(null);

  async function read(file: File, delimiter?: string) {
    setError(null);
    if (!/\.(csv|txt|tsv)$/i.test(file.name) && file.type !== "text/csv") {
      setError(
        `"${file.name}" does not look like a CSV file. Export the spreadsheet as CSV (UTF-8) and try again.`,
      );
      return;
    }
    setReading(true);
    try {
      const inspection = await inspectCsvFile(file, delimiter);
      if (inspection.headers.length === 0)
        throw new Error("The file is empty: it needs a header row and at least one data row.");
      onChange(withInspection(audience, file, inspection));
    } catch (err) {
      setError(err instanceof Error ? err.message : "Could not read the file.");
    } finally {
      setReading(false);
    }
  }

  const { inspection, file } = audience;
  return (
    <div className="mt-5 space-y-5">
      <div
        onDragOver={(e) => {
          e.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={(e) => {
          e.preventDefault();
          setDragging(false);
          const dropped = e.dataTransfer.files[0];
          if (dropped) void read(dropped);
        }}
        className={`flex flex-col items-center rounded-xl border-2 border-dashed px-6 py-8 text-center ${dragging ? "border-emerald-500 bg-emerald-50" : "border-slate-300"}`}
      >
        <UploadIcon className="h-6 w-6 text-slate-500" />
        <p className="mt-2 text-sm text-slate-700">
          {file ? (
            <>
              <span className="font-medium">{file.name}</span> ·{" "}
              {(file.size / 1024).toFixed(file.size < 10_240 ? 1 : 0)} KB
            </>
          ) : (
            "Drop a CSV file here, or"
          )}
        </p>
        <label
          className={`${buttonClasses()} mt-3 cursor-pointer focus-within:ring-2 focus-within:ring-emerald-500`}
        >
          {file ? "Choose another file" : "Choose a file"}
          {/* eslint-disable-next-line no-restricted-syntax -- A native file input (the kit has no file picker), opened by the drop zone's button. */}
          <input
            ref={inputRef}
            type="file"
            accept=".csv,.tsv,.txt,text/csv"
            aria-label="CSV file"
            className="sr-only"
            onChange={(e) => {
              const chosen = e.target.files?.[0];
              if (chosen) void read(chosen);
              e.target.value = "";
            }}
          />
        </label>
        <p className={hintClass}>
          UTF-8, comma or semicolon separated, first row = column names. Excel: Save as → CSV UTF-8.
        </p>
      </div>
      {reading ? <p className="text-sm text-slate-500">Reading the columns…</p> : null}
      <FormError message={error ?? undefined} className="p-3" />

      {inspection && file ? (
        <>
          <div className="grid grid-cols-1 gap-4 sm:grid-cols-3">
            <Field
              id="address-column"
              label="Phone number or BSUID column"
              error={audienceProblem(audience) ?? undefined}
            >
              <Select
                value={audience.addressColumn}
                onChange={(e) => onChange({ ...audience, addressColumn: e.target.value })}
              >
                <option value="">Choose a column…</option>
                {inspection.headers.map((h) => (
                  <option key={h} value={h}>
                    {h}
                  </option>
                ))}
              </Select>
            </Field>
            <Field
              id="default-country"
              label="Country of numbers without +"
              hint="Numbers are converted to international format (E.164)."
            >
              <CountrySelect
                countries={countries}
                value={audience.defaultCountry ?? ""}
                onChange={(e) => onChange({ ...audience, defaultCountry: e.target.value || null })}
              />
            </Field>
            <Field id="delimiter" label="Separator" hint="Detected from the first line.">
              <Select value={audience.delimiter} onChange={(e) => void read(file, e.target.value)}>
                {CSV_DELIMITERS.map((d) => (
                  <option key={d} value={d}>
                    {DELIMITER_LABELS[d]}
                  </option>
                ))}
              </Select>
            </Field>
          </div>
          <div>
            <p className="text-sm font-medium text-slate-700">First rows</p>
            <div className="mt-2 overflow-x-auto rounded-lg border border-slate-200">
              <table className="w-full text-left text-xs">
                <thead className="bg-slate-50 text-slate-500">
                  <tr>
                    {inspection.headers.map((h) => (
                      <th
                        key={h}
                        className={`px-3 py-2 font-medium whitespace-nowrap ${h === audience.addressColumn ? "bg-emerald-50 text-emerald-800" : ""}`}
                      >
                        {h}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody className="divide-y divide-slate-100">
                  {inspection.sampleRows.map((row, i) => (
                    <tr key={i}>
                      {inspection.headers.map((h) => (
                        <td
                          key={h}
                          className="max-w-48 truncate px-3 py-1.5 whitespace-nowrap text-slate-700"
                        >
                          {row[h] || <span className="text-slate-300">empty</span>}
                        </td>
                      ))}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </div>
        </>
      ) : null}
    </div>
  );
}

/** A contacts or segment source: the audience it edits and the campaign its live count is for. */
type ContactsSourceProps = {
  campaignId: string;
  audience: ContactsAudience;
  onChange: (a: AudienceDraft) => void;
};

function ContactsSource({ campaignId, audience, onChange }: ContactsSourceProps) {
  const [error, setError] = useState<string | null>(null);
  const [optedOut, setOptedOut] = useState(0);
  const { filter } = audience;
  const key = JSON.stringify(filter);

  useEffect(() => {
    const controller = new AbortController();
    const timer = setTimeout(() => {
      previewContactsAudience(campaignId, parseJsonOrUndefined(key) as ContactsFilter, controller.signal)
        .then((preview) => {
          setError(null);
          setOptedOut(preview.optedOut);
          onChange({
            mode: "contacts",
            filter: parseJsonOrUndefined(key) as ContactsFilter,
            matching: preview.matching,
            sample: preview.sample,
          });
        })
        .catch((err: unknown) => {
          if (!controller.signal.aborted)
            setError(err instanceof Error ? err.message : "Could not count the contacts.");
        });
    }, 300);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- re-count when the filter changes, not on every parent render
  }, [campaignId, key]);

  const set = (patch: Partial<ContactsFilter>) => onChange(withFilter(audience, patch));
  return (
    <div className="mt-5 space-y-4">
      <div className="grid grid-cols-1 gap-4 sm:grid-cols-3">
        <Field id="contacts-q" label="Name or number contains">
          <Input
            value={filter.q ?? ""}
            onChange={(e) => set({ q: e.target.value || undefined })}
            placeholder="Anyone"
          />
        </Field>
        <Field id="contacts-active" label="Wrote to you within">
          <Select
            value={filter.activeWithinDays ?? ""}
            onChange={(e) => set({ activeWithinDays: e.target.value ? Number(e.target.value) : undefined })}
          >
            <option value="">Any time</option>
            <option value="1">the last 24 hours</option>
            <option value="7">the last 7 days</option>
            <option value="30">the last 30 days</option>
            <option value="90">the last 90 days</option>
          </Select>
        </Field>
        <Field id="contacts-status" label="Conversation status">
          <Select
            value={filter.conversationStatus ?? ""}
            onChange={(e) =>
              set({
                conversationStatus: (e.target.value || undefined) as ContactsFilter["conversationStatus"],
              })
            }
          >
            <option value="">Any</option>
            <option value="OPEN">Open</option>
            <option value="PENDING">Pending</option>
            <option value="RESOLVED">Resolved</option>
          </Select>
        </Field>
      </div>
      <AudienceCount
        audience={audience}
        optedOut={optedOut}
        error={error}
        counted="contacts match"
        leftOut={(n) => ` (${n} opted out and will be left out)`}
      />
    </div>
  );
}

/** A saved segment: its live count (opt-outs left out) and a few examples; recipients are picked at launch. */
function SegmentSource({ campaignId, audience, onChange }: ContactsSourceProps) {
  const segments = useQuery(segmentsOptions());
  const [error, setError] = useState<string | null>(null);
  const [optedOut, setOptedOut] = useState(0);
  const segmentId = audience.segmentId ?? "";

  useEffect(() => {
    if (!segmentId) return;
    const controller = new AbortController();
    previewSegmentAudience(campaignId, segmentId, controller.signal)
      .then((preview) => {
        setError(null);
        setOptedOut(preview.optedOut);
        onChange({
          ...segmentAudience(segmentId),
          matching: preview.matching - preview.optedOut,
          sample: preview.sample,
        });
      })
      .catch((err: unknown) => {
        if (!controller.signal.aborted)
          setError(err instanceof Error ? err.message : "Could not count the segment.");
      });
    return () => controller.abort();
    // eslint-disable-next-line react-hooks/exhaustive-deps -- re-count when the segment changes, not on every parent render
  }, [campaignId, segmentId]);

  const hint =
    "The segment is counted again when you send: customers who joined it meanwhile get the message, opted-out ones never do.";
  return (
    <div className="mt-5 space-y-4">
      {segments.isError || (segments.data && segments.data.length === 0) ? (
        <div>
          <p className={labelClass}>Segment</p>
          {segments.isError ? (
            <ErrorNote plain className="mt-1.5" what="the segments" error={segments.error} />
          ) : (
            <p className="mt-1.5 text-sm text-slate-600">
              No segments yet.{" "}
              <Link href="/segments" className="font-medium text-emerald-700 underline">
                Build one on the Segments page
              </Link>
              .
            </p>
          )}
          <p className={hintClass}>{hint}</p>
        </div>
      ) : (
        <Field id="audience-segment" label="Segment" hint={hint}>
          <Select
            className="max-w-md"
            value={segmentId}
            onChange={(e) => onChange(segmentAudience(e.target.value))}
          >
            <option value="">{segments.isPending ? "Loading…" : "Pick a segment…"}</option>
            {(segments.data ?? []).map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </Select>
        </Field>
      )}
      {segmentId ? (
        <AudienceCount
          audience={audience}
          optedOut={optedOut}
          error={error}
          counted="contacts would receive it now"
          leftOut={(n) => ` (${n} opted out are left out)`}
          testId="segment-audience-count"
        />
      ) : null}
    </div>
  );
}

/** The live count of a contacts or segment audience, with a few examples, or why it could not be counted. */
function AudienceCount({
  audience,
  optedOut,
  error,
  counted,
  leftOut,
  testId,
}: {
  audience: ContactsAudience;
  optedOut: number;
  error: string | null;
  counted: string;
  leftOut: (n: string) => string;
  testId?: string;
}) {
  if (error) return <FormError message={error} className="p-3" />;
  if (audience.matching === null)
    return (
      <p className="text-sm text-slate-700" aria-live="polite" data-testid={testId}>
        Counting…
      </p>
    );
  return (
    <p className="text-sm text-slate-700" aria-live="polite" data-testid={testId}>
      <span className="font-medium">{fmt(audience.matching)}</span> {counted}
      {optedOut > 0 ? leftOut(fmt(optedOut)) : ""}.
      {audience.sample.length > 0 ? (
        <span className="text-slate-500">
          {" "}
          For example: {audience.sample.map((s) => s.name ?? s.address).join(", ")}.
        </span>
      ) : null}
    </p>
  );
}
