"use client";

import type { InputHTMLAttributes, Ref, SelectHTMLAttributes } from "react";
import { cn } from "./cn";
import { compactControlClass } from "./input";

// The denser controls of toolbars, filters and sentence-like rows ("Contacts matching [all] of these"), sized to
// their content rather than the full width. Named by `aria-label` or a wrapping <label>, not by a <Field>.

const compactClass = cn(
  compactControlClass,
  "min-w-0 placeholder:text-slate-400 disabled:bg-surface-muted disabled:text-fg-muted aria-[invalid=true]:border-red-400",
);

export function CompactSelect({
  className,
  invalid,
  ...props
}: SelectHTMLAttributes<HTMLSelectElement> & { invalid?: boolean; ref?: Ref<HTMLSelectElement> }) {
  return (
    <select
      {...props}
      aria-invalid={invalid || props["aria-invalid"] || undefined}
      className={cn(compactClass, className)}
    />
  );
}

export function CompactInput({
  className,
  invalid,
  ...props
}: InputHTMLAttributes<HTMLInputElement> & { invalid?: boolean; ref?: Ref<HTMLInputElement> }) {
  return (
    <input
      {...props}
      aria-invalid={invalid || props["aria-invalid"] || undefined}
      className={cn(compactClass, className)}
    />
  );
}
