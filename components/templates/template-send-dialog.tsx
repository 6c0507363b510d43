"use client";

import { useQuery } from "@tanstack/react-query";
import { useMemo, useRef, useState, type FormEvent } from "react";
import { DialogShell, DialogTitle } from "@/components/ui/dialog";
import { Select } from "@/components/ui/input";
import { SendIcon, XIcon } from "@/components/ui/icons";
import { ApiError } from "@/lib/api-client/fetch";
import { conversationOptions } from "@/lib/messaging/queries";
import {
  buildFormModel,
  buildParameters,
  previewValues,
  validateFormValues,
  type FormValues,
} from "@/lib/templates/build-form";
import {
  useSendTemplateMessage,
  type TemplateRecipient,
} from "@/lib/templates/hooks/use-send-template-message";
import { templateListOptions } from "@/lib/templates/queries";
import type { TemplateDto } from "@/lib/templates/read-models";
import {
  manualParameterProblem,
  ManualParametersEditor,
  type ManualParameter,
} from "./manual-parameters-editor";
import { TemplatePicker, type TemplateChoice } from "./template-picker";
import { TemplatePreview } from "./template-preview";
import { unavailableReason } from "./template-status-badge";
import { TemplateVariableForm } from "./template-variable-form";
import { Button } from "@/components/ui/button";

type DialogProps = {
  open: boolean;
  onClose(): void;
  /** Start on this template instead of the picker. */
  initialTemplate?: TemplateChoice;
  /** The agent's unsent reply (the 24-hour window closed under it): shown as context while filling the template. */
  draft?: string;
};

/** Pick an approved template, fill its variables, preview it and send it into a conversation. */
export function TemplateSendDialog({
  conversationId,
  onSent,
  ...props
}: DialogProps & { conversationId: string; onSent?(messageId: string): void }) {
  const conversation = useQuery({ ...conversationOptions(conversationId), enabled: props.open });
  const contact = conversation.data?.contact;
  const label = contact
    ? [contact.name, contact.phone ?? contact.bsuid].filter(Boolean).join(" · ")
    : undefined;
  return (
    <TemplateSendDialogBase
      recipient={{ conversationId }}
      recipientLabel={label}
      onSent={onSent}
      {...props}
    />
  );
}

/** The same dialog for any recipient: an existing conversation, or a phone number / BSUID to start one. */
export function TemplateSendDialogBase({
  recipient,
  recipientLabel,
  open,
  onClose,
  onSent,
  initialTemplate,
  draft,
}: DialogProps & {
  recipient: TemplateRecipient;
  recipientLabel?: string;
  onSent?(messageId: string, conversationId: string): void;
}) {
  return (
    // A fixed height: the preview changes with the hovered template and must not move the list under the pointer.
    <DialogShell
      open={open}
      onClose={onClose}
      testId="template-send-dialog"
      className="h-[min(92vh,52rem)] max-w-5xl"
    >
      <SendFlow
        recipient={recipient}
        recipientLabel={recipientLabel}
        onClose={onClose}
        onSent={onSent}
        initialTemplate={initialTemplate}
        draft={draft}
      />
    </DialogShell>
  );
}

function SendFlow({
  recipient,
  recipientLabel,
  onClose,
  onSent,
  initialTemplate,
  draft,
}: {
  recipient: TemplateRecipient;
  recipientLabel?: string;
  draft?: string;
  onClose(): void;
  onSent?(messageId: string, conversationId: string): void;
  initialTemplate?: TemplateChoice;
}) {
  const list = useQuery(templateListOptions());
  const [choice, setChoice] = useState<TemplateChoice | null>(initialTemplate ?? null);
  const [hovered, setHovered] = useState<TemplateDto | null>(null);
  const template =
    list.data?.templates.find((t) => t.name === choice?.name && t.language === choice.language) ?? null;
  const translations = useMemo(
    () => list.data?.templates.filter((t) => t.name === choice?.name) ?? [],
    [list.data, choice],
  );

  const model = useMemo(() => (template ? buildFormModel(template.components) : null), [template]);
  // Variables the app cannot derive: parameters are typed by hand (seeded with the ones it can see).
  const manual = template ? !template.variablesDerivable : false;
  const [manualRows, setManualRows] = useState<ManualParameter[]>([]);
  const [manualError, setManualError] = useState<string | null>(null);
  const [values, setValues] = useState<FormValues>({});
  const [showErrors, setShowErrors] = useState(false);
  const [serverErrors, setServerErrors] = useState<Record<string, string>>({});
  const [activeCard, setActiveCard] = useState(1);
  const [apiError, setApiError] = useState<string | null>(null);
  const idempotencyKey = useRef<string | null>(null);
  const send = useSendTemplateMessage();

  const errors = useMemo(
    () => (model && showErrors ? { ...serverErrors, ...validateFormValues(model, values) } : serverErrors),
    [model, showErrors, values, serverErrors],
  );

  function choose(next: TemplateDto) {
    setChoice({ name: next.name, language: next.language });
    // Values carry over to a translation with the same variables; the rest are dropped.
    const nextModel = buildFormModel(next.components);
    setValues((old) =>
      Object.fromEntries(Object.entries(old).filter(([key]) => nextModel.fields.some((f) => f.key === key))),
    );
    setManualRows(next.variablesDerivable ? [] : next.variables.map((name) => ({ name, value: "" })));
    setManualError(null);
    setShowErrors(false);
    setServerErrors({});
    setApiError(null);
    setActiveCard(1);
    idempotencyKey.current = null;
  }

  function change(key: string, value: string) {
    setValues((old) => ({ ...old, [key]: value }));
    setServerErrors((old) => {
      if (!(key in old)) return old;
      const rest = { ...old };
      delete rest[key];
      return rest;
    });
    // Different content is a different send: a retry only reuses the key while nothing changed.
    idempotencyKey.current = null;
  }

  function focusField(key: string) {
    requestAnimationFrame(() =>
      document.querySelector<HTMLElement>(`[data-field="${CSS.escape(key)}"]`)?.focus(),
    );
  }

  function submit(e: FormEvent) {
    e.preventDefault();
    if (!template || !model || send.isPending) return;
    if (manual) {
      const problem = manualParameterProblem(manualRows);
      setManualError(problem);
      if (problem) return;
    }
    const problems = manual ? {} : validateFormValues(model, values);
    setShowErrors(true);
    setApiError(null);
    const firstBad = model.fields.find((f) => problems[f.key]);
    if (firstBad) {
      if (firstBad.card !== null) setActiveCard(firstBad.card);
      focusField(firstBad.key);
      return;
    }
    idempotencyKey.current ??= crypto.randomUUID();
    send.mutate(
      {
        recipient,
        templateName: template.name,
        language: template.language,
        parameters: manual ? manualRows.filter((r) => r.name !== "") : buildParameters(model, values),
        idempotencyKey: idempotencyKey.current,
      },
      {
        onSuccess: (message) => {
          idempotencyKey.current = null;
          onSent?.(message.id, message.conversationId);
          onClose();
        },
        onError: (error) => {
          if (!(error instanceof ApiError)) {
            setApiError("The template could not be sent.");
            return;
          }
          setApiError(error.message);
          if (manual) setManualError(error.message);
          // Recorded and refused upstream: a corrected send is a new message.
          if (error.details && "messageId" in error.details) idempotencyKey.current = null;
          const byField: Record<string, string> = {};
          const issues = (error.details?.issues ?? []) as { path?: string; message?: string }[];
          for (const issue of issues) {
            const field = model.fields.find(
              (f) => f.role !== "filename" && issue.message?.startsWith(`${f.parameter} `),
            );
            if (field && issue.message) byField[field.key] = issue.message;
          }
          setServerErrors(byField);
        },
      },
    );
  }

  const valuesForPreview = manual
    ? Object.fromEntries(manualRows.filter((r) => r.name !== "").map((r) => [r.name, r.value]))
    : model
      ? previewValues(model, values)
      : {};
  const missingCount =
    model && !manual ? model.fields.filter((f) => f.required && !(values[f.key] ?? "").trim()).length : 0;

  return (
    <form onSubmit={submit} noValidate className="flex min-h-0 flex-1 flex-col">
      <header className="flex items-center gap-3 border-b border-slate-200 px-5 py-3">
        <div className="min-w-0 flex-1">
          <DialogTitle>Send a template</DialogTitle>
          {recipientLabel ? <p className="truncate text-xs text-slate-500">To {recipientLabel}</p> : null}
          {draft ? (
            <p
              className="mt-1 line-clamp-2 text-xs break-words text-slate-600"
              data-testid="template-draft-context"
            >
              <span className="font-medium">Your unsent reply:</span> {draft}
            </p>
          ) : null}
        </div>
        <Button onClick={onClose} aria-label="Close" variant="ghost" size="icon">
          <XIcon />
        </Button>
      </header>

      <div className="grid min-h-0 flex-1 grid-cols-1 overflow-hidden md:grid-cols-[minmax(0,1fr)_22rem]">
        <div className="min-h-0 overflow-y-auto p-5">
          {!template ? (
            <TemplatePicker selected={choice} onSelect={choose} onPreview={setHovered} autoFocus />
          ) : (
            <div className="space-y-4">
              <div className="flex flex-wrap items-center gap-2 rounded-lg bg-slate-50 px-3 py-2">
                <span className="font-mono text-sm font-medium text-slate-900" data-testid="chosen-template">
                  {template.name}
                </span>
                {translations.length > 1 ? (
                  <label className="flex items-center gap-1 text-xs text-slate-600">
                    Language
                    <Select
                      compact
                      value={template.language}
                      onChange={(e) => {
                        const next = translations.find((t) => t.language === e.target.value);
                        if (next) choose(next);
                      }}
                      className="font-mono"
                    >
                      {translations.map((t) => (
                        <option key={t.language} value={t.language} disabled={Boolean(unavailableReason(t))}>
                          {t.language}
                          {unavailableReason(t) ? ` (${unavailableReason(t)})` : ""}
                        </option>
                      ))}
                    </Select>
                  </label>
                ) : (
                  <span className="font-mono text-xs text-slate-500">{template.language}</span>
                )}
                <Button onClick={() => setChoice(null)} variant="link" className="ml-auto text-xs">
                  Change template
                </Button>
              </div>
              {manual ? (
                <ManualParametersEditor
                  rows={manualRows}
                  onChange={(rows) => {
                    setManualRows(rows);
                    idempotencyKey.current = null;
                  }}
                  error={manualError}
                />
              ) : model ? (
                <TemplateVariableForm
                  model={model}
                  values={values}
                  errors={errors}
                  onChange={change}
                  activeCard={activeCard}
                  onActiveCard={setActiveCard}
                />
              ) : null}
            </div>
          )}
        </div>
        <aside
          className="hidden min-h-0 overflow-y-auto border-l border-slate-200 bg-slate-50 p-4 md:block"
          aria-label="Preview"
        >
          <p className="mb-2 text-xs font-semibold tracking-wide text-slate-500 uppercase">Preview</p>
          {template ? (
            <TemplatePreview
              components={template.components}
              values={valuesForPreview}
              activeCard={activeCard}
            />
          ) : hovered ? (
            <TemplatePreview components={hovered.components} />
          ) : (
            <p className="rounded-lg border border-dashed border-slate-300 p-6 text-center text-sm text-slate-500">
              Pick a template to see how it will look.
            </p>
          )}
        </aside>
      </div>

      <footer className="border-t border-slate-200 px-5 py-3">
        {apiError ? (
          <p
            role="alert"
            className="mb-2 rounded-md bg-red-50 px-3 py-2 text-sm text-red-800"
            data-testid="send-error"
          >
            {apiError}
          </p>
        ) : null}
        <div className="flex items-center gap-3">
          <p className="flex-1 text-xs text-slate-500">
            {template
              ? missingCount > 0
                ? `${missingCount} variable${missingCount === 1 ? "" : "s"} left to fill`
                : "Ready to send"
              : "Only approved templates can be sent."}
          </p>
          <Button onClick={onClose} variant="ghost">
            Cancel
          </Button>
          <Button type="submit" disabled={!template || send.isPending} variant="primary">
            <SendIcon />
            {send.isPending ? "Sending…" : "Send template"}
          </Button>
        </div>
      </footer>
    </form>
  );
}
