"use client";

import type React from "react";
import type { InputHTMLAttributes, Ref } from "react";
import { cn } from "./cn";

/** A radio button with its label beside it (and an optional hint), the radio twin of the kit's Checkbox. */
export function Radio({
  label,
  hint,
  className,
  ...props
}: InputHTMLAttributes<HTMLInputElement> & {
  label: React.ReactNode;
  hint?: React.ReactNode;
  ref?: Ref<HTMLInputElement>;
}) {
  return (
    <label className={cn("text-fg-soft flex items-start gap-2 text-sm", className)}>
      <input type="radio" {...props} className="mt-0.5 size-4 accent-emerald-600" />
      <span>
        {label}
        {hint ? <span className="text-fg-muted block text-xs">{hint}</span> : null}
      </span>
    </label>
  );
}
