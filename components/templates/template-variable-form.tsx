"use client";

import { useId } from "react";
import { get, useFormContext, useWatch } from "react-hook-form";
import { BareButton } from "@/components/ui/bare-button";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { resultingUrl, type FormField, type FormModel } from "@/lib/templates/build-form";
import { fieldPath, type TemplateSendDraft } from "@/lib/templates/template-send-draft";

// The inputs a template needs, generated from its components (lib/templates/build-form.ts): header variable or
// media URL, body variables labelled with the words around them, link suffixes with the resulting URL, and one
// tab per carousel card. Fields of the send dialog's form (lib/templates/template-send-draft.ts); the dialog
// holds the card shown, which the preview follows.

export function TemplateVariableForm({
  model,
  activeCard,
  onActiveCard,
}: {
  model: FormModel;
  activeCard: number;
  onActiveCard: (card: number) => void;
}) {
  const idBase = useId();
  const { errors } = useFormContext<TemplateSendDraft>().formState;
  const general = model.fields.filter((f) => f.card === null);
  if (model.fields.length === 0) {
    return (
      <p className="rounded-lg bg-slate-50 px-3 py-2 text-sm text-slate-600">
        This template has no variables: it is sent exactly as shown.
      </p>
    );
  }
  const sections: { title: string; fields: FormField[] }[] = [
    {
      title: "Header",
      fields: general.filter(
        (f) => f.role === "header_text" || f.role === "header_media" || f.role === "filename",
      ),
    },
    { title: "Body", fields: general.filter((f) => f.role === "body") },
    { title: "Buttons", fields: general.filter((f) => f.role === "button_url") },
  ];
  const cardFields = model.fields.filter((f) => f.card === activeCard);
  const cardHasError = (card: number) =>
    model.fields.some((f) => f.card === card && get(errors, fieldPath(model, f)));

  return (
    <div className="space-y-4">
      {sections
        .filter((s) => s.fields.length > 0)
        .map((section) => (
          <fieldset key={section.title} className="space-y-3">
            <legend className="mb-1 text-xs font-semibold tracking-wide text-slate-500 uppercase">
              {section.title}
            </legend>
            <VariableFields model={model} fields={section.fields} />
          </fieldset>
        ))}
      {model.cards.length > 0 ? (
        <fieldset>
          <legend className="mb-2 text-xs font-semibold tracking-wide text-slate-500 uppercase">
            Carousel cards
          </legend>
          <div
            role="tablist"
            aria-label="Carousel cards"
            className="flex flex-wrap gap-1 border-b border-slate-200"
          >
            {model.cards.map((card) => {
              const selected = card === activeCard;
              return (
                <BareButton
                  key={card}
                  role="tab"
                  id={`${idBase}-tab-${card}`}
                  aria-selected={selected}
                  aria-controls={`${idBase}-panel`}
                  onClick={() => onActiveCard(card)}
                  onKeyDown={(e) => {
                    const step = e.key === "ArrowRight" ? 1 : e.key === "ArrowLeft" ? -1 : 0;
                    if (!step) return;
                    e.preventDefault();
                    const next =
                      model.cards[
                        (model.cards.indexOf(card) + step + model.cards.length) % model.cards.length
                      ]!;
                    onActiveCard(next);
                    document.getElementById(`${idBase}-tab-${next}`)?.focus();
                  }}
                  tabIndex={selected ? 0 : -1}
                  className={`relative -mb-px rounded-t-md border px-3 py-1.5 text-sm ${
                    selected
                      ? "border-slate-200 border-b-white bg-white font-medium text-slate-900"
                      : "border-transparent text-slate-500 hover:text-slate-800"
                  }`}
                >
                  Card {card}
                  {cardHasError(card) ? (
                    <span
                      className="absolute top-1 right-1 h-1.5 w-1.5 rounded-full bg-red-500"
                      role="img"
                      aria-label="has errors"
                    />
                  ) : null}
                </BareButton>
              );
            })}
          </div>
          <div
            role="tabpanel"
            id={`${idBase}-panel`}
            aria-labelledby={`${idBase}-tab-${activeCard}`}
            className="space-y-3 pt-3"
          >
            <VariableFields model={model} fields={cardFields} />
          </div>
        </fieldset>
      ) : null}
    </div>
  );
}

function VariableFields({ model, fields }: { model: FormModel; fields: FormField[] }) {
  return fields.map((field) => <VariableField key={field.key} model={model} field={field} />);
}

function VariableField({ model, field }: { model: FormModel; field: FormField }) {
  const { register, control, formState } = useFormContext<TemplateSendDraft>();
  const path = fieldPath(model, field);
  const value = useWatch({ control, name: path }) ?? "";
  const error = (get(formState.errors, path) as { message?: string } | undefined)?.message;
  const contextId = useId();
  const input = (
    <Input
      type={field.role === "header_media" ? "url" : "text"}
      placeholder={field.example ? `e.g. ${field.example}` : undefined}
      aria-describedby={field.context ? contextId : undefined}
      aria-required={field.required}
      className={field.role === "button_url" ? "min-w-0 rounded-l-none" : "min-w-0"}
      {...register(path)}
    />
  );
  return (
    <Field
      label={
        <>
          {field.label}
          {field.required ? null : <span className="ml-1 font-normal text-slate-500">(optional)</span>}
        </>
      }
      hint={
        field.role === "button_url" ? (
          <span className="block truncate" data-testid="resulting-url">
            Opens <span className="font-mono text-slate-700">{resultingUrl(field, value || "…")}</span>
          </span>
        ) : undefined
      }
      error={error}
    >
      {field.context ? (
        <p id={contextId} className="mb-1 truncate text-xs text-slate-500">
          {field.context.before}
          <span className="mx-0.5 rounded bg-amber-100 px-1 font-mono text-amber-800">{`{{${variableNumber(field)}}}`}</span>
          {field.context.after}
        </p>
      ) : null}
      {field.role === "button_url" ? (
        <div className="flex">
          {/* The whole prefix, wrapped if long: a cut-off host is exactly what the sender needs to check. */}
          <span
            className="flex max-w-[55%] items-center rounded-l-md border border-r-0 border-slate-300 bg-slate-50 px-2 py-1 font-mono text-[11px] leading-tight break-all text-slate-600"
            data-testid="url-prefix"
          >
            {field.baseUrl}
          </span>
          {input}
        </div>
      ) : (
        input
      )}
    </Field>
  );
}

function variableNumber(field: FormField): string {
  return /_(\d+)$/.exec(field.parameter)?.[1] ?? "1";
}
