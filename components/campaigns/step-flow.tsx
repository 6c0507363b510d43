"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useForm } from "react-hook-form";
import type { z } from "zod";
import { Button } from "@/components/ui/button";
import { Field, FormError } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { applyServerErrors } from "@/lib/api-client/form-errors";
import { useCampaignActions } from "@/lib/campaigns/hooks/use-campaign-actions";
import type { CampaignDetailDto } from "@/lib/campaigns/read-models";
import { campaignFlowFormSchema } from "@/lib/campaigns/schemas";
import { cardClass } from "./ui";

/** "Connectly flow, 3" or "Connectly flow (latest)": how a flow campaign names what it sends. */
export function flowLabel(c: { flowName: string | null; flowVersion: string | null }): string {
  if (!c.flowName) return "No flow yet";
  return `${c.flowName} · ${c.flowVersion ? `version ${c.flowVersion}` : "latest version"}`;
}

/**
 * A flow campaign's second step: the flow as named in Connectly's Flow Builder, an optional pinned version, and
 * the flow's variable names (defined there; no API lists them), which the audience is then mapped to.
 */
export function StepFlow({ campaign, onDone }: { campaign: CampaignDetailDto; onDone: () => void }) {
  const { update } = useCampaignActions(campaign.id);
  const form = useForm<
    z.input<typeof campaignFlowFormSchema>,
    unknown,
    z.output<typeof campaignFlowFormSchema>
  >({
    resolver: zodResolver(campaignFlowFormSchema),
    defaultValues: {
      flowName: campaign.flowName ?? "",
      flowVersion: campaign.flowVersion ?? "",
      flowVariables: campaign.variables.join(", "),
    },
  });
  const { errors } = form.formState;

  function submit(values: z.output<typeof campaignFlowFormSchema>) {
    update.mutate(values, {
      onSuccess: onDone,
      // An issue on one of the variables ("flowVariables.1") has no box of its own: it is shown under the form.
      onError: (error) => applyServerErrors(error, form.setError, { fields: ["flowName", "flowVersion"] }),
    });
  }

  return (
    <form
      onSubmit={(e) => void form.handleSubmit(submit)(e)}
      className={`${cardClass} max-w-2xl`}
      noValidate
      aria-labelledby="flow-heading"
    >
      <h2 id="flow-heading" className="font-medium text-slate-900">
        Connectly flow
      </h2>
      <p className="mt-1 text-sm text-slate-600">
        Each recipient starts the flow built in Connectly&apos;s Flow Builder (messages, buttons, delays). It
        must be published there, otherwise Connectly refuses the sendout and the campaign pauses until you
        publish it and resume.
      </p>
      <div className="mt-4 grid grid-cols-1 gap-4 sm:grid-cols-[1fr_10rem]">
        <Field
          id="flow-name"
          label="Flow name"
          hint="Exactly as in the Flow Builder (Resend / Edit shows it). Sent as the campaign name, so the flow's statuses come back to this campaign."
          error={errors.flowName?.message}
        >
          <Input autoFocus maxLength={256} placeholder="e.g. winback_june" {...form.register("flowName")} />
        </Field>
        <Field
          id="flow-version"
          label={
            <>
              Version <span className="font-normal text-slate-500">(optional)</span>
            </>
          }
          error={errors.flowVersion?.message}
        >
          <Input maxLength={32} placeholder="latest" {...form.register("flowVersion")} />
        </Field>
      </div>
      <Field
        id="flow-variables"
        className="mt-4"
        label={
          <>
            Flow variables <span className="font-normal text-slate-500">(optional)</span>
          </>
        }
        hint="The variable names the flow uses, separated by commas. Next you map each to a column of your file, a contact field or a fixed text."
        error={errors.flowVariables?.message}
      >
        <Input placeholder="first_name, product" {...form.register("flowVariables")} />
      </Field>
      <FormError message={errors.root?.server?.message} className="mt-3" />
      <div className="mt-5 flex justify-end">
        <Button type="submit" variant="primary" pending={update.isPending}>
          {update.isPending ? "Saving…" : "Continue"}
        </Button>
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
