"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useQuery } from "@tanstack/react-query";
import { useEffect, useMemo, useRef, useState } from "react";
import { flushSync } from "react-dom";
import { FormProvider, get, useForm, useWatch, type FieldErrors } from "react-hook-form";
import { DialogShell, DialogTitle } from "@/components/ui/dialog";
import { FormError } from "@/components/ui/field";
import { Select } from "@/components/ui/input";
import { SendIcon, XIcon } from "@/components/ui/icons";
import { ApiError } from "@/lib/api-client/fetch";
import { applyServerErrors } from "@/lib/api-client/form-errors";
import type { TemplateParameter } from "@/lib/connectly/schemas";
import { conversationOptions } from "@/lib/messaging/queries";
import { buildFormModel, type FormModel } from "@/lib/templates/build-form";
import {
  useSendTemplateMessage,
  type TemplateRecipient,
} from "@/lib/templates/hooks/use-send-template-message";
import { templateListOptions } from "@/lib/templates/queries";
import type { TemplateDto } from "@/lib/templates/read-models";
import {
  draftPreviewValues,
  fieldPath,
  generatedDraft,
  issuePath,
  manualDraft,
  missingCount as countMissing,
  templateSendSchema,
  type TemplateSendDraft,
} from "@/lib/templates/template-send-draft";
import { ManualParametersEditor } from "./manual-parameters-editor";
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

type FlowProps = {
  recipient: TemplateRecipient;
  recipientLabel?: string;
  draft?: string;
  onClose(): void;
  onSent?(messageId: string, conversationId: string): void;
  initialTemplate?: TemplateChoice;
};

function SendFlow(props: FlowProps) {
  const list = useQuery(templateListOptions());
  // Mounted again once the list is there, so a template given on opening starts with its rows.
  return <SendForm key={list.data ? "loaded" : "loading"} templates={list.data?.templates} {...props} />;
}

function SendForm({
  templates,
  recipient,
  recipientLabel,
  onClose,
  onSent,
  initialTemplate,
  draft,
}: FlowProps & { templates: TemplateDto[] | undefined }) {
  const [choice, setChoice] = useState<TemplateChoice | null>(initialTemplate ?? null);
  const [hovered, setHovered] = useState<TemplateDto | null>(null);
  const template = templates?.find((t) => t.name === choice?.name && t.language === choice.language) ?? null;
  const translations = useMemo(
    () => templates?.filter((t) => t.name === choice?.name) ?? [],
    [templates, choice],
  );

  const model = useMemo(() => (template ? buildFormModel(template.components) : null), [template]);
  // Variables the app cannot derive: parameters are typed by hand (seeded with the ones it can see).
  const manual = template ? !template.variablesDerivable : false;
  const schema = useMemo(() => templateSendSchema(manual ? null : model), [manual, model]);
  const form = useForm<TemplateSendDraft, unknown, { parameters: TemplateParameter[] }>({
    resolver: zodResolver(schema),
    defaultValues: template && model ? draftFor(template, model) : { parameters: [] },
    // The first field with a problem may sit on another carousel card: invalid() shows its card, then focuses it.
    shouldFocusError: false,
  });
  const typed = useWatch({ control: form.control }) as TemplateSendDraft;
  const { errors } = form.formState;
  const [activeCard, setActiveCard] = useState(1);
  const idempotencyKey = useRef<string | null>(null);
  const send = useSendTemplateMessage();

  // Different content is a different send: a retry only reuses the key while nothing changed.
  useEffect(
    () => form.subscribe({ formState: { values: true }, callback: () => (idempotencyKey.current = null) }),
    [form],
  );

  function choose(next: TemplateDto) {
    setChoice({ name: next.name, language: next.language });
    // Values carry over to a translation with the same variables; the rest are dropped.
    form.reset(draftFor(next, buildFormModel(next.components), form.getValues()));
    setActiveCard(1);
    idempotencyKey.current = null;
  }

  function invalid(problems: FieldErrors<TemplateSendDraft>) {
    if (!model || manual) return;
    const first = model.fields.find((f) => get(problems, fieldPath(model, f)));
    if (!first) return;
    if (first.card !== null) flushSync(() => setActiveCard(first.card!));
    form.setFocus(fieldPath(model, first));
  }

  function submit({ parameters }: { parameters: TemplateParameter[] }) {
    if (!template || send.isPending) return;
    idempotencyKey.current ??= crypto.randomUUID();
    send.mutate(
      {
        recipient,
        templateName: template.name,
        language: template.language,
        parameters,
        idempotencyKey: idempotencyKey.current,
      },
      {
        onSuccess: (message) => {
          idempotencyKey.current = null;
          onSent?.(message.id, message.conversationId);
          onClose();
        },
        onError: (error) => {
          // Recorded and refused upstream: a corrected send is a new message.
          if (error instanceof ApiError && error.details && "messageId" in error.details)
            idempotencyKey.current = null;
          const current = form.getValues();
          applyServerErrors(error, form.setError, {
            fields: draftPaths(manual ? null : model, current),
            locate: (issue) => issuePath(current, issue.message),
          });
        },
      },
    );
  }

  const valuesForPreview = model ? draftPreviewValues(manual ? null : model, typed) : {};
  const missingCount = model && !manual ? countMissing(model, typed) : 0;

  return (
    <FormProvider {...form}>
      <form
        onSubmit={(e) => void form.handleSubmit(submit, invalid)(e)}
        noValidate
        className="flex min-h-0 flex-1 flex-col"
      >
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
                  <span
                    className="font-mono text-sm font-medium text-slate-900"
                    data-testid="chosen-template"
                  >
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
                          <option
                            key={t.language}
                            value={t.language}
                            disabled={Boolean(unavailableReason(t))}
                          >
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
                  <ManualParametersEditor />
                ) : model ? (
                  <TemplateVariableForm model={model} activeCard={activeCard} onActiveCard={setActiveCard} />
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
          <FormError message={errors.root?.server?.message} className="mb-2" />
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
    </FormProvider>
  );
}

/** The form's rows for a template: generated from its components, or typed by hand. */
function draftFor(template: TemplateDto, model: FormModel, previous?: TemplateSendDraft): TemplateSendDraft {
  return template.variablesDerivable ? generatedDraft(model, previous) : manualDraft(template.variables);
}

/** Every path of the draft a server issue may land on (the rest is the form's own error). */
function draftPaths(model: FormModel | null, draft: TemplateSendDraft): string[] {
  if (model) return model.fields.map((f) => fieldPath(model, f));
  return [
    "parameters",
    ...draft.parameters.flatMap((_, i) => [`parameters.${i}.name`, `parameters.${i}.value`]),
  ];
}
