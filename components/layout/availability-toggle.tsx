"use client";

import { useQuery } from "@tanstack/react-query";
import { BareButton } from "@/components/ui/bare-button";
import { useSetAvailability } from "@/lib/automation/hooks/use-set-availability";
import { availabilityOptions } from "@/lib/automation/queries";

// The agent's own Available/Away switch for auto-assignment (Settings → Automation). Presence can set it later.

export function AvailabilityToggle() {
  const availability = useQuery(availabilityOptions());
  const change = useSetAvailability();
  if (availability.isPending || availability.isError) return null;
  const available = change.isPending ? Boolean(change.variables) : availability.data.available;
  return (
    <div className="mt-2">
      <BareButton
        role="switch"
        aria-checked={available}
        disabled={change.isPending}
        onClick={() => change.mutate(!available)}
        data-testid="availability-toggle"
        className="flex items-center gap-2 rounded-md text-xs font-medium text-slate-600 hover:text-slate-900"
        title="Auto-assignment gives new conversations only to agents who are Available"
      >
        <span
          className={`h-2 w-2 rounded-full ${available ? "bg-emerald-500" : "bg-slate-400"}`}
          aria-hidden="true"
        />
        {available ? "Available" : "Away"}
      </BareButton>
      {change.isError ? (
        <p role="alert" className="mt-1 text-xs text-red-700">
          {change.error.message}
        </p>
      ) : null}
    </div>
  );
}
