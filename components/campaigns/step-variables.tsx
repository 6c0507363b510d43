"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useMemo, useState } from "react";
import { Controller, useForm, useWatch, type Control, type FieldError } from "react-hook-form";
import { TemplatePreview } from "@/components/templates/template-preview";
import { Button, buttonClasses } from "@/components/ui/button";
import { FieldError as FieldErrorLine, FormError } from "@/components/ui/field";
import { DownloadIcon } from "@/components/ui/icons";
import { Input, Select } from "@/components/ui/input";
import { applyServerErrors } from "@/lib/api-client/form-errors";
import type { AudienceDraft } from "@/lib/campaigns/audience-draft";
import { variableColumns } from "@/lib/campaigns/audience-draft";
import { importContactsAudience, planSegmentAudience } from "@/lib/campaigns/audience-client";
import type { ImportSummary } from "@/lib/campaigns/import-audience";
import { campaignKeys } from "@/lib/campaigns/queries";
import type { CampaignDetailDto } from "@/lib/campaigns/read-models";
import type {
  ContactsImportInput,
  CsvImportInput,
  SegmentAudienceInput,
  VariablesMapping,
} from "@/lib/campaigns/schemas";
import { REJECT_REASON_LABELS, type RejectReason } from "@/lib/campaigns/states";
import { uploadCsv } from "@/lib/campaigns/upload-csv";
import {
  choiceOf,
  contextOf,
  mappingOf,
  sampleValues,
  sourceFor,
  toVariablesDraft,
  variablesDraftSchema,
  type AudienceImport,
  type Choice,
  type VariablesDraft,
} from "@/lib/campaigns/variables-draft";
import { fmt } from "./format";
import { FlowValues } from "./step-flow";
import { cardClass, hintClass, variableLabel } from "./ui";

/** The first message under a variable: its own ("variables.body_1") or one of its parts' ("….column"). */
function messageOf(error: unknown): string | undefined {
  if (typeof error !== "object" || error === null) return undefined;
  const { message } = error as FieldError;
  if (typeof message === "string" && message) return message;
  for (const [key, value] of Object.entries(error))
    if (key !== "ref" && key !== "types") {
      const found = messageOf(value);
      if (found) return found;
    }
  return undefined;
}

export function StepVariables({
  campaign,
  audience,
  mapping,
  onMapping,
  onBack,
  onAddAnother,
  onDone,
}: {
  campaign: CampaignDetailDto;
  audience: AudienceDraft;
  mapping: VariablesMapping;
  onMapping: (m: VariablesMapping) => void;
  onBack: () => void;
  onAddAnother: () => void;
  onDone: () => void;
}) {
  const queryClient = useQueryClient();
  const variables = campaign.variables;
  const flow = campaign.kind === "FLOW";
  const [progress, setProgress] = useState<number | null>(null);
  const [phase, setPhase] = useState<"idle" | "uploading" | "validating">("idle");
  const [result, setResult] = useState<ImportSummary | null>(null);
  const schema = useMemo(() => variablesDraftSchema(variables, audience, flow), [variables, audience, flow]);
  const form = useForm<VariablesDraft, unknown, AudienceImport>({
    resolver: zodResolver(schema),
    defaultValues: toVariablesDraft(variables, mapping),
  });
  const { errors } = form.formState;
  const chosen = useWatch({ control: form.control, name: "variables" });
  const current = useMemo(() => mappingOf(chosen), [chosen]);
  const preview = useMemo(() => sampleValues(variables, current, audience), [variables, current, audience]);

  // The builder keeps the mapping across steps (back to the audience and here again).
  useEffect(() => onMapping(current), [current, onMapping]);

  async function submit(body: AudienceImport) {
    try {
      let summary: ImportSummary;
      if (audience.mode === "csv") {
        if (!audience.file) return;
        setPhase("uploading");
        setProgress(0);
        summary = await uploadCsv(campaign.id, audience.file, body as CsvImportInput, (fraction) => {
          setProgress(fraction);
          if (fraction >= 1) setPhase("validating");
        });
      } else if (audience.segmentId !== undefined) {
        // A segment is planned, not imported: its recipients are picked at launch (the review step counts it live).
        setPhase("validating");
        await planSegmentAudience(campaign.id, body as SegmentAudienceInput);
        await queryClient.invalidateQueries({ queryKey: campaignKeys.detail(campaign.id) });
        onDone();
        return;
      } else {
        setPhase("validating");
        summary = await importContactsAudience(campaign.id, body as ContactsImportInput);
      }
      setResult(summary);
      await queryClient.invalidateQueries({ queryKey: campaignKeys.detail(campaign.id) });
    } catch (error) {
      // A problem with one variable's mapping goes next to that variable; the rest under the form.
      applyServerErrors(error, form.setError, { fields: variables.map((name) => `variables.${name}`) });
    } finally {
      setPhase("idle");
      setProgress(null);
    }
  }

  if (result) {
    const reasons = Object.entries(result.rejectedByReason).filter(([, n]) => n > 0) as [
      RejectReason,
      number,
    ][];
    return (
      <section className={cardClass} aria-labelledby="import-result" data-testid="import-result">
        <h2 id="import-result" className="font-medium text-slate-900">
          {fmt(result.acceptedRows)} of {fmt(result.totalRows)} rows added to the audience
        </h2>
        {reasons.length > 0 ? (
          <div className="mt-3">
            <p className="text-sm text-slate-600">{fmt(result.rejectedRows)} rows were left out:</p>
            <ul className="mt-2 grid grid-cols-1 gap-2 sm:grid-cols-3">
              {reasons.map(([reason, n]) => (
                <li
                  key={reason}
                  className="rounded-lg bg-amber-50 px-3 py-2 text-sm text-amber-900 ring-1 ring-amber-200"
                >
                  <span className="font-semibold tabular-nums">{fmt(n)}</span>{" "}
                  {REJECT_REASON_LABELS[reason].toLowerCase()}
                </li>
              ))}
            </ul>
            <a
              href={`/api/campaigns/${campaign.id}/rejected-rows`}
              download
              className={`${buttonClasses()} mt-3`}
            >
              <DownloadIcon /> Download rejected rows (CSV)
            </a>
          </div>
        ) : (
          <p className="mt-2 text-sm text-emerald-700">Every row was valid.</p>
        )}
        <div className="mt-6 flex flex-wrap justify-end gap-2">
          <Button onClick={onAddAnother}>Add another list</Button>
          <Button variant="primary" onClick={onDone} autoFocus>
            Continue to review
          </Button>
        </div>
      </section>
    );
  }

  const columns = variableColumns(audience);
  const busy = phase !== "idle";
  // A route issue that is about no variable (a setting of the file, say) is the form's own error.
  const formError =
    errors.root?.server?.message ??
    messageOf(
      Object.fromEntries(Object.entries(errors).filter(([key]) => key !== "variables" && key !== "root")),
    );
  return (
    <form
      onSubmit={(e) => void form.handleSubmit(submit)(e)}
      className="grid grid-cols-1 gap-5 lg:grid-cols-[1fr_22rem]"
      noValidate
    >
      <section className={cardClass} aria-labelledby="variables-heading">
        <h2 id="variables-heading" className="font-medium text-slate-900">
          {flow ? "Fill in the flow's variables" : <>Fill in the template&apos;s variables</>}
        </h2>
        <p className="mt-1 text-sm text-slate-600">
          {variables.length === 0
            ? flow
              ? "No flow variables listed: every recipient starts the same flow."
              : "This template has no variables: every recipient gets the same message."
            : "Each recipient gets their own values: from a column of the file, from the contact, or the same fixed text for all."}
        </p>
        <div className="mt-4 space-y-4">
          {variables.map((name) => (
            <VariableRow
              key={name}
              name={name}
              control={form.control}
              columns={columns}
              context={contextOf(campaign.templateComponents, name)}
            />
          ))}
        </div>
        {flow && audience.mode === "csv" ? (
          <div className="mt-4 rounded-lg border border-slate-200 p-3">
            <label htmlFor="flow-scheduled-at" className="text-sm font-medium text-slate-800">
              Start time per recipient{" "}
              <span
                className="ml-1 rounded bg-amber-100 px-1.5 py-0.5 text-xs font-medium text-amber-800"
                title="Not enabled for every Connectly account yet"
              >
                alpha
              </span>
            </label>
            <Select
              id="flow-scheduled-at"
              className="mt-1 sm:max-w-xs"
              aria-describedby="flow-scheduled-at-hint"
              {...form.register("scheduledAtColumn")}
            >
              <option value="">Start at once</option>
              {columns.map((c) => (
                <option key={c} value={c}>
                  Column: {c}
                </option>
              ))}
            </Select>
            <p id="flow-scheduled-at-hint" className={hintClass}>
              ISO 8601 with a time zone, e.g. 2025-07-01T09:00:00Z; blank cells and past times start at once.
              Connectly has this for some accounts only: where it is off, those recipients fail with
              Connectly&apos;s reason.
            </p>
          </div>
        ) : null}
        <FormError message={formError} className="mt-4 p-3" />
        {busy ? (
          <div className="mt-4" aria-live="polite">
            <p className="text-sm text-slate-700">
              {phase === "uploading"
                ? `Uploading… ${Math.round((progress ?? 0) * 100)}%`
                : "Checking every row (numbers, variables, duplicates, opt-outs)…"}
            </p>
            <div
              className="mt-2 h-2 overflow-hidden rounded-full bg-slate-100"
              role="progressbar"
              aria-label="Import progress"
              aria-valuemin={0}
              aria-valuemax={100}
              aria-valuenow={phase === "uploading" ? Math.round((progress ?? 0) * 100) : undefined}
            >
              <div
                className={`h-full bg-emerald-500 transition-[width] ${phase === "validating" ? "w-full animate-pulse" : ""}`}
                style={phase === "uploading" ? { width: `${Math.round((progress ?? 0) * 100)}%` } : undefined}
              />
            </div>
          </div>
        ) : null}
        <div className="mt-6 flex justify-between gap-2">
          <Button onClick={onBack} disabled={busy}>
            Back
          </Button>
          <Button type="submit" variant="primary" disabled={busy}>
            {audience.mode === "csv"
              ? "Import and check the rows"
              : audience.segmentId
                ? `Use the segment (${fmt(audience.matching ?? 0)} now)`
                : `Import the ${fmt(audience.matching ?? 0)} matching contacts`}
          </Button>
        </div>
      </section>
      <aside className={cardClass} aria-label="Preview for the first recipient">
        <h3 className="text-sm font-medium text-slate-700">
          Preview for the first {audience.mode === "csv" ? "row" : "contact"}
        </h3>
        {flow ? (
          <FlowValues names={variables} values={preview} className="mt-3" />
        ) : (
          <TemplatePreview components={campaign.templateComponents} values={preview} className="mt-3" />
        )}
        <p className={hintClass}>
          Values are checked for every row when you import: empty ones are rejected unless a fallback is set.
        </p>
      </aside>
    </form>
  );
}

/** One variable: where its value comes from, and its fixed text or its fallback. */
function VariableRow({
  name,
  control,
  columns,
  context,
}: {
  name: string;
  control: Control<VariablesDraft, unknown, AudienceImport>;
  columns: string[];
  context: string | null;
}) {
  const id = `var-${name}`;
  return (
    <Controller
      control={control}
      name={`variables.${name}`}
      render={({ field, fieldState }) => {
        const source = field.value;
        const error = messageOf(fieldState.error);
        return (
          <fieldset
            className="rounded-lg border border-slate-200 p-3"
            aria-describedby={error ? `${id}-error` : undefined}
          >
            <legend className="px-1 text-sm font-medium text-slate-800">{variableLabel(name)}</legend>
            {context ? <p className="-mt-1 mb-2 truncate text-xs text-slate-500">{context}</p> : null}
            <div className="grid grid-cols-1 gap-3 sm:grid-cols-2">
              <div>
                <label htmlFor={`${id}-source`} className="text-xs font-medium text-slate-600">
                  Value from
                </label>
                <Select
                  id={`${id}-source`}
                  ref={field.ref}
                  className="mt-1"
                  value={choiceOf(source)}
                  invalid={Boolean(error)}
                  onBlur={field.onBlur}
                  onChange={(e) =>
                    e.target.value && field.onChange(sourceFor(e.target.value as Exclude<Choice, "">, source))
                  }
                >
                  <option value="" disabled>
                    Choose…
                  </option>
                  {columns.length > 0 ? (
                    <optgroup label="Column of the file">
                      {columns.map((c) => (
                        <option key={c} value={`column:${c}`}>
                          {c}
                        </option>
                      ))}
                    </optgroup>
                  ) : null}
                  <optgroup label="Contact">
                    <option value="contact:name">Contact name</option>
                    <option value="contact:phone">Contact phone</option>
                  </optgroup>
                  <option value="fixed">Same text for everyone…</option>
                </Select>
              </div>
              <div>
                {source?.kind === "fixed" ? (
                  <>
                    <label htmlFor={`${id}-value`} className="text-xs font-medium text-slate-600">
                      Text
                    </label>
                    <Input
                      id={`${id}-value`}
                      className="mt-1"
                      value={source.value}
                      onChange={(e) => field.onChange({ kind: "fixed", value: e.target.value })}
                      invalid={Boolean(error)}
                    />
                  </>
                ) : source ? (
                  <>
                    <label htmlFor={`${id}-fallback`} className="text-xs font-medium text-slate-600">
                      When empty, use (optional)
                    </label>
                    <Input
                      id={`${id}-fallback`}
                      className="mt-1"
                      value={source.fallback ?? ""}
                      placeholder="Leave empty to reject the row"
                      onChange={(e) => field.onChange({ ...source, fallback: e.target.value })}
                    />
                  </>
                ) : null}
              </div>
            </div>
            <FieldErrorLine id={`${id}-error`} message={error} />
          </fieldset>
        );
      }}
    />
  );
}
