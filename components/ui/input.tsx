"use client";

import type React from "react";
import type { InputHTMLAttributes, Ref, SelectHTMLAttributes, TextareaHTMLAttributes } from "react";
import { cn } from "./cn";
import { useFieldControl } from "./field";

// Text controls. Inside a <Field> they take its id, description and invalid state; `invalid` marks them
// outside one.

export const controlClass =
  "w-full rounded-lg border border-line-strong bg-surface px-3 py-2 text-sm text-fg outline-none placeholder:text-slate-400 focus:border-emerald-500 focus:ring-2 focus:ring-emerald-500/30 disabled:bg-surface-muted disabled:text-fg-muted aria-[invalid=true]:border-red-400";

function useControlProps(
  props: {
    id?: string;
    "aria-describedby"?: string;
    "aria-invalid"?: React.AriaAttributes["aria-invalid"];
    required?: boolean;
  },
  invalid?: boolean,
) {
  const field = useFieldControl();
  return {
    id: props.id ?? field?.id,
    "aria-describedby":
      [props["aria-describedby"], field?.describedBy].filter(Boolean).join(" ") || undefined,
    "aria-invalid":
      invalid ||
      field?.invalid ||
      props["aria-invalid"] === true ||
      props["aria-invalid"] === "true" ||
      undefined,
    required: props.required ?? (field?.required || undefined),
  };
}

export type InputProps = InputHTMLAttributes<HTMLInputElement> & {
  invalid?: boolean;
  /** The denser look of toolbars and filters, sized to its content (compactControlClass). */
  compact?: boolean;
  ref?: Ref<HTMLInputElement>;
};

export function Input({ className, invalid, compact, ...props }: InputProps) {
  return (
    <input
      {...props}
      {...useControlProps(props, invalid)}
      className={cn(compact ? compactControlClass : controlClass, className)}
    />
  );
}

export type TextareaProps = TextareaHTMLAttributes<HTMLTextAreaElement> & {
  invalid?: boolean;
  ref?: Ref<HTMLTextAreaElement>;
  /** The caller sizes it by `rows` as the text grows (the composer): no minimum height, no resize handle. */
  autoGrow?: boolean;
  /** "note": amber, for text only the team sees (an internal note). */
  tone?: "default" | "note";
};

const noteControlClass = controlClass
  .replace("border-line-strong", "border-amber-300")
  .replace(
    "focus:border-emerald-500 focus:ring-2 focus:ring-emerald-500/30",
    "focus:border-amber-500 focus:ring-2 focus:ring-amber-500/30",
  );

export function Textarea({
  className,
  invalid,
  autoGrow = false,
  tone = "default",
  ...props
}: TextareaProps) {
  return (
    <textarea
      {...props}
      {...useControlProps(props, invalid)}
      className={cn(
        tone === "note" ? noteControlClass : controlClass,
        autoGrow ? "block resize-none" : "min-h-20",
        className,
      )}
    />
  );
}

export type SelectProps = SelectHTMLAttributes<HTMLSelectElement> & {
  invalid?: boolean;
  /**
   * The denser look of toolbars and filters, sized to its content (compactControlClass); "xs": smaller still, at
   * caption size, for a header that must stay on one line (the thread's assignee and status).
   */
  compact?: boolean | "xs";
  ref?: Ref<HTMLSelectElement>;
};

/**
 * A styled native <select>: the platform's own list on phones and with screen readers, typeahead and keyboard
 * for free. (Radix Select re-implements all of that and is worth it only for rich option content.)
 */
export function Select({ className, invalid, compact, ...props }: SelectProps) {
  return (
    <select
      {...props}
      {...useControlProps(props, invalid)}
      className={cn(
        compact === "xs" ? xsControlClass : compact ? compactControlClass : cn(controlClass, "pr-8"),
        className,
      )}
    />
  );
}

/** A checkbox with its label beside it. */
export function Checkbox({
  label,
  hint,
  className,
  ...props
}: InputHTMLAttributes<HTMLInputElement> & { label: React.ReactNode; hint?: React.ReactNode }) {
  return (
    <label className={cn("text-fg-soft flex items-start gap-2 text-sm", className)}>
      <input
        type="checkbox"
        {...props}
        className="border-line-strong mt-0.5 size-4 rounded accent-emerald-600"
      />
      <span>
        {label}
        {hint ? <span className="text-fg-muted block text-xs">{hint}</span> : null}
      </span>
    </label>
  );
}

/** The denser control of toolbars and filters (a select beside a date range), sized to its content. */
export const compactControlClass =
  "min-w-0 rounded-lg border border-line-strong bg-surface px-2.5 py-1.5 text-sm text-fg-soft placeholder:text-slate-400 outline-none focus:border-emerald-500 focus:ring-2 focus:ring-emerald-500/30 disabled:bg-surface-muted disabled:text-fg-muted aria-[invalid=true]:border-red-400";
const xsControlClass = compactControlClass.replace("px-2.5 py-1.5 text-sm", "px-2 py-1.5 text-xs");
