import type { ReactNode } from "react";
import { useFormContext } from "react-hook-form";
import type { AutomationDraft } from "@/lib/automation/automation-draft";
import type { UpdateAutomationSettingsInput } from "@/lib/automation/schemas";

/** The automation form, as its editors read it from the form context (FormProvider in automation-section.tsx). */
export const useAutomationForm = () =>
  useFormContext<AutomationDraft, unknown, UpdateAutomationSettingsInput>();

/** One part of the automation form: a group named by its heading, with a line on what it does. */
export function Block({
  title,
  hint,
  headingId,
  children,
}: {
  title: string;
  hint: string;
  headingId: string;
  children: ReactNode;
}) {
  return (
    <fieldset className="min-w-0 space-y-3 px-5 py-5" aria-labelledby={headingId}>
      <div>
        <h3 id={headingId} className="text-sm font-medium text-slate-900">
          {title}
        </h3>
        <p className="mt-0.5 text-xs text-slate-500">{hint}</p>
      </div>
      {children}
    </fieldset>
  );
}
