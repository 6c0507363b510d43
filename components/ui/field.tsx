"use client";

import { createContext, useContext, useId, type ReactNode } from "react";
import { cn } from "./cn";

// Field = label + control + hint + error, wired for assistive technology: the control (Input, Textarea, Select)
// reads its id, aria-describedby and aria-invalid from this context, so no form repeats the wiring.

type FieldContextValue = { id: string; describedBy: string | undefined; invalid: boolean; required: boolean };
const FieldContext = createContext<FieldContextValue | null>(null);

/** The wiring of the enclosing <Field>, or nothing outside one. */
export function useFieldControl(): FieldContextValue | null {
  return useContext(FieldContext);
}

export function Field({
  label,
  hint,
  error,
  required = false,
  id: givenId,
  className,
  labelHidden = false,
  children,
}: {
  label: ReactNode;
  hint?: ReactNode;
  error?: string;
  required?: boolean;
  id?: string;
  className?: string;
  /** The label is read by screen readers but not shown (a search box with a placeholder). */
  labelHidden?: boolean;
  children: ReactNode;
}) {
  const generated = useId();
  const id = givenId ?? generated;
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(" ") || undefined;
  return (
    <FieldContext.Provider value={{ id, describedBy, invalid: Boolean(error), required }}>
      <div className={cn("min-w-0", className)}>
        <label
          htmlFor={id}
          className={labelHidden ? "sr-only" : "text-fg-soft mb-1 block text-sm font-medium"}
        >
          {label}
          {required ? (
            <span aria-hidden className="text-danger ml-0.5">
              *
            </span>
          ) : null}
        </label>
        {children}
        {hint ? (
          <p id={hintId} className="text-fg-muted mt-1 text-xs">
            {hint}
          </p>
        ) : null}
        <FieldError id={errorId} message={error} />
      </div>
    </FieldContext.Provider>
  );
}

/** An error line under a control; `role="alert"` so it is announced when it appears. */
export function FieldError({ id, message }: { id?: string; message: string | undefined }) {
  if (!message) return null;
  return (
    <p id={id} role="alert" className="text-danger mt-1 text-xs" data-testid="field-error">
      {message}
    </p>
  );
}

/** A group of related controls (radio buttons, checkboxes) with a visible legend. */
export function Fieldset({
  legend,
  hint,
  children,
  className,
}: {
  legend: ReactNode;
  hint?: ReactNode;
  children: ReactNode;
  className?: string;
}) {
  return (
    <fieldset className={cn("min-w-0", className)}>
      <legend className="text-fg-soft mb-1 text-sm font-medium">{legend}</legend>
      {hint ? <p className="text-fg-muted mb-2 text-xs">{hint}</p> : null}
      {children}
    </fieldset>
  );
}

/**
 * A form's own error: the server's answer when it names no field (`errors.root.server`, set by applyServerErrors).
 * Boxed under the form, or `inline` text beside its buttons (its size from `className`); announced when it appears.
 */
export function FormError({
  message,
  inline = false,
  className,
}: {
  message: string | undefined;
  inline?: boolean;
  className?: string;
}) {
  if (!message) return null;
  return (
    <p
      role="alert"
      className={cn(
        inline ? "text-danger" : "bg-danger-soft text-danger rounded-lg px-3 py-2 text-sm",
        className,
      )}
    >
      {message}
    </p>
  );
}
