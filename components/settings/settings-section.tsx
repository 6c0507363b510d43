import type { UseQueryResult } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { ErrorNote } from "@/components/ui/card";

// The frame every section of the settings page shares: a card named by its heading, a line on what it does, and
// the section's own data while it loads, when it failed (with Retry) and when it is there.

export function SettingsSection({
  headingId,
  title,
  description,
  actions,
  id,
  testId,
  children,
}: {
  headingId: string;
  title: ReactNode;
  description: ReactNode;
  /** Beside the heading (a "New …" button). */
  actions?: ReactNode;
  /** For links to the section (#labels). */
  id?: string;
  testId?: string;
  children: ReactNode;
}) {
  return (
    <section
      id={id}
      className="rounded-xl border border-slate-200 bg-white shadow-sm"
      aria-labelledby={headingId}
      data-testid={testId}
    >
      <div className="flex flex-wrap items-start justify-between gap-3 border-b border-slate-100 px-5 py-4">
        <div className="min-w-0 flex-1">
          <h2 id={headingId} className="text-sm font-semibold text-slate-900">
            {title}
          </h2>
          <p className="mt-1 text-xs text-slate-500">{description}</p>
        </div>
        {actions}
      </div>
      {children}
    </section>
  );
}

/**
 * A section's query: "Loading…" (or a blank placeholder of `placeholderClass`'s height while it loads), the error
 * with Retry, or the data.
 */
export function SectionQuery<T>({
  query,
  what,
  placeholderClass,
  children,
}: {
  query: UseQueryResult<T>;
  /** "the labels", in "Could not load the labels: …". */
  what: string;
  placeholderClass?: string;
  children: (data: T) => ReactNode;
}) {
  if (query.isPending)
    return placeholderClass ? (
      <div className={`${placeholderClass} animate-pulse`} aria-busy="true" />
    ) : (
      <p className="px-5 py-5 text-sm text-slate-500" aria-busy="true">
        Loading…
      </p>
    );
  if (query.isError)
    return <ErrorNote className="m-5" what={what} error={query.error} onRetry={query.refetch} />;
  return <>{children(query.data)}</>;
}
