"use client";

import { Field } from "@/components/ui/field";
import { Select } from "@/components/ui/input";

import { Dialog } from "@/components/ui/dialog";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";

import type { CsvInspection } from "@/lib/campaigns/csv";
import type { CountryOption } from "@/lib/campaigns/phone";
import { inspectCsvFile } from "@/lib/campaigns/upload-csv";
import type { ContactImportSummary } from "@/lib/contacts/import-contacts";
import { contactAttributesOptions, contactKeys } from "@/lib/contacts/queries";
import { attributeKeyFrom, type AttributeType, type ContactImportInput } from "@/lib/contacts/schemas";
import { uploadContactsCsv } from "@/lib/contacts/upload-contacts-csv";
import { Button } from "@/components/ui/button";

// Column targets: identity columns, an existing field ("attr:<key>"), a new field of a type ("new:<TYPE>"), or nothing.
type Target = "ignore" | "name" | "phone" | "bsuid" | `attr:${string}` | `new:${AttributeType}`;
const NEW_TYPES: { type: AttributeType; label: string }[] = [
  { type: "TEXT", label: "New text field" },
  { type: "NUMBER", label: "New number field" },
  { type: "DATE", label: "New date field (YYYY-MM-DD)" },
  { type: "BOOLEAN", label: "New yes/no field" },
];

export function ContactImportDialog({
  onClose,
  countries,
}: {
  onClose: () => void;
  countries: CountryOption[];
}) {
  const queryClient = useQueryClient();
  const attributes = useQuery(contactAttributesOptions());
  const [file, setFile] = useState<File | null>(null);
  const [inspection, setInspection] = useState<CsvInspection | null>(null);
  const [targets, setTargets] = useState<Record<string, Target>>({});
  const [country, setCountry] = useState<string>("");
  const [progress, setProgress] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [summary, setSummary] = useState<ContactImportSummary | null>(null);
  const known = attributes.data?.attributes ?? [];

  async function pick(next: File | null) {
    setFile(next);
    setInspection(null);
    setError(null);
    setSummary(null);
    if (!next) return;
    try {
      const found = await inspectCsvFile(next);
      setInspection(found);
      setTargets(
        Object.fromEntries(
          found.headers.map((h) => [
            h,
            guess(
              h,
              found.addressColumn,
              known.map((k) => k.key),
            ),
          ]),
        ),
      );
    } catch (e) {
      setError((e as Error).message);
    }
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!file || !inspection) return;
    const column = (t: Target) => Object.entries(targets).find(([, v]) => v === t)?.[0];
    const settings: ContactImportInput = {
      fileName: file.name.slice(0, 255),
      delimiter: inspection.delimiter,
      defaultCountry: country || null,
      phoneColumn: column("phone"),
      bsuidColumn: column("bsuid"),
      nameColumn: column("name"),
      attributes: Object.entries(targets).flatMap(([col, t]) => {
        if (t.startsWith("attr:")) {
          const key = t.slice(5);
          return [{ column: col, key, type: known.find((k) => k.key === key)?.type ?? "TEXT" }];
        }
        if (t.startsWith("new:"))
          return [{ column: col, key: attributeKeyFrom(col), type: t.slice(4) as AttributeType }];
        return [];
      }),
    };
    setError(null);
    setProgress(0);
    try {
      setSummary(await uploadContactsCsv(file, settings, setProgress));
      await queryClient.invalidateQueries({ queryKey: contactKeys.all });
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setProgress(null);
    }
  }

  const identityPicked = Object.values(targets).some((t) => t === "phone" || t === "bsuid");
  const setTarget = (header: string, t: Target) => {
    // Name, phone and BSUID go to one column each: picking one elsewhere frees the previous column.
    const next = { ...targets };
    if (t === "name" || t === "phone" || t === "bsuid")
      for (const [h, v] of Object.entries(next)) if (v === t) next[h] = "ignore";
    next[header] = t;
    setTargets(next);
  };

  return (
    <Dialog
      open
      onClose={onClose}
      title="Import contacts"
      description="A CSV with a phone number or BSUID per row. Known contacts are updated, not duplicated."
      wide
    >
      {summary ? (
        <div className="space-y-3 text-sm" role="status" data-testid="import-summary">
          <p className="font-medium text-slate-800">
            {summary.totalRows.toLocaleString()} rows: {summary.created.toLocaleString()} new,{" "}
            {summary.updated.toLocaleString()} updated, {summary.rejected.toLocaleString()} not imported.
          </p>
          {summary.attributesCreated.length > 0 ? (
            <p className="text-slate-600">New fields: {summary.attributesCreated.join(", ")}</p>
          ) : null}
          {summary.errors.length > 0 ? (
            <div>
              <p className="font-medium text-slate-800">Rows not imported</p>
              <ul className="mt-1 max-h-56 overflow-y-auto rounded-lg border border-slate-200 text-xs">
                {summary.errors.map((e) => (
                  <li key={e.row} className="border-b border-slate-100 px-2 py-1 last:border-0">
                    Row {e.row}: {e.message}
                  </li>
                ))}
              </ul>
              {summary.rejected > summary.errors.length ? (
                <p className="mt-1 text-xs text-slate-500">The first {summary.errors.length} are listed.</p>
              ) : null}
            </div>
          ) : null}
          <Button onClick={onClose} variant="primary">
            Done
          </Button>
        </div>
      ) : (
        <form onSubmit={(e) => void submit(e)} className="space-y-4 text-sm">
          <label className="block">
            <span className="block font-medium text-slate-700">CSV file</span>
            {/* eslint-disable-next-line no-restricted-syntax -- A native file input: the kit has no file picker and the label names it for the keyboard. */}
            <input
              type="file"
              accept=".csv,text/csv,text/plain"
              onChange={(e) => void pick(e.target.files?.[0] ?? null)}
              className="mt-1 block w-full text-sm"
            />
          </label>
          {inspection ? (
            <>
              <table className="w-full table-fixed text-left">
                <thead className="text-xs text-slate-500 uppercase">
                  <tr>
                    <th className="py-1 font-medium">Column</th>
                    <th className="py-1 font-medium">Becomes</th>
                  </tr>
                </thead>
                <tbody>
                  {inspection.headers.map((h) => (
                    <tr key={h} className="border-t border-slate-100">
                      <td className="py-1.5 pr-2 align-top">
                        <span className="block truncate font-medium text-slate-800">{h}</span>
                        <span className="block truncate text-xs text-slate-500">
                          {inspection.sampleRows[0]?.[h] ?? ""}
                        </span>
                      </td>
                      <td className="py-1.5">
                        <Select
                          aria-label={`What the column ${h} becomes`}
                          value={targets[h] ?? "ignore"}
                          onChange={(e) => setTarget(h, e.target.value as Target)}
                        >
                          <option value="ignore">Ignore</option>
                          <option value="phone">Phone number</option>
                          <option value="bsuid">BSUID</option>
                          <option value="name">Name</option>
                          {known.map((k) => (
                            <option key={k.key} value={`attr:${k.key}`}>
                              Field: {k.label}
                            </option>
                          ))}
                          {NEW_TYPES.map((n) => (
                            <option key={n.type} value={`new:${n.type}`}>
                              {n.label} “{attributeKeyFrom(h)}”
                            </option>
                          ))}
                        </Select>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
              <Field label="Country of numbers without +">
                <Select value={country} onChange={(e) => setCountry(e.target.value)}>
                  <option value="">None: every number has +country code</option>
                  {countries.map((c) => (
                    <option key={c.code} value={c.code}>
                      {c.name} (+{c.callingCode})
                    </option>
                  ))}
                </Select>
              </Field>
              {!identityPicked ? (
                <p className="text-xs text-red-700">Pick the column with the phone number or the BSUID.</p>
              ) : null}
            </>
          ) : null}
          {error ? (
            <p role="alert" className="text-red-700">
              {error}
            </p>
          ) : null}
          <div className="flex items-center gap-3">
            <Button
              type="submit"
              disabled={!inspection || !identityPicked || progress !== null}
              variant="primary"
            >
              {progress !== null ? `Importing… ${Math.round(progress * 100)}%` : "Import"}
            </Button>
            <Button onClick={onClose}>Cancel</Button>
          </div>
        </form>
      )}
    </Dialog>
  );
}

function guess(header: string, addressColumn: string | null, knownKeys: string[]): Target {
  if (header === addressColumn) return /bsuid/i.test(header) ? "bsuid" : "phone";
  if (/bsuid/i.test(header)) return "bsuid";
  if (/^(full ?)?name$|^customer$|^nombre$|^nome$/i.test(header.trim())) return "name";
  const key = attributeKeyFrom(header);
  return knownKeys.includes(key) ? `attr:${key}` : "new:TEXT";
}
