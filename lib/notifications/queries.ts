import { queryOptions } from "@tanstack/react-query";
import { apiFetch } from "../api-client/fetch";
import type { NotificationDto, NotificationPreferences } from "./schemas";

export const notificationKeys = {
  all: ["notifications"] as const,
  preferences: () => [...notificationKeys.all, "preferences"] as const,
  list: () => [...notificationKeys.all, "list"] as const,
};

export function notificationPreferencesOptions() {
  return queryOptions({
    queryKey: notificationKeys.preferences(),
    queryFn: ({ signal }) =>
      apiFetch<{ preferences: NotificationPreferences }>("/api/account/notifications", { signal }),
    select: (d) => d.preferences,
    staleTime: 60_000,
  });
}

export function notificationListOptions() {
  return queryOptions({
    queryKey: notificationKeys.list(),
    queryFn: ({ signal }) =>
      apiFetch<{ notifications: NotificationDto[]; unread: number }>("/api/notifications", { signal }),
  });
}
