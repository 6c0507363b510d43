import { queryOptions } from "@tanstack/react-query";
import { apiFetch } from "../api-client/fetch";
import type { TwoFactorStatus } from "./two-factor";

export type TwoFactorView = { status: TwoFactorStatus; setup: { secret: string; uri: string } | null };

export const accountKeys = {
  all: ["account"] as const,
  twoFactor: () => [...accountKeys.all, "two-factor"] as const,
};

export function twoFactorOptions() {
  return queryOptions({
    queryKey: accountKeys.twoFactor(),
    queryFn: ({ signal }) => apiFetch<TwoFactorView>("/api/account/two-factor", { signal }),
    // A fresh setup secret each time would change under the user's eyes.
    staleTime: Infinity,
    refetchOnWindowFocus: false,
  });
}
