"use client";

import { useQuery } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { ApiError } from "@/lib/api-client/fetch";
import { useUpdateWebhookRetention } from "@/lib/settings/hooks/use-update-webhook-retention";
import { webhookRetentionOptions } from "@/lib/settings/queries";
import type { UpdateWebhookRetentionInput } from "@/lib/settings/schemas";
import type { WebhookRetention } from "@/lib/webhooks/retention";

// Settings → how long received webhook events are kept (the raw bodies on the webhook events page). Messages,
// statuses and campaign results are not affected: only the stored copies of the webhooks.

export function WebhookRetentionSection() {
  const retention = useQuery(webhookRetentionOptions());
  return (
    <section
      className="rounded-xl border border-slate-200 bg-white shadow-sm"
      aria-labelledby="retention-heading"
    >
      <div className="border-b border-slate-100 px-5 py-4">
        <h2 id="retention-heading" className="text-sm font-semibold text-slate-900">
          Webhook event retention
        </h2>
        <p className="mt-1 text-xs text-slate-500">
          Stored webhook events older than this are deleted in the background, in small batches. Messages,
          delivery statuses and campaign results stay; only the raw copies of the webhooks go.
        </p>
      </div>
      {retention.isPending ? (
        <p className="px-5 py-5 text-sm text-slate-500" aria-busy="true">
          Loading…
        </p>
      ) : retention.isError ? (
        <p role="alert" className="m-5 rounded-lg bg-red-50 px-3 py-2 text-sm text-red-800">
          Could not load the retention: {retention.error.message}
        </p>
      ) : (
        <RetentionForm current={retention.data} />
      )}
    </section>
  );
}

function RetentionForm({ current }: { current: WebhookRetention }) {
  const save = useUpdateWebhookRetention();
  const [days, setDays] = useState(String(current.days));
  const [invalidDays, setInvalidDays] = useState(String(current.invalidDays));
  const [saved, setSaved] = useState(false);

  const asNumber = (value: string) => (value.trim() === "" ? Number.NaN : Number(value));
  const changes: UpdateWebhookRetentionInput = {
    ...(asNumber(days) !== current.days ? { days: asNumber(days) } : {}),
    ...(asNumber(invalidDays) !== current.invalidDays ? { invalidDays: asNumber(invalidDays) } : {}),
  };
  const dirty = Object.keys(changes).length > 0;
  const issues =
    save.error instanceof ApiError
      ? ((save.error.details?.issues as { path: string; message: string }[] | undefined) ?? [])
      : [];
  // An empty or fractional field would travel as null (= the default) or be refused: said here, not sent.
  const [localErrors, setLocalErrors] = useState<Record<string, string>>({});
  const fieldError = (field: string) =>
    localErrors[field] ?? issues.find((i) => i.path === field)?.message ?? null;
  const generalError = save.error && issues.length === 0 ? save.error.message : null;

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    if (!dirty) return;
    const wrong = Object.fromEntries(
      Object.entries(changes)
        .filter(([, v]) => !Number.isInteger(v))
        .map(([field]) => [field, "must be a whole number of days"]),
    );
    setLocalErrors(wrong);
    if (Object.keys(wrong).length > 0) return;
    setSaved(false);
    save.mutate(changes, { onSuccess: showSaved });
  }
  // The form then shows what the server now has.
  function showSaved(next: WebhookRetention) {
    setDays(String(next.days));
    setInvalidDays(String(next.invalidDays));
    setSaved(true);
  }
  const edit = (set: (v: string) => void) => (value: string) => {
    set(value);
    setSaved(false);
    setLocalErrors({});
    if (save.isError) save.reset();
  };

  return (
    <form onSubmit={onSubmit} noValidate>
      <div className="grid grid-cols-1 gap-5 px-5 py-5 sm:grid-cols-2">
        <DaysField
          id="retentionDays"
          label="Keep webhook events for"
          hint={current.saved.days ? "Saved value." : "The default (30 days)."}
          value={days}
          onChange={edit(setDays)}
          error={fieldError("days")}
        />
        <DaysField
          id="invalidRetentionDays"
          label="Keep invalid ones for"
          hint={`Signed but refused bodies, kept longer for inspection. ${current.saved.invalidDays ? "Saved value." : "The default (90 days)."}`}
          value={invalidDays}
          onChange={edit(setInvalidDays)}
          error={fieldError("invalidDays")}
        />
      </div>
      {generalError ? (
        <p role="alert" className="mx-5 mb-4 rounded-lg bg-red-50 px-3 py-2 text-sm text-red-800">
          {generalError}
        </p>
      ) : null}
      <div className="flex flex-wrap items-center gap-3 border-t border-slate-100 bg-slate-50/60 px-5 py-3">
        <button
          type="submit"
          disabled={!dirty || save.isPending}
          className="rounded-lg bg-emerald-600 px-4 py-2 text-sm font-semibold text-white shadow-sm hover:bg-emerald-700 focus:outline-none focus-visible:ring-2 focus-visible:ring-emerald-500 focus-visible:ring-offset-2 disabled:opacity-50"
        >
          {save.isPending ? "Saving…" : "Save retention"}
        </button>
        {current.saved.days || current.saved.invalidDays ? (
          <button
            type="button"
            disabled={save.isPending}
            onClick={() => save.mutate({ days: null, invalidDays: null }, { onSuccess: showSaved })}
            className="rounded-lg border border-slate-300 bg-white px-4 py-2 text-sm font-medium text-slate-700 hover:bg-slate-50 focus:outline-none focus-visible:ring-2 focus-visible:ring-emerald-500 disabled:opacity-60"
          >
            Back to the defaults
          </button>
        ) : null}
        <span className="text-xs text-slate-500" aria-live="polite">
          {saved && !dirty ? "Saved." : ""}
        </span>
      </div>
    </form>
  );
}

function DaysField(props: {
  id: string;
  label: string;
  hint: string;
  value: string;
  onChange: (value: string) => void;
  error: string | null;
}) {
  const describedBy = `${props.id}-${props.error ? "error" : "hint"}`;
  return (
    <div>
      <label htmlFor={props.id} className="text-sm font-medium text-slate-800">
        {props.label}
      </label>
      <div className="mt-1 flex items-center gap-2">
        <input
          id={props.id}
          type="number"
          inputMode="numeric"
          min={1}
          max={3650}
          step={1}
          value={props.value}
          onChange={(e) => props.onChange(e.target.value)}
          aria-invalid={props.error ? true : undefined}
          aria-describedby={describedBy}
          className={`block w-full max-w-28 min-w-0 rounded-lg border px-3 py-2 text-sm outline-none focus:ring-2 ${
            props.error
              ? "border-red-400 focus:ring-red-500/30"
              : "border-slate-300 focus:border-emerald-500 focus:ring-emerald-500/30"
          }`}
        />
        <span className="text-sm text-slate-600">days</span>
      </div>
      {props.error ? (
        <p className="mt-1 text-xs text-red-700" id={describedBy}>
          {props.error}.
        </p>
      ) : (
        <p className="mt-1 text-xs text-slate-500" id={describedBy}>
          {props.hint}
        </p>
      )}
    </div>
  );
}
