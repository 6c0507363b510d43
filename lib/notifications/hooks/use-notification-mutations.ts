"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { apiFetch } from "../../api-client/fetch";
import { notificationKeys } from "../queries";
import type { NotificationPreferences } from "../schemas";

export function useNotificationMutations() {
  const queryClient = useQueryClient();
  const savePreferences = useMutation({
    mutationFn: (input: NotificationPreferences) =>
      apiFetch<{ preferences: NotificationPreferences }>("/api/account/notifications", {
        method: "PUT",
        body: input,
      }),
    onSuccess: (data) => queryClient.setQueryData(notificationKeys.preferences(), data),
  });
  const markAllRead = useMutation({
    mutationFn: () => apiFetch("/api/notifications/read", { body: { all: true } }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: notificationKeys.list() }),
  });
  return { savePreferences, markAllRead };
}
