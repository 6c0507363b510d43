"use client";

import { Tabs as TabsPrimitive } from "radix-ui";
import type { ReactNode } from "react";
import { cn } from "./cn";

// Tabs on Radix: arrow keys move between tabs, the panel is labelled by its tab.

export function Tabs({
  value,
  onValueChange,
  tabs,
  label,
  className,
}: {
  value: string;
  onValueChange: (value: string) => void;
  tabs: { value: string; label: ReactNode; content: ReactNode }[];
  label: string;
  className?: string;
}) {
  return (
    <TabsPrimitive.Root value={value} onValueChange={onValueChange} className={className}>
      <TabsPrimitive.List aria-label={label} className="border-line flex gap-1 overflow-x-auto border-b">
        {tabs.map((tab) => (
          <TabsPrimitive.Trigger
            key={tab.value}
            value={tab.value}
            className={cn(
              "text-fg-muted hover:text-fg focus-visible:ring-focus -mb-px border-b-2 border-transparent px-3 py-2 text-sm font-medium whitespace-nowrap outline-none focus-visible:ring-2",
              "data-[state=active]:text-fg data-[state=active]:border-emerald-600",
            )}
          >
            {tab.label}
          </TabsPrimitive.Trigger>
        ))}
      </TabsPrimitive.List>
      {tabs.map((tab) => (
        <TabsPrimitive.Content key={tab.value} value={tab.value} className="pt-4 outline-none">
          {tab.content}
        </TabsPrimitive.Content>
      ))}
    </TabsPrimitive.Root>
  );
}
