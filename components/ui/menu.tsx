"use client";

import { DropdownMenu, Popover as PopoverPrimitive } from "radix-ui";
import type { ReactNode } from "react";
import { cn } from "./cn";

// Menus and popovers on Radix: arrow keys move between items, typeahead, Escape closes, focus returns to the
// trigger. The trigger is the caller's own element (asChild), usually a <Button>.

const panel =
  "z-50 min-w-44 rounded-lg border border-line bg-surface p-1 text-sm text-fg shadow-lg outline-none";

export function Menu({
  trigger,
  children,
  align = "end",
  label,
}: {
  trigger: ReactNode;
  children: ReactNode;
  align?: "start" | "end";
  label?: string;
}) {
  return (
    <DropdownMenu.Root>
      <DropdownMenu.Trigger asChild>{trigger}</DropdownMenu.Trigger>
      <DropdownMenu.Portal>
        <DropdownMenu.Content align={align} sideOffset={4} aria-label={label} className={panel}>
          {children}
        </DropdownMenu.Content>
      </DropdownMenu.Portal>
    </DropdownMenu.Root>
  );
}

export function MenuItem({
  children,
  onSelect,
  disabled,
  tone = "default",
}: {
  children: ReactNode;
  onSelect: () => void;
  disabled?: boolean;
  tone?: "default" | "danger";
}) {
  return (
    <DropdownMenu.Item
      disabled={disabled}
      onSelect={onSelect}
      className={cn(
        "data-[highlighted]:bg-surface-sunken flex cursor-default items-center gap-2 rounded-md px-2.5 py-1.5 outline-none select-none data-[disabled]:opacity-50",
        tone === "danger" ? "text-danger" : "",
      )}
    >
      {children}
    </DropdownMenu.Item>
  );
}

export function MenuSeparator() {
  return <DropdownMenu.Separator className="bg-line my-1 h-px" />;
}

export function MenuLabel({ children }: { children: ReactNode }) {
  return (
    <DropdownMenu.Label className="text-fg-muted px-2.5 py-1 text-xs font-medium">
      {children}
    </DropdownMenu.Label>
  );
}

/** A panel anchored to its trigger, for small forms and pickers (not a list of actions: that is a Menu). */
export function Popover({
  trigger,
  children,
  open,
  onOpenChange,
  align = "start",
  label,
  className,
}: {
  trigger: ReactNode;
  children: ReactNode;
  open?: boolean;
  onOpenChange?: (open: boolean) => void;
  align?: "start" | "center" | "end";
  label?: string;
  className?: string;
}) {
  return (
    <PopoverPrimitive.Root open={open} onOpenChange={onOpenChange}>
      <PopoverPrimitive.Trigger asChild>{trigger}</PopoverPrimitive.Trigger>
      <PopoverPrimitive.Portal>
        <PopoverPrimitive.Content
          align={align}
          sideOffset={4}
          aria-label={label}
          className={cn(panel, "p-3", className)}
        >
          {children}
        </PopoverPrimitive.Content>
      </PopoverPrimitive.Portal>
    </PopoverPrimitive.Root>
  );
}
