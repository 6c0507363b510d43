"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useForm } from "react-hook-form";
import type { z } from "zod";
import { Button } from "@/components/ui/button";
import { Field, FormError } from "@/components/ui/field";
import { Input, type InputProps } from "@/components/ui/input";
import { applyServerErrors } from "@/lib/api-client/form-errors";
import { useUpdateWebhookRetention } from "@/lib/settings/hooks/use-update-webhook-retention";
import { webhookRetentionOptions } from "@/lib/settings/queries";
import { webhookRetentionFormSchema, type UpdateWebhookRetentionInput } from "@/lib/settings/schemas";
import type { WebhookRetention } from "@/lib/webhooks/retention";
import { SectionQuery, SettingsSection } from "./settings-section";

// Settings → how long received webhook events are kept (the raw bodies on the webhook events page). Messages,
// statuses and campaign results are not affected: only the stored copies of the webhooks.

export function WebhookRetentionSection() {
  const retention = useQuery(webhookRetentionOptions());
  return (
    <SettingsSection
      headingId="retention-heading"
      title="Webhook event retention"
      description={
        <>
          Stored webhook events older than this are deleted in the background, in small batches. Messages,
          delivery statuses and campaign results stay; only the raw copies of the webhooks go.
        </>
      }
    >
      <SectionQuery query={retention} what="the retention">
        {(current) => <RetentionForm current={current} />}
      </SectionQuery>
    </SettingsSection>
  );
}

function RetentionForm({ current }: { current: WebhookRetention }) {
  const save = useUpdateWebhookRetention();
  const [saved, setSaved] = useState(false);
  const form = useForm<z.infer<typeof webhookRetentionFormSchema>>({
    resolver: zodResolver(webhookRetentionFormSchema),
    defaultValues: { days: current.days, invalidDays: current.invalidDays },
  });
  const { errors, isDirty } = form.formState;

  // The form then shows what the server now has.
  function showSaved(next: WebhookRetention) {
    form.reset({ days: next.days, invalidDays: next.invalidDays });
    setSaved(true);
  }
  const onError = (error: unknown) =>
    applyServerErrors(error, form.setError, { fields: ["days", "invalidDays"] });

  function submit(values: z.infer<typeof webhookRetentionFormSchema>) {
    const changes: UpdateWebhookRetentionInput = {
      ...(values.days !== current.days ? { days: values.days } : {}),
      ...(values.invalidDays !== current.invalidDays ? { invalidDays: values.invalidDays } : {}),
    };
    if (Object.keys(changes).length === 0) return;
    setSaved(false);
    save.mutate(changes, { onSuccess: showSaved, onError });
  }

  return (
    <form onSubmit={(e) => void form.handleSubmit(submit)(e)} onChange={() => setSaved(false)} noValidate>
      <div className="grid grid-cols-1 gap-5 px-5 py-5 sm:grid-cols-2">
        <Field
          label="Keep webhook events for"
          hint={current.saved.days ? "Saved value." : "The default (30 days)."}
          error={errors.days?.message}
        >
          <DaysInput {...form.register("days", { valueAsNumber: true })} />
        </Field>
        <Field
          label="Keep invalid ones for"
          hint={`Signed but refused bodies, kept longer for inspection. ${current.saved.invalidDays ? "Saved value." : "The default (90 days)."}`}
          error={errors.invalidDays?.message}
        >
          <DaysInput {...form.register("invalidDays", { valueAsNumber: true })} />
        </Field>
      </div>
      <FormError message={errors.root?.server?.message} className="mx-5 mb-4" />
      <div className="border-line bg-surface-muted/60 flex flex-wrap items-center gap-3 border-t px-5 py-3">
        <Button type="submit" variant="primary" disabled={!isDirty} pending={save.isPending}>
          {save.isPending ? "Saving…" : "Save retention"}
        </Button>
        {current.saved.days || current.saved.invalidDays ? (
          <Button
            disabled={save.isPending}
            onClick={() => save.mutate({ days: null, invalidDays: null }, { onSuccess: showSaved, onError })}
          >
            Back to the defaults
          </Button>
        ) : null}
        <span className="text-fg-muted text-xs" aria-live="polite">
          {saved && !isDirty ? "Saved." : ""}
        </span>
      </div>
    </form>
  );
}

function DaysInput(props: InputProps) {
  return (
    <div className="flex items-center gap-2">
      <Input type="number" inputMode="numeric" min={1} max={3650} step={1} className="max-w-28" {...props} />
      <span className="text-fg-soft text-sm">days</span>
    </div>
  );
}
