"use client";

import type { ReactNode } from "react";
import { get, type FieldErrors } from "react-hook-form";

// Pieces the template create form's editors share: the section frame, a label with a character counter, and
// the error at a draft path (issues may sit on a list itself, e.g. "buttons", as well as on its fields).

export function Section({ title, hint, children }: { title: string; hint?: string; children: ReactNode }) {
  return (
    <section className="border-line bg-surface rounded-xl border p-4">
      <h2 className="text-fg text-sm font-semibold">{title}</h2>
      {hint ? <p className="text-fg-muted mb-3 text-xs">{hint}</p> : <div className="mb-3" />}
      {children}
    </section>
  );
}

/** A label with "12/60" at its end; the counter is visual only, so the field's name stays the label. */
export function CountedLabel({ label, length, max }: { label: string; length: number; max: number }) {
  return (
    <span className="flex items-baseline">
      <span className="flex-1">{label}</span>
      <span
        aria-hidden
        className={`text-xs font-normal tabular-nums ${length > max ? "text-danger" : "text-fg-muted"}`}
      >{`${length}/${max}`}</span>
    </span>
  );
}

/** The message at a dotted path: the field's own, or a list's (`root`, as the resolver nests it). */
export function errorAt(errors: FieldErrors, path: string): string | undefined {
  const entry = get(errors, path) as { message?: unknown; root?: { message?: unknown } } | undefined;
  const message = entry?.message ?? entry?.root?.message;
  return typeof message === "string" && message !== "" ? message : undefined;
}

/** How many problems the form shows (each message once, wherever it sits). */
export function countErrors(errors: FieldErrors): number {
  let count = 0;
  const visit = (node: unknown, key: string) => {
    if (typeof node !== "object" || node === null || key === "ref") return;
    const entry = node as { message?: unknown };
    if (typeof entry.message === "string" && entry.message !== "") count++;
    for (const [k, child] of Object.entries(node)) if (k !== "message" && k !== "type") visit(child, k);
  };
  visit(errors, "");
  return count;
}
