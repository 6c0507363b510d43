"use client";

import { useState, type FormEvent } from "react";
import { ApiError } from "@/lib/api-client/fetch";
import { useUpdateSlaTargets } from "@/lib/reports/hooks/use-update-sla-targets";
import { slaTargetsSchema, type SlaTargets } from "@/lib/reports/schemas";

// The two support targets; an empty field switches its target off. Checked with the route's own schema before
// sending, and a 422's field messages shown next to the fields.

type Field = "firstResponseMinutes" | "resolutionHours";
const FIELDS: { id: Field; label: string; unit: string; hint: string }[] = [
  {
    id: "firstResponseMinutes",
    label: "First response within",
    unit: "minutes",
    hint: "From the customer's message to an agent's reply.",
  },
  {
    id: "resolutionHours",
    label: "Resolved within",
    unit: "hours",
    hint: "From the customer's message to resolved.",
  },
];

const toText = (v: number | null) => (v === null ? "" : String(v));
const toValue = (text: string) => (text.trim() === "" ? null : Number(text));

export function SlaTargetsForm({ targets }: { targets: SlaTargets & { businessHours: boolean } }) {
  const save = useUpdateSlaTargets();
  const [values, setValues] = useState<Record<Field, string>>({
    firstResponseMinutes: toText(targets.firstResponseMinutes),
    resolutionHours: toText(targets.resolutionHours),
  });
  const [businessHours, setBusinessHours] = useState(targets.businessHours);
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [saved, setSaved] = useState(false);
  const input: SlaTargets = {
    firstResponseMinutes: toValue(values.firstResponseMinutes),
    resolutionHours: toValue(values.resolutionHours),
    businessHours,
  };
  const dirty =
    input.firstResponseMinutes !== targets.firstResponseMinutes ||
    input.resolutionHours !== targets.resolutionHours ||
    businessHours !== targets.businessHours;
  const serverIssues =
    save.error instanceof ApiError
      ? ((save.error.details?.issues as { path: string; message: string }[] | undefined) ?? [])
      : [];
  const fieldError = (field: Field) =>
    errors[field] ?? serverIssues.find((i) => i.path === field)?.message ?? null;
  const generalError = save.error && serverIssues.length === 0 ? save.error.message : null;

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    const parsed = slaTargetsSchema.safeParse(input);
    if (!parsed.success) {
      setErrors(Object.fromEntries(parsed.error.issues.map((i) => [String(i.path[0]), i.message])));
      return;
    }
    setErrors({});
    save.mutate(parsed.data, { onSuccess: () => setSaved(true) });
  }

  return (
    <form onSubmit={onSubmit} noValidate aria-label="Support targets">
      <div className="grid gap-4 sm:grid-cols-2">
        {FIELDS.map((f) => {
          const error = fieldError(f.id);
          const describedBy = `${f.id}-${error ? "error" : "hint"}`;
          return (
            <div key={f.id}>
              <label htmlFor={f.id} className="text-sm font-medium text-slate-800">
                {f.label}
              </label>
              <div className="mt-1 flex items-center gap-2">
                <input
                  id={f.id}
                  type="number"
                  inputMode="numeric"
                  min={1}
                  step={1}
                  placeholder="No target"
                  value={values[f.id]}
                  onChange={(e) => {
                    setValues((v) => ({ ...v, [f.id]: e.target.value }));
                    setErrors({});
                    setSaved(false);
                    if (save.isError) save.reset();
                  }}
                  aria-invalid={error ? true : undefined}
                  aria-describedby={describedBy}
                  className={`block w-full max-w-28 min-w-0 rounded-lg border px-3 py-2 text-sm outline-none focus:ring-2 ${
                    error
                      ? "border-red-400 focus:ring-red-500/30"
                      : "border-slate-300 focus:border-emerald-500 focus:ring-emerald-500/30"
                  }`}
                />
                <span className="text-sm text-slate-600">{f.unit}</span>
              </div>
              <p id={describedBy} className={`mt-1 text-xs ${error ? "text-red-700" : "text-slate-500"}`}>
                {error ? `${error}.` : f.hint}
              </p>
            </div>
          );
        })}
      </div>
      <label className="mt-3 flex items-start gap-2 text-sm text-slate-800">
        <input
          type="checkbox"
          checked={businessHours}
          onChange={(e) => {
            setBusinessHours(e.target.checked);
            setSaved(false);
            if (save.isError) save.reset();
          }}
          className="mt-0.5 size-4 rounded border-slate-300 text-emerald-600 focus:ring-emerald-500"
        />
        <span>
          Count SLA in business hours
          <span className="block text-xs text-slate-500">
            Only time inside the business hours set under Automation counts (their time zone and holidays
            included).
          </span>
        </span>
      </label>
      {generalError ? (
        <p role="alert" className="mt-3 rounded-lg bg-red-50 px-3 py-2 text-sm text-red-800">
          {generalError}
        </p>
      ) : null}
      <div className="mt-3 flex items-center gap-3">
        <button
          type="submit"
          disabled={!dirty || save.isPending}
          className="rounded-lg bg-emerald-600 px-4 py-2 text-sm font-semibold text-white shadow-sm hover:bg-emerald-700 focus:outline-none focus-visible:ring-2 focus-visible:ring-emerald-500 focus-visible:ring-offset-2 disabled:opacity-50"
        >
          {save.isPending ? "Saving…" : "Save targets"}
        </button>
        <span className="text-xs text-slate-500" aria-live="polite">
          {saved && !dirty ? "Saved. Breaches are counted against the new targets." : ""}
        </span>
      </div>
    </form>
  );
}
