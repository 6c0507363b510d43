"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useQuery } from "@tanstack/react-query";
import { FormProvider, useForm } from "react-hook-form";
import { Button } from "@/components/ui/button";
import { FormError } from "@/components/ui/field";
import { applyServerErrors } from "@/lib/api-client/form-errors";
import {
  AUTOMATION_FIELDS,
  automationDraftSchema,
  toAutomationDraft,
  type AutomationDraft,
} from "@/lib/automation/automation-draft";
import { useUpdateAutomationSettings } from "@/lib/automation/hooks/use-update-automation-settings";
import { automationSettingsOptions } from "@/lib/automation/queries";
import type { AutomationSettings, UpdateAutomationSettingsInput } from "@/lib/automation/schemas";
import { BusinessHoursEditor } from "./automation/business-hours-editor";
import { CampaignPoliciesEditor } from "./automation/campaign-policies-editor";
import { AssignmentEditor, AutoResolveEditor } from "./automation/conversation-editors";
import { MessageEditor } from "./automation/message-editor";
import { SectionQuery, SettingsSection } from "./settings-section";

// Settings → Automation: business hours, the welcome and away messages, auto-resolve, the CSAT survey,
// auto-assignment and the campaign send policies. Every automated message has a text (sent while the customer's
// 24-hour window is open) and an optional template (sent when it is closed); without a template nothing is sent
// outside the window. The form's state is a draft (lib/automation/automation-draft.ts), saved whole.

export function AutomationSection() {
  const automation = useQuery(automationSettingsOptions());
  // Here, not in the form: a save replaces the cached settings and so remounts the form (keyed by them).
  const save = useUpdateAutomationSettings();
  return (
    <SettingsSection
      headingId="automation-heading"
      title="Automation"
      testId="automation-settings"
      description={
        <>
          Business hours and the messages sent for you. Each message goes as text while the customer&apos;s
          24-hour window is open and as the template you pick when it is closed; without a template, nothing
          is sent then.
        </>
      }
    >
      <SectionQuery query={automation} what="the automation settings" placeholderClass="h-48">
        {(current) => <AutomationForm key={JSON.stringify(current)} current={current} save={save} />}
      </SectionQuery>
    </SettingsSection>
  );
}

function AutomationForm({
  current,
  save,
}: {
  current: AutomationSettings;
  save: ReturnType<typeof useUpdateAutomationSettings>;
}) {
  const form = useForm<AutomationDraft, unknown, UpdateAutomationSettingsInput>({
    resolver: zodResolver(automationDraftSchema),
    defaultValues: toAutomationDraft(current),
  });
  const { errors, isDirty } = form.formState;

  // A change makes the last answer stale: "Saved." or the server's error no longer describes the draft.
  function stale() {
    if (save.isSuccess || save.isError) save.reset();
    if (errors.root) form.clearErrors("root");
  }
  function submit(body: UpdateAutomationSettingsInput) {
    save.mutate(body, {
      onError: (error) => applyServerErrors(error, form.setError, { fields: AUTOMATION_FIELDS }),
    });
  }

  return (
    <FormProvider {...form}>
      <form onSubmit={(e) => void form.handleSubmit(submit)(e)} onChange={stale} noValidate>
        <div className="divide-y divide-slate-100">
          <BusinessHoursEditor />
          <MessageEditor
            name="welcome"
            title="Welcome message"
            toggleLabel="Send the welcome message"
            hint="Sent once, on a customer's first message."
          />
          <MessageEditor
            name="away"
            title="Away message"
            toggleLabel="Send the away message"
            hint="Sent when a customer writes outside business hours, once per conversation until you open again. {{next_opening}} becomes the day and time you open."
          />
          <AutoResolveEditor />
          <MessageEditor
            name="csat"
            title="Satisfaction survey (CSAT)"
            toggleLabel="Send the survey when a conversation is resolved"
            hint="Sent when a conversation is resolved: the text is the question above a 1–5 list; the customer's answer is stored on the conversation and shown in the thread. At most one survey per conversation a day."
            textLabel="Question"
          />
          <AssignmentEditor />
          <CampaignPoliciesEditor />
        </div>
        <FormError message={errors.root?.server?.message} className="mx-5 mb-4" />
        <div className="flex flex-wrap items-center gap-3 border-t border-slate-100 bg-slate-50/60 px-5 py-3">
          <Button type="submit" disabled={!isDirty} pending={save.isPending} variant="primary">
            {save.isPending ? "Saving…" : "Save automation"}
          </Button>
          <span className="text-xs text-slate-500" aria-live="polite">
            {save.isSuccess && !isDirty ? "Saved." : ""}
          </span>
        </div>
      </form>
    </FormProvider>
  );
}
