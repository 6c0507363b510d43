"use client";

import { controlClass } from "@/components/ui/input";
import { buttonClasses } from "@/components/ui/button";
import { useState } from "react";
import { useCampaignActions } from "@/lib/campaigns/hooks/use-campaign-actions";
import type { CampaignDetailDto } from "@/lib/campaigns/read-models";
import type { CampaignKind } from "@/lib/campaigns/schemas";
import { cardClass, hintClass, labelClass } from "./ui";

export function StepName({
  campaign,
  onCreate,
  onDone,
  initialName = "",
}: {
  campaign: CampaignDetailDto | null;
  onCreate: (name: string, kind: CampaignKind) => Promise<unknown>;
  onDone: () => void;
  initialName?: string;
}) {
  const [name, setName] = useState(campaign?.name ?? initialName);
  const [error, setError] = useState<string | null>(null);
  const [kind, setKind] = useState<CampaignKind>(campaign?.kind ?? "TEMPLATE");
  const [busy, setBusy] = useState(false);
  const { update } = useCampaignActions(campaign?.id ?? "none");

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    if (!name.trim()) {
      setError("Give the campaign a name.");
      return;
    }
    setBusy(true);
    setError(null);
    try {
      if (!campaign) await onCreate(name.trim(), kind);
      else if (name.trim() !== campaign.name) await update.mutateAsync({ name: name.trim() });
      onDone();
    } catch (err) {
      setError(err instanceof Error ? err.message : "Could not save the name.");
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={submit} className={`${cardClass} max-w-xl`} noValidate>
      <label htmlFor="campaign-name" className={labelClass}>
        Campaign name
      </label>
      <input
        id="campaign-name"
        value={name}
        onChange={(e) => setName(e.target.value)}
        autoFocus
        maxLength={120}
        placeholder="e.g. June appointment reminders"
        aria-invalid={error ? true : undefined}
        aria-describedby="campaign-name-hint"
        className={`${controlClass} mt-1.5`}
      />
      <p id="campaign-name-hint" className={hintClass}>
        {kind === "FLOW"
          ? "Yours to find it by here; Connectly groups a flow's messages under the flow's own name."
          : "Also sent to Connectly as the campaign name, so its reports and webhook filters can group these messages."}
      </p>
      <fieldset className="mt-5" aria-describedby="campaign-kind-hint">
        <legend className={labelClass}>What it sends</legend>
        <div className="mt-2 grid grid-cols-1 gap-2 sm:grid-cols-2">
          {(
            [
              ["TEMPLATE", "Template message", "One approved WhatsApp template per recipient."],
              [
                "FLOW",
                "Connectly flow",
                "Starts a flow from Connectly's Flow Builder per recipient (messages, buttons, delays).",
              ],
            ] as const
          ).map(([value, title, hint]) => (
            <label
              key={value}
              className={`flex cursor-pointer items-start gap-2 rounded-lg border p-3 text-sm ${
                kind === value
                  ? "border-emerald-500 bg-emerald-50 ring-1 ring-emerald-500"
                  : "border-slate-200 hover:bg-slate-50"
              } ${campaign ? "cursor-default opacity-80" : ""}`}
            >
              <input
                type="radio"
                name="campaign-kind"
                value={value}
                checked={kind === value}
                disabled={campaign !== null && campaign.kind !== value}
                onChange={() => setKind(value)}
                className="mt-0.5 accent-emerald-600"
              />
              <span>
                <span className="block font-medium text-slate-900">{title}</span>
                <span className="block text-xs text-slate-500">{hint}</span>
              </span>
            </label>
          ))}
        </div>
        <p id="campaign-kind-hint" className={hintClass}>
          {campaign ? "Fixed once the draft exists." : "Chosen once: the next steps depend on it."}
        </p>
      </fieldset>
      {error ? (
        <p role="alert" className="mt-2 text-sm text-red-600">
          {error}
        </p>
      ) : null}
      <div className="mt-5 flex justify-end">
        <button type="submit" disabled={busy} className={buttonClasses({ variant: "primary" })}>
          {busy ? "Saving…" : "Continue"}
        </button>
      </div>
    </form>
  );
}
