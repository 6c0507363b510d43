"use client";

import { Dialog as DialogPrimitive } from "radix-ui";
import type { ReactNode } from "react";
import { cn } from "./cn";

// A modal panel along the left edge (the phone navigation), on Radix Dialog like dialog.tsx: focus trapped,
// Escape or a click beside it closes it, focus returns to the trigger. The title names it for assistive technology.

export function Drawer({
  open,
  onOpenChange,
  trigger,
  title,
  className,
  children,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  /** The opening button (rendered as is, wired as the dialog's trigger). */
  trigger: ReactNode;
  title: string;
  className?: string;
  children: ReactNode;
}) {
  return (
    <DialogPrimitive.Root open={open} onOpenChange={onOpenChange}>
      <DialogPrimitive.Trigger asChild>{trigger}</DialogPrimitive.Trigger>
      <DialogPrimitive.Portal>
        <DialogPrimitive.Overlay className="fixed inset-0 z-50 bg-slate-900/40 dark:bg-black/60" />
        <DialogPrimitive.Content
          aria-describedby={undefined}
          className={cn(
            "bg-surface text-fg fixed inset-y-0 left-0 z-50 flex w-72 max-w-[85vw] flex-col shadow-2xl outline-none",
            className,
          )}
        >
          <DialogPrimitive.Title className="sr-only">{title}</DialogPrimitive.Title>
          {children}
        </DialogPrimitive.Content>
      </DialogPrimitive.Portal>
    </DialogPrimitive.Root>
  );
}

/** A control that closes the enclosing drawer (rendered as its child). */
export function DrawerClose({ children }: { children: ReactNode }) {
  return <DialogPrimitive.Close asChild>{children}</DialogPrimitive.Close>;
}
