"use client";

import type { ReactNode } from "react";

// Small building blocks shared by the analytics views.

export function Empty({ children }: { children: ReactNode }) {
  return (
    <p className="rounded-lg border border-dashed border-slate-200 px-4 py-6 text-center text-sm text-slate-500">
      {children}
    </p>
  );
}

/** A thin horizontal bar for shares inside table cells. */
export function ShareBar({
  value,
  color = "bg-slate-400",
  label,
}: {
  value: number;
  color?: string;
  label: string;
}) {
  return (
    <div className="flex items-center gap-2">
      <div className="h-1.5 w-20 overflow-hidden rounded-full bg-slate-100" aria-hidden>
        <div
          className={`h-full rounded-full ${color}`}
          style={{ width: `${Math.min(100, Math.max(0, value * 100))}%` }}
        />
      </div>
      <span className="text-slate-600 tabular-nums">{label}</span>
    </div>
  );
}
