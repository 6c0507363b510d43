"use client";

import { useEffect, useState } from "react";
import { askDesktopPermission, desktopPermission } from "@/lib/notifications/desktop";
import { Button } from "@/components/ui/button";

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
      <Button
        onClick={() => void askDesktopPermission().finally(() => setShow(false))}
        variant="primary"
        size="sm"
      >
        Turn on notifications
      </Button>
      <Button
        onClick={() => {
          localStorage.setItem(DISMISSED_KEY, "1");
          setShow(false);
        }}
        variant="ghost"
        size="sm"
      >
        Not now
      </Button>
    </div>
  );
}
