"use client";

import { Input, Select } from "@/components/ui/input";
import { Button, buttonClasses } from "@/components/ui/button";
import { useQueryClient } from "@tanstack/react-query";
import { useMemo, useState } from "react";
import { TemplatePreview } from "@/components/templates/template-preview";
import { DownloadIcon } from "@/components/ui/icons";
import { ApiError } from "@/lib/api-client/fetch";
import { importContactsAudience, planSegmentAudience } from "@/lib/campaigns/audience-client";
import type { TemplateComponent } from "@/lib/connectly/template-components";
import type { ImportSummary } from "@/lib/campaigns/import-audience";
import { campaignKeys } from "@/lib/campaigns/queries";
import type { CampaignDetailDto } from "@/lib/campaigns/read-models";
import type { CsvImportInput, VariableSource, VariablesMapping } from "@/lib/campaigns/schemas";
import { REJECT_REASON_LABELS, type RejectReason } from "@/lib/campaigns/states";
import { uploadCsv } from "@/lib/campaigns/upload-csv";
import { variableContext } from "@/lib/templates/render-text";
import type { AudienceDraft } from "./campaign-builder";
import { fmt } from "./format";
import { FlowValues } from "./step-flow";
import { cardClass, hintClass, variableLabel } from "./ui";

type Choice = "" | "fixed" | "contact:name" | "contact:phone" | `column:${string}`;

function choiceOf(source: VariableSource | undefined): Choice {
  if (!source) return "";
  if (source.kind === "column") return `column:${source.column}`;
  if (source.kind === "contact") return `contact:${source.field}`;
  return "fixed";
}

function sourceOf(choice: Exclude<Choice, "">, previous: VariableSource | undefined): VariableSource {
  const fallback = previous && previous.kind !== "fixed" ? previous.fallback : undefined;
  if (choice === "fixed") return { kind: "fixed", value: previous?.kind === "fixed" ? previous.value : "" };
  if (choice.startsWith("contact:"))
    return {
      kind: "contact",
      field: choice === "contact:name" ? "name" : "phone",
      ...(fallback ? { fallback } : {}),
    };
  return { kind: "column", column: choice.slice("column:".length), ...(fallback ? { fallback } : {}) };
}

const GREETING = /\b(hi|hello|hey|dear|ol[aá]|hola|oi|bom dia|buenos d[ií]as)\W*$/i;
const NAME_COLUMN = /name|nome|nombre|first|cliente|customer/i;

function words(text: string): Set<string> {
  return new Set(
    text
      .toLowerCase()
      .split(/[^\p{L}\p{N}]+/u)
      .filter((w) => w.length > 2),
  );
}

/**
 * A first guess, only where it is fairly sure: a name column after a greeting ("Hi {{1}}"), or a column whose
 * header shares a word with the text around the variable ("appointment on {{2}}" / "Appointment date").
 * Everything else is left for the user to choose.
 */
function guessMapping(
  variables: string[],
  audience: AudienceDraft,
  components: TemplateComponent[],
): VariablesMapping {
  const mapping: VariablesMapping = {};
  if (audience.mode !== "csv" || !audience.inspection) {
    const greeting = variables.find((name) => GREETING.test(textBefore(components, name)));
    if (greeting) mapping[greeting] = { kind: "contact", field: "name", fallback: "there" };
    return mapping;
  }
  const free = new Set(audience.inspection.headers.filter((h) => h !== audience.addressColumn));
  for (const name of variables) {
    const before = textBefore(components, name);
    const around = words(`${before} ${contextOf(components, name) ?? ""}`);
    let best: { column: string; score: number } | null = null;
    for (const column of free) {
      let score = [...words(column)].filter((w) => around.has(w)).length;
      if (GREETING.test(before) && NAME_COLUMN.test(column)) score += 2;
      if (score > 0 && (!best || score > best.score)) best = { column, score };
    }
    if (best) {
      mapping[name] = { kind: "column", column: best.column };
      free.delete(best.column);
    }
  }
  return mapping;
}

/** The mapping to start the variables step with: what still fits the chosen audience, plus guesses. */
export function prepareMapping(
  mapping: VariablesMapping,
  campaign: CampaignDetailDto,
  audience: AudienceDraft,
): VariablesMapping {
  const columns = audience.mode === "csv" ? (audience.inspection?.headers ?? []) : [];
  const kept = Object.fromEntries(
    Object.entries(mapping).filter(([, s]) => s.kind !== "column" || columns.includes(s.column)),
  );
  return { ...guessMapping(campaign.variables, audience, campaign.templateComponents), ...kept };
}

function textBefore(components: TemplateComponent[], name: string): string {
  const body = /^body_(\d+)$/.exec(name);
  const component = components.find((c) => "body" in c);
  const text = body && component && "body" in component ? component.body.text.text : "";
  const at = text.indexOf(`{{${body?.[1] ?? ""}}}`);
  return at > 0 ? text.slice(Math.max(0, at - 30), at) : "";
}

function contextOf(components: TemplateComponent[], name: string): string | null {
  const body = /^body_(\d+)$/.exec(name);
  if (!body) return null;
  const component = components.find((c) => "body" in c);
  const text = component && "body" in component ? component.body.text.text : "";
  const around = variableContext(text, Number(body[1]));
  return around ? `${around.before}{{${body[1]}}}${around.after}` : null;
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
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [progress, setProgress] = useState<number | null>(null);
  const [phase, setPhase] = useState<"idle" | "uploading" | "validating">("idle");
  const [failure, setFailure] = useState<string | null>(null);
  const [result, setResult] = useState<ImportSummary | null>(null);
  // Flow campaigns from a file: the column with each recipient's start time (Connectly's scheduledAt, alpha).
  const [scheduledAtColumn, setScheduledAtColumn] = useState("");
  const flow = campaign.kind === "FLOW";

  const sampleValues = useMemo(() => {
    const row = audience.mode === "csv" ? (audience.inspection?.sampleRows[0] ?? {}) : {};
    const contact = audience.mode === "contacts" ? audience.sample[0] : undefined;
    const values: Record<string, string> = {};
    for (const name of variables) {
      const s = mapping[name];
      if (!s) continue;
      const raw =
        s.kind === "fixed"
          ? s.value
          : s.kind === "column"
            ? (row[s.column] ?? "")
            : s.field === "name"
              ? (contact?.name ?? "")
              : (contact?.address ?? "");
      const value = raw.trim() || (s.kind !== "fixed" ? (s.fallback ?? "") : "");
      if (value) values[name] = value.replace(/\s+/g, " ");
    }
    return values;
  }, [audience, mapping, variables]);

  const set = (name: string, source: VariableSource) => {
    setErrors(({ [name]: _, ...rest }) => rest);
    onMapping({ ...mapping, [name]: source });
  };

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    const problems: Record<string, string> = {};
    for (const name of variables) {
      const s = mapping[name];
      if (!s) problems[name] = "Choose where this value comes from.";
      else if (s.kind === "fixed" && !s.value.trim()) problems[name] = "Type the value every recipient gets.";
    }
    setErrors(problems);
    if (Object.keys(problems).length > 0) return;
    setFailure(null);
    try {
      let summary: ImportSummary;
      if (audience.mode === "csv") {
        if (!audience.file) return;
        const settings: CsvImportInput = {
          fileName: audience.file.name,
          delimiter: audience.delimiter as CsvImportInput["delimiter"],
          addressColumn: audience.addressColumn,
          defaultCountry: audience.defaultCountry,
          variables: mapping,
          ...(flow && scheduledAtColumn ? { scheduledAtColumn } : {}),
        };
        setPhase("uploading");
        setProgress(0);
        summary = await uploadCsv(campaign.id, audience.file, settings, (fraction) => {
          setProgress(fraction);
          if (fraction >= 1) setPhase("validating");
        });
      } else if (audience.segmentId) {
        // A segment is planned, not imported: its recipients are picked at launch (the review step counts it live).
        setPhase("validating");
        await planSegmentAudience(campaign.id, { segmentId: audience.segmentId, variables: mapping });
        await queryClient.invalidateQueries({ queryKey: campaignKeys.detail(campaign.id) });
        onDone();
        return;
      } else {
        setPhase("validating");
        summary = await importContactsAudience(campaign.id, { filter: audience.filter, variables: mapping });
      }
      setResult(summary);
      await queryClient.invalidateQueries({ queryKey: campaignKeys.detail(campaign.id) });
    } catch (err) {
      // A problem with one variable's mapping goes next to that variable.
      const issues =
        err instanceof ApiError ? ((err.details?.issues ?? []) as { path?: string; message?: string }[]) : [];
      const fieldErrors = Object.fromEntries(
        issues.flatMap((i) => {
          const name = /^variables\.([a-z0-9_]+)/.exec(i.path ?? "")?.[1];
          return name && variables.includes(name) ? [[name, i.message ?? "Not valid."]] : [];
        }),
      );
      setErrors(fieldErrors);
      setFailure(err instanceof Error ? err.message : "The import failed.");
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

  const columns =
    audience.mode === "csv"
      ? (audience.inspection?.headers ?? []).filter((h) => h !== audience.addressColumn)
      : [];
  const busy = phase !== "idle";
  return (
    <form onSubmit={submit} className="grid grid-cols-1 gap-5 lg:grid-cols-[1fr_22rem]" noValidate>
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
          {variables.map((name) => {
            const source = mapping[name];
            const context = contextOf(campaign.templateComponents, name);
            const id = `var-${name}`;
            return (
              <fieldset
                key={name}
                className="rounded-lg border border-slate-200 p-3"
                aria-describedby={errors[name] ? `${id}-error` : undefined}
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
                      className="mt-1"
                      value={choiceOf(source)}
                      aria-invalid={errors[name] ? true : undefined}
                      onChange={(e) =>
                        e.target.value && set(name, sourceOf(e.target.value as Exclude<Choice, "">, source))
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
                          onChange={(e) => set(name, { kind: "fixed", value: e.target.value })}
                          aria-invalid={errors[name] ? true : undefined}
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
                          onChange={(e) => set(name, { ...source, fallback: e.target.value || undefined })}
                        />
                      </>
                    ) : null}
                  </div>
                </div>
                {errors[name] ? (
                  <p id={`${id}-error`} className="mt-1.5 text-xs text-red-600">
                    {errors[name]}
                  </p>
                ) : null}
              </fieldset>
            );
          })}
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
              value={scheduledAtColumn}
              onChange={(e) => setScheduledAtColumn(e.target.value)}
              aria-describedby="flow-scheduled-at-hint"
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
        {failure ? (
          <p role="alert" className="mt-4 rounded-lg bg-red-50 p-3 text-sm text-red-700">
            {failure}
          </p>
        ) : null}
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
          <FlowValues names={variables} values={sampleValues} className="mt-3" />
        ) : (
          <TemplatePreview components={campaign.templateComponents} values={sampleValues} className="mt-3" />
        )}
        <p className={hintClass}>
          Values are checked for every row when you import: empty ones are rejected unless a fallback is set.
        </p>
      </aside>
    </form>
  );
}
