import { queryOptions } from "@tanstack/react-query";
import { apiFetch } from "../api-client/fetch";
import type { AutomationSettings } from "./schemas";

export const automationKeys = {
  all: ["automation"] as const,
  settings: () => [...automationKeys.all, "settings"] as const,
};

export function automationSettingsOptions() {
  return queryOptions({
    queryKey: automationKeys.settings(),
    queryFn: ({ signal }) =>
      apiFetch<{ automation: AutomationSettings }>("/api/settings/automation", { signal }).then(
        (r) => r.automation,
      ),
  });
}
