import type { ReactNode } from "react";
import { Button } from "./button";
import { cn } from "./cn";

/** A titled section on a surface: the unit pages are made of. */
export function Card({
  title,
  description,
  actions,
  children,
  className,
  bodyClassName,
}: {
  title?: ReactNode;
  description?: ReactNode;
  actions?: ReactNode;
  children: ReactNode;
  className?: string;
  bodyClassName?: string;
}) {
  return (
    <section
      aria-label={typeof title === "string" ? title : undefined}
      className={cn("border-line bg-surface rounded-xl border", className)}
    >
      {title || actions ? (
        <header className="border-line flex flex-wrap items-start gap-3 border-b px-4 py-3">
          <div className="min-w-48 flex-1">
            {title ? <h2 className="text-fg text-sm font-semibold">{title}</h2> : null}
            {description ? <p className="text-fg-muted mt-0.5 text-xs">{description}</p> : null}
          </div>
          {actions}
        </header>
      ) : null}
      <div className={cn("p-4", bodyClassName)}>{children}</div>
    </section>
  );
}

export function Skeleton({ className }: { className?: string }) {
  return <div aria-hidden className={cn("bg-surface-sunken animate-pulse rounded-md", className)} />;
}

/**
 * A failed load, said in words, with the server's message: "Could not load <what>: <message>".
 * `onRetry` adds an inline "Retry" button; `plain` drops the tinted box, for a note that sits
 * inside a list or card which is already a box; `children` follow the message (a way out).
 */
export function ErrorNote({
  what,
  error,
  onRetry,
  plain = false,
  className,
  children,
}: {
  what: string;
  error: Error | string;
  /** Called with no argument (a query's `refetch` fits as it is); a returned promise is not awaited. */
  onRetry?: () => unknown;
  plain?: boolean;
  className?: string;
  children?: ReactNode;
}) {
  return (
    <p
      role="alert"
      className={cn("text-danger text-sm", !plain && "bg-danger-soft rounded-md px-3 py-2", className)}
    >
      Could not load {what}: {typeof error === "string" ? error : error.message}
      {onRetry ? (
        <>
          {" "}
          <Button variant="inline" onClick={() => void onRetry()}>
            Retry
          </Button>
        </>
      ) : null}
      {children ? <> {children}</> : null}
    </p>
  );
}

/** A page's title row: heading, one line of what the page is for, and its main actions. */
export function PageHeader({
  title,
  description,
  actions,
}: {
  title: ReactNode;
  description?: ReactNode;
  actions?: ReactNode;
}) {
  return (
    <div className="mb-5 flex flex-wrap items-start justify-between gap-3">
      <div className="min-w-0">
        <h1 className="text-fg text-xl font-semibold">{title}</h1>
        {description ? <p className="text-fg-muted mt-1 text-sm">{description}</p> : null}
      </div>
      {actions ? <div className="flex flex-wrap items-center gap-2">{actions}</div> : null}
    </div>
  );
}
