"use client";

import { useId } from "react";
import { BareButton } from "@/components/ui/bare-button";
import { Input } from "@/components/ui/input";
import { resultingUrl, type FormField, type FormModel, type FormValues } from "@/lib/templates/build-form";

// The inputs a template needs, generated from its components (lib/templates/build-form.ts): header variable or
// media URL, body variables labelled with the words around them, link suffixes with the resulting URL, and one
// tab per carousel card. Controlled: the parent holds the values and the errors.

export function TemplateVariableForm({
  model,
  values,
  errors,
  onChange,
  activeCard,
  onActiveCard,
}: {
  model: FormModel;
  values: FormValues;
  errors: Readonly<Record<string, string>>;
  onChange: (key: string, value: string) => void;
  activeCard: number;
  onActiveCard: (card: number) => void;
}) {
  const idBase = useId();
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
  const cardHasError = (card: number) => model.fields.some((f) => f.card === card && errors[f.key]);

  return (
    <div className="space-y-4">
      {sections
        .filter((s) => s.fields.length > 0)
        .map((section) => (
          <fieldset key={section.title} className="space-y-3">
            <legend className="mb-1 text-xs font-semibold tracking-wide text-slate-500 uppercase">
              {section.title}
            </legend>
            {section.fields.map((field) => (
              <Field
                key={field.key}
                id={`${idBase}-${field.key}`}
                field={field}
                value={values[field.key] ?? ""}
                error={errors[field.key]}
                onChange={onChange}
              />
            ))}
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
            {cardFields.map((field) => (
              <Field
                key={field.key}
                id={`${idBase}-${field.key}`}
                field={field}
                value={values[field.key] ?? ""}
                error={errors[field.key]}
                onChange={onChange}
              />
            ))}
          </div>
        </fieldset>
      ) : null}
    </div>
  );
}

function Field({
  id,
  field,
  value,
  error,
  onChange,
}: {
  id: string;
  field: FormField;
  value: string;
  error: string | undefined;
  onChange: (key: string, value: string) => void;
}) {
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const describedBy =
    [field.context || field.role === "button_url" ? hintId : null, error ? errorId : null]
      .filter(Boolean)
      .join(" ") || undefined;
  const input = (
    <Input
      id={id}
      name={field.key}
      data-field={field.key}
      type={field.role === "header_media" ? "url" : "text"}
      value={value}
      onChange={(e) => onChange(field.key, e.target.value)}
      placeholder={field.example ? `e.g. ${field.example}` : undefined}
      invalid={Boolean(error)}
      aria-describedby={describedBy}
      aria-required={field.required}
      className={field.role === "button_url" ? "min-w-0 rounded-l-none" : "min-w-0"}
    />
  );
  return (
    <div>
      <label htmlFor={id} className="mb-1 block text-sm font-medium text-slate-700">
        {field.label}
        {field.required ? null : <span className="ml-1 font-normal text-slate-500">(optional)</span>}
      </label>
      {field.context ? (
        <p id={hintId} className="mb-1 truncate text-xs text-slate-500">
          {field.context.before}
          <span className="mx-0.5 rounded bg-amber-100 px-1 font-mono text-amber-800">{`{{${variableNumber(field)}}}`}</span>
          {field.context.after}
        </p>
      ) : null}
      {field.role === "button_url" ? (
        <>
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
          <p id={hintId} className="mt-1 truncate text-xs text-slate-500" data-testid="resulting-url">
            Opens <span className="font-mono text-slate-700">{resultingUrl(field, value || "…")}</span>
          </p>
        </>
      ) : (
        input
      )}
      {error ? (
        <p id={errorId} className="mt-1 text-xs text-red-700" data-testid="field-error">
          {error}
        </p>
      ) : null}
    </div>
  );
}

function variableNumber(field: FormField): string {
  return /_(\d+)$/.exec(field.parameter)?.[1] ?? "1";
}
