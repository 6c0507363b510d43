"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { apiFetch } from "@/lib/api-client/fetch";

// The agent's own Available/Away switch for auto-assignment (Settings → Automation). Presence can set it later.

const key = ["account", "availability"] as const;

export function AvailabilityToggle() {
  const queryClient = useQueryClient();
  const availability = useQuery({
    queryKey: key,
    queryFn: ({ signal }) => apiFetch<{ available: boolean }>("/api/account/availability", { signal }),
  });
  const change = useMutation({
    mutationFn: (available: boolean) =>
      apiFetch<{ available: boolean }>("/api/account/availability", { method: "PATCH", body: { available } }),
    onSuccess: (next) => queryClient.setQueryData(key, { available: next.available }),
  });
  if (availability.isPending || availability.isError) return null;
  const available = change.isPending ? Boolean(change.variables) : availability.data.available;
  return (
    <div className="mt-2">
      <button
        type="button"
        role="switch"
        aria-checked={available}
        disabled={change.isPending}
        onClick={() => change.mutate(!available)}
        data-testid="availability-toggle"
        className="flex items-center gap-2 rounded-md text-xs font-medium text-slate-600 hover:text-slate-900 focus:outline-none focus-visible:ring-2 focus-visible:ring-emerald-500 disabled:opacity-60"
        title="Auto-assignment gives new conversations only to agents who are Available"
      >
        <span
          className={`h-2 w-2 rounded-full ${available ? "bg-emerald-500" : "bg-slate-400"}`}
          aria-hidden="true"
        />
        {available ? "Available" : "Away"}
      </button>
      {change.isError ? (
        <p role="alert" className="mt-1 text-xs text-red-700">
          {change.error.message}
        </p>
      ) : null}
    </div>
  );
}
