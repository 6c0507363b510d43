import { queryOptions } from "@tanstack/react-query";
import { apiFetch } from "../../api-client/fetch";
import type { RuleDto } from "./schemas";

export const ruleKeys = {
  all: ["automation-rules"] as const,
  list: () => [...ruleKeys.all, "list"] as const,
};

export function rulesOptions() {
  return queryOptions({
    queryKey: ruleKeys.list(),
    queryFn: ({ signal }) =>
      apiFetch<{ rules: RuleDto[] }>("/api/settings/automation/rules", { signal }).then((r) => r.rules),
  });
}
