import type { ReactNode } from "react";
import { cn } from "./cn";

/** What a list shows when it has nothing: what is missing, why, and the next step. */
export function EmptyState({
  title,
  children,
  action,
  icon,
  bare = false,
  className,
}: {
  title: string;
  children?: ReactNode;
  action?: ReactNode;
  icon?: ReactNode;
  /** No dashed border: for a list that already sits inside a card. */
  bare?: boolean;
  className?: string;
}) {
  return (
    <div
      className={cn(
        "flex flex-col items-center gap-2 px-6 py-10 text-center",
        !bare && "border-line rounded-xl border border-dashed",
        className,
      )}
    >
      {icon ? <div className="text-slate-500">{icon}</div> : null}
      <p className="text-fg text-sm font-semibold">{title}</p>
      {children ? <div className="text-fg-muted max-w-md text-sm">{children}</div> : null}
      {action ? <div className="mt-2">{action}</div> : null}
    </div>
  );
}
