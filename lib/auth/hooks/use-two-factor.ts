"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { apiFetch } from "../../api-client/fetch";
import { accountKeys } from "../queries";
import type { EnableTwoFactorInput } from "../schemas";

function useInvalidate() {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: accountKeys.all });
}

export function useEnableTwoFactor() {
  return useMutation({
    mutationFn: (input: EnableTwoFactorInput) =>
      apiFetch<{ recoveryCodes: string[] }>("/api/account/two-factor", { body: input }),
  });
}

export function useRegenerateRecoveryCodes() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (code: string) =>
      apiFetch<{ recoveryCodes: string[] }>("/api/account/two-factor/recovery-codes", { body: { code } }),
    onSuccess: invalidate,
  });
}

export function useDisableTwoFactor() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (code: string) =>
      apiFetch<{ ok: true }>("/api/account/two-factor", { method: "DELETE", body: { code } }),
    onSuccess: invalidate,
  });
}
