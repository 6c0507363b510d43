"use client";

import { PlusIcon, XIcon } from "@/components/ui/icons";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";

// Parameters typed by hand, for a template whose variables the app cannot derive (a component kind it does not
// model, named placeholders). Names are checked against the contract's keys by the server (422 naming the row).

export type ManualParameter = { name: string; value: string };

export function ManualParametersEditor({
  rows,
  onChange,
  error,
}: {
  rows: ManualParameter[];
  onChange(rows: ManualParameter[]): void;
  error?: string | null;
}) {
  const update = (i: number, patch: Partial<ManualParameter>) =>
    onChange(rows.map((row, j) => (j === i ? { ...row, ...patch } : row)));
  return (
    <fieldset className="space-y-2" data-testid="manual-parameters">
      <legend className="text-sm font-semibold text-slate-900">Parameters</legend>
      <p className="text-xs text-slate-600">
        This template has parts this app cannot read its variables from, so enter the parameters yourself: a
        name such as body_1, header_text or button_1_url, and its value. Connectly checks them when you send.
      </p>
      {rows.map((row, i) => (
        <div key={i} className="flex items-center gap-2">
          <Input
            aria-label={`Parameter ${i + 1} name`}
            value={row.name}
            onChange={(e) => update(i, { name: e.target.value.trim() })}
            placeholder="body_1"
            className="w-36 font-mono"
          />
          <Input
            aria-label={`Parameter ${i + 1} value`}
            value={row.value}
            onChange={(e) => update(i, { value: e.target.value })}
            placeholder="Value"
            className="min-w-0 flex-1"
          />
          <Button
            onClick={() => onChange(rows.filter((_, j) => j !== i))}
            aria-label={`Remove parameter ${i + 1}`}
            variant="ghost"
            size="icon"
          >
            <XIcon />
          </Button>
        </div>
      ))}
      <Button onClick={() => onChange([...rows, { name: "", value: "" }])} variant="ghost" size="sm">
        <PlusIcon className="h-3.5 w-3.5" />
        Add parameter
      </Button>
      {error ? (
        <p role="alert" className="text-xs text-red-700">
          {error}
        </p>
      ) : null}
    </fieldset>
  );
}

/** The rows to send: named ones only; a name given twice is a mistake the caller reports. */
export function manualParameterProblem(rows: ManualParameter[]): string | null {
  const named = rows.filter((r) => r.name !== "");
  if (rows.some((r) => r.name === "" && r.value.trim() !== "")) return "Every value needs a parameter name.";
  if (named.some((r) => r.value.trim() === "")) return "Every parameter needs a value.";
  const names = named.map((r) => r.name);
  const duplicate = names.find((n, i) => names.indexOf(n) !== i);
  return duplicate ? `${duplicate} is given twice.` : null;
}
