"use client";

import { cn } from "./cn";

/**
 * The selection checkbox of a list row (inbox conversations, contacts): `onToggle(shift)` so the list can select a
 * range with Shift, by mouse or Space. The click is not cancelled: a cancelled click on a controlled checkbox makes
 * the browser undo the tick React just drew (the box showed unticked while the row was selected).
 */
export function RowCheckbox({
  label,
  checked,
  onToggle,
  testId,
  className,
}: {
  label: string;
  checked: boolean;
  onToggle: (shift: boolean) => void;
  testId?: string;
  className?: string;
}) {
  return (
    <label
      className={cn("flex shrink-0 cursor-pointer border-b border-slate-100", className)}
      onClick={(e) => e.stopPropagation()}
    >
      <span className="sr-only">{label}</span>
      <input
        type="checkbox"
        data-testid={testId}
        checked={checked}
        onChange={() => {}}
        onClick={(e) => onToggle(e.shiftKey)}
        onKeyDown={(e) => {
          if (e.key === " ") {
            e.preventDefault();
            onToggle(e.shiftKey);
          }
        }}
        className="size-4 accent-emerald-600"
      />
    </label>
  );
}
