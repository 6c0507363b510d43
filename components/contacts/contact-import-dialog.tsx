"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useMemo, useState } from "react";
import { useForm, useWatch } from "react-hook-form";
import { CountrySelect } from "@/components/campaigns/country-select";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { Field, FieldError, FormError } from "@/components/ui/field";
import { Select } from "@/components/ui/input";
import { applyServerErrors, serverIssues } from "@/lib/api-client/form-errors";
import type { CsvInspection } from "@/lib/campaigns/csv";
import type { CountryOption } from "@/lib/campaigns/phone";
import { inspectCsvFile } from "@/lib/campaigns/upload-csv";
import {
  columnOfIssue,
  contactImportDraftSchema,
  hasIdentityColumn,
  IDENTITY_MISSING,
  importDraftFor,
  withTarget,
  type ColumnTarget,
  type ContactImportDraft,
} from "@/lib/contacts/import-draft";
import type { ContactImportSummary } from "@/lib/contacts/import-contacts";
import { contactAttributesOptions, contactKeys } from "@/lib/contacts/queries";
import { attributeKeyFrom, type AttributeType, type ContactImportInput } from "@/lib/contacts/schemas";
import { uploadContactsCsv } from "@/lib/contacts/upload-contacts-csv";

const NEW_FIELD_LABELS: Record<AttributeType, string> = {
  TEXT: "New text field",
  NUMBER: "New number field",
  DATE: "New date field (YYYY-MM-DD)",
  BOOLEAN: "New yes/no field",
};

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
  const [progress, setProgress] = useState<number | null>(null);
  const [readError, setReadError] = useState<string | null>(null);
  const [summary, setSummary] = useState<ContactImportSummary | null>(null);
  const known = useMemo(() => attributes.data?.attributes ?? [], [attributes.data]);
  const schema = useMemo(
    () =>
      contactImportDraftSchema({ name: file?.name ?? "", delimiter: inspection?.delimiter ?? "," }, known),
    [file, inspection, known],
  );
  const form = useForm<ContactImportDraft, unknown, ContactImportInput>({
    resolver: zodResolver(schema),
    defaultValues: { columns: [], defaultCountry: "" },
  });
  const { errors } = form.formState;
  const columns = useWatch({ control: form.control, name: "columns" });

  async function pick(next: File | null) {
    setFile(next);
    setInspection(null);
    setReadError(null);
    setSummary(null);
    if (!next) return;
    try {
      const found = await inspectCsvFile(next);
      setInspection(found);
      form.reset({
        columns: importDraftFor(found, known).columns,
        defaultCountry: form.getValues("defaultCountry"),
      });
    } catch (e) {
      setReadError((e as Error).message);
    }
  }

  async function submit(settings: ContactImportInput) {
    if (!file) return;
    setProgress(0);
    try {
      setSummary(await uploadContactsCsv(file, settings, setProgress));
      await queryClient.invalidateQueries({ queryKey: contactKeys.all });
    } catch (error) {
      // An issue about a column's settings (a field key, say) goes on that column's row.
      const draft = form.getValues();
      const onRows = serverIssues(error).flatMap((issue) => {
        const index = columnOfIssue(draft, issue.path);
        return index === null ? [] : [{ index, message: issue.message }];
      });
      for (const { index, message } of onRows)
        form.setError(`columns.${index}.target`, { type: "server", message });
      if (onRows.length === 0) applyServerErrors(error, form.setError, { fields: [] });
    } finally {
      setProgress(null);
    }
  }

  const identityPicked = hasIdentityColumn(columns);

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
        <form onSubmit={(e) => void form.handleSubmit(submit)(e)} className="space-y-4 text-sm" noValidate>
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
                  {columns.map(({ header }, index) => (
                    <tr key={header} className="border-t border-slate-100">
                      <td className="py-1.5 pr-2 align-top">
                        <span className="block truncate font-medium text-slate-800">{header}</span>
                        <span className="block truncate text-xs text-slate-500">
                          {inspection.sampleRows[0]?.[header] ?? ""}
                        </span>
                      </td>
                      <td className="py-1.5">
                        <Select
                          aria-label={`What the column ${header} becomes`}
                          value={columns[index]?.target ?? "ignore"}
                          invalid={Boolean(errors.columns?.[index]?.target)}
                          onChange={(e) =>
                            form.setValue(
                              "columns",
                              withTarget(form.getValues("columns"), index, e.target.value as ColumnTarget),
                              { shouldValidate: form.formState.isSubmitted },
                            )
                          }
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
                          {(Object.keys(NEW_FIELD_LABELS) as AttributeType[]).map((type) => (
                            <option key={type} value={`new:${type}`}>
                              {NEW_FIELD_LABELS[type]} “{attributeKeyFrom(header)}”
                            </option>
                          ))}
                        </Select>
                        <FieldError message={errors.columns?.[index]?.target?.message} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
              <Field label="Country of numbers without +">
                <CountrySelect countries={countries} {...form.register("defaultCountry")} />
              </Field>
              {!identityPicked ? (
                <p className="text-xs text-red-700">{IDENTITY_MISSING}</p>
              ) : (
                <FieldError message={errors.columns?.message ?? errors.columns?.root?.message} />
              )}
            </>
          ) : null}
          <FormError message={readError ?? errors.root?.server?.message} inline />
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
