"use client";

import { useRef, type KeyboardEvent, type ReactNode } from "react";
import { cn } from "./cn";

// A row of mutually exclusive choices that filter or switch what is already on screen: the inbox's Mine/All and
// status filters, the composer's Reply/Private note, a form's "kind" switch. As `tablist` (it switches a view) or
// `radiogroup` (it sets a value); either way one tab stop, arrow keys move and choose (the ARIA roving pattern).
// Tabs that own panels of their own are <Tabs> (tabs.tsx).

const looks = {
  /** Options on a sunken track, the chosen one raised. */
  track: {
    group: "flex rounded-lg bg-surface-sunken p-0.5",
    item: "flex-1 rounded-md px-2 py-1 text-xs font-medium",
    on: "bg-surface text-fg shadow-sm",
    off: "text-fg-muted hover:text-fg",
  },
  /** Separate pills, the chosen one filled with the accent. */
  pills: {
    group: "flex flex-wrap gap-1",
    item: "rounded-md px-2.5 py-1 text-xs font-medium",
    on: "bg-accent text-accent-fg",
    off: "text-fg-muted hover:bg-surface-sunken",
  },
  /** Pills filled dark when chosen: a mode switch (Reply / Private note). */
  dark: {
    group: "flex flex-wrap gap-1",
    item: "rounded-md px-2.5 py-1 text-xs font-medium",
    on: "bg-slate-900 text-white",
    off: "text-fg-muted hover:bg-surface-sunken",
  },
  /** A bordered box of options, sized to its content, at body text size. */
  outlined: {
    group: "inline-flex rounded-lg border border-line-strong p-0.5 text-sm",
    item: "rounded-md px-3 py-1",
    on: "bg-slate-800 text-white",
    off: "text-fg-soft hover:bg-surface-muted",
  },
} as const;

export type SegmentedOption<V extends string> = {
  value: V;
  label: ReactNode;
  /** The accessible name when the label is not plain text. */
  name?: string;
  testId?: string;
};

export function Segmented<V extends string>({
  options,
  value,
  onChange,
  label,
  role = "tablist",
  look = "track",
  className,
  itemClassName,
}: {
  options: readonly SegmentedOption<V>[];
  value: V;
  onChange: (value: V) => void;
  label: string;
  role?: "tablist" | "radiogroup";
  look?: keyof typeof looks;
  className?: string;
  /** Layout of each option (flex, gap) — not its colours. */
  itemClassName?: string;
}) {
  const refs = useRef<(HTMLButtonElement | null)[]>([]);
  const style = looks[look];
  const selected = Math.max(
    0,
    options.findIndex((o) => o.value === value),
  );

  function onKeyDown(e: KeyboardEvent, index: number) {
    const step =
      e.key === "ArrowRight" || e.key === "ArrowDown"
        ? 1
        : e.key === "ArrowLeft" || e.key === "ArrowUp"
          ? -1
          : 0;
    const next =
      e.key === "Home"
        ? 0
        : e.key === "End"
          ? options.length - 1
          : step
            ? (index + step + options.length) % options.length
            : -1;
    const option = options[next];
    if (!option) return;
    e.preventDefault();
    onChange(option.value);
    refs.current[next]?.focus();
  }

  return (
    <div role={role} aria-label={label} className={cn(style.group, className)}>
      {options.map((option, i) => {
        const on = i === selected;
        return (
          <button
            key={option.value}
            ref={(el) => {
              refs.current[i] = el;
            }}
            type="button"
            role={role === "tablist" ? "tab" : "radio"}
            aria-selected={role === "tablist" ? on : undefined}
            aria-checked={role === "radiogroup" ? on : undefined}
            aria-label={option.name}
            tabIndex={on ? 0 : -1}
            data-testid={option.testId}
            onClick={() => onChange(option.value)}
            onKeyDown={(e) => onKeyDown(e, i)}
            className={cn(
              "focus-visible:ring-focus outline-none focus-visible:ring-2",
              style.item,
              on ? style.on : style.off,
              itemClassName,
            )}
          >
            {option.label}
          </button>
        );
      })}
    </div>
  );
}
