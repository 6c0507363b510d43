"use client";

import { Radio } from "@/components/ui/radio";

import { zodResolver } from "@hookform/resolvers/zod";
import { useForm, useWatch } from "react-hook-form";
import type { z } from "zod";
import { Button } from "@/components/ui/button";
import { Field, FormError } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { applyServerErrors } from "@/lib/api-client/form-errors";
import { useCampaignActions } from "@/lib/campaigns/hooks/use-campaign-actions";
import type { CampaignDetailDto } from "@/lib/campaigns/read-models";
import { createCampaignSchema, type CampaignKind, type CreateCampaignInput } from "@/lib/campaigns/schemas";
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
  const form = useForm<z.input<typeof createCampaignSchema>, unknown, CreateCampaignInput>({
    resolver: zodResolver(createCampaignSchema),
    defaultValues: { name: campaign?.name ?? initialName, kind: campaign?.kind ?? "TEMPLATE" },
  });
  const { errors, isSubmitting } = form.formState;
  const kind = useWatch({ control: form.control, name: "kind" });
  const { update } = useCampaignActions(campaign?.id ?? "none");

  async function submit({ name, kind }: CreateCampaignInput) {
    try {
      if (!campaign) await onCreate(name, kind ?? "TEMPLATE");
      else if (name !== campaign.name) await update.mutateAsync({ name });
      onDone();
    } catch (error) {
      applyServerErrors(error, form.setError, { fields: ["name", "kind"] });
    }
  }

  return (
    <form onSubmit={(e) => void form.handleSubmit(submit)(e)} className={`${cardClass} max-w-xl`} noValidate>
      <Field
        id="campaign-name"
        label="Campaign name"
        hint={
          kind === "FLOW"
            ? "Yours to find it by here; Connectly groups a flow's messages under the flow's own name."
            : "Also sent to Connectly as the campaign name, so its reports and webhook filters can group these messages."
        }
        error={errors.name?.message && `Campaign ${errors.name.message}.`}
      >
        <Input
          autoFocus
          maxLength={120}
          placeholder="e.g. June appointment reminders"
          {...form.register("name")}
        />
      </Field>
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
            <Radio
              key={value}
              value={value}
              disabled={campaign !== null && campaign.kind !== value}
              label={<span className="block font-medium text-slate-900">{title}</span>}
              hint={hint}
              className={`cursor-pointer rounded-lg border p-3 ${
                kind === value
                  ? "border-emerald-500 bg-emerald-50 ring-1 ring-emerald-500"
                  : "border-slate-200 hover:bg-slate-50"
              } ${campaign ? "cursor-default opacity-80" : ""}`}
              {...form.register("kind")}
            />
          ))}
        </div>
        <p id="campaign-kind-hint" className={hintClass}>
          {campaign ? "Fixed once the draft exists." : "Chosen once: the next steps depend on it."}
        </p>
      </fieldset>
      <FormError message={errors.root?.server?.message} inline className="mt-2 text-sm" />
      <div className="mt-5 flex justify-end">
        <Button type="submit" variant="primary" pending={isSubmitting}>
          {isSubmitting ? "Saving…" : "Continue"}
        </Button>
      </div>
    </form>
  );
}
