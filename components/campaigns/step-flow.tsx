"use client";

import { controlClass } from "@/components/ui/input";
import { buttonClasses } from "@/components/ui/button";
import { useState } from "react";
import { useCampaignActions } from "@/lib/campaigns/hooks/use-campaign-actions";
import type { CampaignDetailDto } from "@/lib/campaigns/read-models";
import { ApiError } from "@/lib/api-client/fetch";
import { cardClass, hintClass, labelClass } from "./ui";

/** "Connectly flow, 3" or "Connectly flow (latest)": how a flow campaign names what it sends. */
export function flowLabel(c: { flowName: string | null; flowVersion: string | null }): string {
  if (!c.flowName) return "No flow yet";
  return `${c.flowName} · ${c.flowVersion ? `version ${c.flowVersion}` : "latest version"}`;
}

const splitNames = (text: string) =>
  text
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter(Boolean);

/**
 * A flow campaign's second step: the flow as named in Connectly's Flow Builder, an optional pinned version, and
 * the flow's variable names (defined there; no API lists them), which the audience is then mapped to.
 */
export function StepFlow({ campaign, onDone }: { campaign: CampaignDetailDto; onDone: () => void }) {
  const { update } = useCampaignActions(campaign.id);
  const [flowName, setFlowName] = useState(campaign.flowName ?? "");
  const [version, setVersion] = useState(campaign.flowVersion ?? "");
  const [variables, setVariables] = useState(campaign.variables.join(", "));
  const [errors, setErrors] = useState<Record<string, string>>({});

  function submit(e: React.FormEvent) {
    e.preventDefault();
    if (!flowName.trim()) {
      setErrors({ flowName: "Type the flow's exact name from Connectly's Flow Builder." });
      return;
    }
    setErrors({});
    update.mutate(
      {
        flowName: flowName.trim(),
        flowVersion: version.trim() || null,
        flowVariables: splitNames(variables),
      },
      {
        onSuccess: onDone,
        onError: (err) => {
          const issues =
            err instanceof ApiError
              ? ((err.details?.issues ?? []) as { path?: string; message?: string }[])
              : [];
          setErrors(
            Object.fromEntries(
              issues.map((i) => [String(i.path ?? "").split(".")[0] ?? "", i.message ?? "Not valid."]),
            ),
          );
        },
      },
    );
  }

  return (
    <form onSubmit={submit} className={`${cardClass} max-w-2xl`} noValidate aria-labelledby="flow-heading">
      <h2 id="flow-heading" className="font-medium text-slate-900">
        Connectly flow
      </h2>
      <p className="mt-1 text-sm text-slate-600">
        Each recipient starts the flow built in Connectly&apos;s Flow Builder (messages, buttons, delays). It
        must be published there, otherwise Connectly refuses the sendout and the campaign pauses until you
        publish it and resume.
      </p>
      <div className="mt-4 grid grid-cols-1 gap-4 sm:grid-cols-[1fr_10rem]">
        <div>
          <label htmlFor="flow-name" className={labelClass}>
            Flow name
          </label>
          <input
            id="flow-name"
            value={flowName}
            onChange={(e) => setFlowName(e.target.value)}
            autoFocus
            maxLength={256}
            placeholder="e.g. winback_june"
            aria-invalid={errors.flowName ? true : undefined}
            aria-describedby="flow-name-hint"
            className={`${controlClass} mt-1.5`}
          />
          <p id="flow-name-hint" className={hintClass}>
            Exactly as in the Flow Builder (Resend / Edit shows it). Sent as the campaign name, so the
            flow&apos;s statuses come back to this campaign.
          </p>
          {errors.flowName ? <p className="mt-1 text-xs text-red-600">{errors.flowName}</p> : null}
        </div>
        <div>
          <label htmlFor="flow-version" className={labelClass}>
            Version <span className="font-normal text-slate-500">(optional)</span>
          </label>
          <input
            id="flow-version"
            value={version}
            onChange={(e) => setVersion(e.target.value)}
            maxLength={32}
            placeholder="latest"
            aria-invalid={errors.flowVersion ? true : undefined}
            className={`${controlClass} mt-1.5`}
          />
          {errors.flowVersion ? <p className="mt-1 text-xs text-red-600">{errors.flowVersion}</p> : null}
        </div>
      </div>
      <div className="mt-4">
        <label htmlFor="flow-variables" className={labelClass}>
          Flow variables <span className="font-normal text-slate-500">(optional)</span>
        </label>
        <input
          id="flow-variables"
          value={variables}
          onChange={(e) => setVariables(e.target.value)}
          placeholder="first_name, product"
          aria-invalid={errors.flowVariables ? true : undefined}
          aria-describedby="flow-variables-hint"
          className={`${controlClass} mt-1.5`}
        />
        <p id="flow-variables-hint" className={hintClass}>
          The variable names the flow uses, separated by commas. Next you map each to a column of your file, a
          contact field or a fixed text.
        </p>
        {errors.flowVariables ? <p className="mt-1 text-xs text-red-600">{errors.flowVariables}</p> : null}
      </div>
      {update.isError && Object.keys(errors).length === 0 ? (
        <p role="alert" className="mt-3 rounded-lg bg-red-50 p-3 text-sm text-red-700">
          {update.error.message}
        </p>
      ) : null}
      <div className="mt-5 flex justify-end">
        <button type="submit" disabled={update.isPending} className={buttonClasses({ variant: "primary" })}>
          {update.isPending ? "Saving…" : "Continue"}
        </button>
      </div>
    </form>
  );
}

/** A flow has no message to render here: the values each recipient's flow starts with. */
export function FlowValues({
  values,
  names,
  className = "",
}: {
  values: Record<string, string>;
  names: string[];
  className?: string;
}) {
  if (names.length === 0)
    return <p className={`text-sm text-slate-500 ${className}`}>This flow takes no variables.</p>;
  return (
    <dl
      className={`divide-y divide-slate-100 rounded-lg border border-slate-200 text-sm ${className}`}
      data-testid="flow-values"
    >
      {names.map((name) => (
        <div key={name} className="flex min-w-0 gap-3 px-3 py-1.5">
          <dt className="shrink-0 font-mono text-xs leading-5 text-slate-500">{name}</dt>
          <dd className="min-w-0 truncate text-slate-900">
            {values[name] ?? <span className="text-slate-500">—</span>}
          </dd>
        </div>
      ))}
    </dl>
  );
}
