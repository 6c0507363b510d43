"use client";

import type { ReactNode } from "react";
import { cn } from "@/components/ui/cn";
import { LabelChip } from "./label-chip";
import { LabelPicker } from "./label-picker";

/** The part of a labels mutation (useChangeLabels, useContactActions().changeLabels) the editor uses. */
type LabelMutation = {
  mutate(change: { add?: string[]; remove?: string[] }): void;
  isPending: boolean;
  error: Error | null;
};

// Where the editor stands: the row's test id (and name, where it is a group of its own), its picker's test id
// and title, whether a failure gets its own line, and whether the picker waits for a change to finish.
const PLACES: Record<
  "profile" | "panel" | "thread",
  {
    testId?: string;
    group?: string;
    pickerTestId: string;
    pickerTitle: string;
    ownLineError: boolean;
    lockWhilePending: boolean;
  }
> = {
  profile: {
    testId: "profile-labels",
    pickerTestId: "label-picker-profile",
    pickerTitle: "Label contact",
    ownLineError: true,
    lockWhilePending: true,
  },
  panel: {
    pickerTestId: "label-picker-contact",
    pickerTitle: "Label customer",
    ownLineError: true,
    lockWhilePending: false,
  },
  thread: {
    testId: "thread-labels",
    group: "Labels",
    pickerTestId: "label-picker-conversation",
    pickerTitle: "Label",
    ownLineError: false,
    lockWhilePending: false,
  },
};

/**
 * The labels on one conversation or contact as chips (removable with edit rights) and, with edit rights, the
 * picker to add more; both go through the one `change` mutation, whose failure is said at the end of the row.
 * `children` sit between the chips and the picker (labels shown but changed elsewhere, "None").
 */
export function LabelEditor({
  labels,
  canEdit,
  change,
  place,
  className,
  children,
}: {
  labels: readonly { id: string; name: string; color: string }[];
  canEdit: boolean;
  change: LabelMutation;
  place: keyof typeof PLACES;
  className?: string;
  children?: ReactNode;
}) {
  const { testId, group, pickerTestId, pickerTitle, ownLineError, lockWhilePending } = PLACES[place];
  const toggle = (labelId: string, on: boolean) =>
    change.mutate(on ? { add: [labelId] } : { remove: [labelId] });
  return (
    <div
      className={cn("flex flex-wrap items-center gap-1.5", className)}
      data-testid={testId}
      role={group ? "group" : undefined}
      aria-label={group}
    >
      {labels.map((l) => (
        <LabelChip
          key={l.id}
          name={l.name}
          color={l.color}
          onRemove={canEdit ? () => toggle(l.id, false) : undefined}
        />
      ))}
      {children}
      {canEdit ? (
        <LabelPicker
          testId={pickerTestId}
          title={pickerTitle}
          selected={labels.map((l) => l.id)}
          onToggle={toggle}
          disabled={lockWhilePending && change.isPending}
        />
      ) : null}
      {change.error ? (
        <span role="alert" className={cn("text-xs text-red-700", ownLineError && "basis-full")}>
          {change.error.message}
        </span>
      ) : null}
    </div>
  );
}
