import type { HTMLAttributes, ReactNode, TdHTMLAttributes, ThHTMLAttributes } from "react";
import { cn } from "./cn";

// Table parts with the app's look. The wrapper scrolls sideways on narrow screens instead of the page.

/**
 * A box that scrolls sideways on narrow screens. Focusable and named, so a keyboard user can scroll it too (a
 * scrolling region with nothing focusable inside is out of reach otherwise: axe's scrollable-region-focusable).
 */
export function ScrollRegion({
  label,
  className,
  children,
}: {
  label: string;
  className?: string;
  children: ReactNode;
}) {
  return (
    <div
      role="region"
      aria-label={label}
      tabIndex={0}
      className={cn(
        "overflow-x-auto focus-visible:ring-2 focus-visible:ring-emerald-500 focus-visible:outline-none",
        className,
      )}
    >
      {children}
    </div>
  );
}

export function Table({
  children,
  className,
  label,
  ...props
}: HTMLAttributes<HTMLTableElement> & { label?: string }) {
  const table = (
    <table aria-label={label} className={cn("w-full text-left text-sm", className)} {...props}>
      {children}
    </table>
  );
  return label ? (
    <ScrollRegion label={label}>{table}</ScrollRegion>
  ) : (
    <div className="overflow-x-auto">{table}</div>
  );
}

export function THead({ children }: { children: ReactNode }) {
  return (
    <thead className="border-line text-fg-muted border-b text-xs font-medium tracking-wide uppercase">
      {children}
    </thead>
  );
}

export function TBody({ children }: { children: ReactNode }) {
  return <tbody className="divide-line divide-y">{children}</tbody>;
}

export function Tr({ className, ...props }: HTMLAttributes<HTMLTableRowElement>) {
  return <tr className={cn("align-top", className)} {...props} />;
}

export function Th({ className, scope = "col", ...props }: ThHTMLAttributes<HTMLTableCellElement>) {
  return <th scope={scope} className={cn("px-3 py-2 font-medium whitespace-nowrap", className)} {...props} />;
}

export function Td({ className, ...props }: TdHTMLAttributes<HTMLTableCellElement>) {
  return <td className={cn("text-fg-soft px-3 py-2", className)} {...props} />;
}
