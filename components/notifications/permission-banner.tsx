"use client";

import { useEffect, useState } from "react";
import { askDesktopPermission, desktopPermission } from "@/lib/notifications/desktop";

const DISMISSED_KEY = "notifications-banner-dismissed";

/**
 * "Get notified of new messages": asks for the browser's permission only when the agent clicks, never on load.
 * Hidden once permission is decided, or for good after "Not now" (the Account page can still turn it on).
 */
export function NotificationPermissionBanner() {
  const [show, setShow] = useState(false);
  useEffect(() => {
    // Browser-only state, read after mount so the server render and the first client render agree.
    const undecided = desktopPermission() === "default" && localStorage.getItem(DISMISSED_KEY) !== "1";
    const id = setTimeout(() => setShow(undecided), 0);
    return () => clearTimeout(id);
  }, []);
  if (!show) return null;
  return (
    <div
      role="region"
      aria-label="Desktop notifications"
      className="flex flex-wrap items-center gap-x-3 gap-y-1 border-b border-emerald-200 bg-emerald-50 px-4 py-2 text-sm text-emerald-900"
      data-testid="notification-banner"
    >
      <span className="min-w-0 flex-1">
        Get notified of new messages
        <span className="hidden sm:inline">
          , assignments and mentions, even when this tab is in the background
        </span>
        .
      </span>
      <button
        type="button"
        onClick={() => void askDesktopPermission().finally(() => setShow(false))}
        className="rounded-md bg-emerald-600 px-3 py-1 text-xs font-semibold text-white hover:bg-emerald-700 focus-visible:ring-2 focus-visible:ring-emerald-500 focus-visible:ring-offset-1 focus-visible:outline-none"
      >
        Turn on notifications
      </button>
      <button
        type="button"
        onClick={() => {
          localStorage.setItem(DISMISSED_KEY, "1");
          setShow(false);
        }}
        className="rounded-md px-2 py-1 text-xs font-medium text-emerald-800 hover:bg-emerald-100 focus-visible:ring-2 focus-visible:ring-emerald-500 focus-visible:outline-none"
      >
        Not now
      </button>
    </div>
  );
}
