import type { ReactNode } from "react";
import { cn } from "./cn";

/** What a list shows when it has nothing: what is missing, why, and the next step. */
export function EmptyState({
  title,
  children,
  action,
  icon,
  className,
}: {
  title: string;
  children?: ReactNode;
  action?: ReactNode;
  icon?: ReactNode;
  className?: string;
}) {
  return (
    <div
      className={cn(
        "border-line flex flex-col items-center gap-2 rounded-xl border border-dashed px-6 py-10 text-center",
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
