"use client";

import type { Ref } from "react";
import { cn } from "./cn";
import { controlClass } from "./input";

/** A search box: a magnifier, a visually hidden label, and a clear button once something is typed. */
export function SearchInput({
  value,
  onChange,
  label,
  placeholder,
  className,
  ref,
  id,
  maxLength,
  keyShortcuts,
  autoFocus,
}: {
  value: string;
  onChange: (value: string) => void;
  label: string;
  placeholder?: string;
  className?: string;
  ref?: Ref<HTMLInputElement>;
  id?: string;
  maxLength?: number;
  /** The shortcut that focuses it, for assistive technology (`aria-keyshortcuts`). */
  keyShortcuts?: string;
  autoFocus?: boolean;
}) {
  return (
    <div className={cn("relative min-w-0", className)}>
      <svg
        aria-hidden
        viewBox="0 0 20 20"
        className="pointer-events-none absolute top-1/2 left-2.5 size-4 -translate-y-1/2 text-slate-500"
        fill="currentColor"
      >
        <path
          fillRule="evenodd"
          d="M9 3.5a5.5 5.5 0 1 0 3.4 9.82l3.64 3.64a.75.75 0 1 0 1.06-1.06l-3.64-3.64A5.5 5.5 0 0 0 9 3.5ZM5 9a4 4 0 1 1 8 0 4 4 0 0 1-8 0Z"
          clipRule="evenodd"
        />
      </svg>
      <input
        ref={ref}
        id={id}
        type="search"
        aria-label={label}
        maxLength={maxLength}
        aria-keyshortcuts={keyShortcuts}
        autoFocus={autoFocus}
        value={value}
        placeholder={placeholder ?? label}
        onChange={(e) => onChange(e.target.value)}
        className={cn(controlClass, "pl-8", value ? "pr-8" : "")}
      />
      {value ? (
        <button
          type="button"
          aria-label="Clear search"
          onClick={() => onChange("")}
          className="hover:text-fg-soft focus-visible:ring-focus absolute top-1/2 right-1.5 -translate-y-1/2 rounded p-1 text-slate-500 outline-none focus-visible:ring-2"
        >
          <svg aria-hidden viewBox="0 0 20 20" className="size-3.5" fill="currentColor">
            <path d="M6.28 5.22a.75.75 0 0 0-1.06 1.06L8.94 10l-3.72 3.72a.75.75 0 1 0 1.06 1.06L10 11.06l3.72 3.72a.75.75 0 1 0 1.06-1.06L11.06 10l3.72-3.72a.75.75 0 0 0-1.06-1.06L10 8.94 6.28 5.22Z" />
          </svg>
        </button>
      ) : null}
    </div>
  );
}
