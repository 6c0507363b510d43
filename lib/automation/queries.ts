import { queryOptions } from "@tanstack/react-query";
import { apiFetch } from "../api-client/fetch";
import type { AutomationSettings } from "./schemas";

export const automationKeys = {
  all: ["automation"] as const,
  settings: () => [...automationKeys.all, "settings"] as const,
  availability: () => ["account", "availability"] as const,
};

/** The signed-in agent's own Available/Away switch for auto-assignment. */
export function availabilityOptions() {
  return queryOptions({
    queryKey: automationKeys.availability(),
    queryFn: ({ signal }) => apiFetch<{ available: boolean }>("/api/account/availability", { signal }),
  });
}

export function automationSettingsOptions() {
  return queryOptions({
    queryKey: automationKeys.settings(),
    queryFn: ({ signal }) =>
      apiFetch<{ automation: AutomationSettings }>("/api/settings/automation", { signal }).then(
        (r) => r.automation,
      ),
  });
}
