"use client";

import { Switch as SwitchPrimitive } from "radix-ui";
import { cn } from "./cn";

// An on/off switch on Radix (role="switch", Space and Enter toggle). `tone="danger"` when "on" is the state to
// notice (a customer opted out).

export function Switch({
  checked,
  onCheckedChange,
  disabled,
  tone = "accent",
  className,
  ...aria
}: {
  checked: boolean;
  onCheckedChange: (checked: boolean) => void;
  disabled?: boolean;
  tone?: "accent" | "danger";
  className?: string;
  "aria-label"?: string;
  "aria-labelledby"?: string;
  "aria-describedby"?: string;
}) {
  return (
    <SwitchPrimitive.Root
      checked={checked}
      onCheckedChange={onCheckedChange}
      disabled={disabled}
      {...aria}
      className={cn(
        "focus-visible:ring-focus relative h-6 w-11 shrink-0 rounded-full bg-slate-300 transition-colors outline-none focus-visible:ring-2 focus-visible:ring-offset-2 disabled:cursor-not-allowed disabled:opacity-50",
        tone === "danger" ? "data-[state=checked]:bg-red-500" : "data-[state=checked]:bg-accent",
        className,
      )}
    >
      <SwitchPrimitive.Thumb className="absolute top-0.5 left-0.5 size-5 rounded-full bg-white shadow transition-transform data-[state=checked]:translate-x-5" />
    </SwitchPrimitive.Root>
  );
}
