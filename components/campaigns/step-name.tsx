"use client";

import { controlClass } from "@/components/ui/input";
import { buttonClasses } from "@/components/ui/button";
import { useState } from "react";
import { useCampaignActions } from "@/lib/campaigns/hooks/use-campaign-actions";
import type { CampaignDetailDto } from "@/lib/campaigns/read-models";
import { cardClass, hintClass, labelClass } from "./ui";

export function StepName({
  campaign,
  onCreate,
  onDone,
  initialName = "",
}: {
  campaign: CampaignDetailDto | null;
  onCreate: (name: string) => Promise<unknown>;
  onDone: () => void;
  initialName?: string;
}) {
  const [name, setName] = useState(campaign?.name ?? initialName);
  const [error, setError] = useState<string | null>(null);
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
      if (!campaign) await onCreate(name.trim());
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
        Also sent to Connectly as the campaign name, so its reports and webhook filters can group these messages.
      </p>
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
