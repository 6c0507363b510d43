"use client";

// The browser's Notification API, where there is one. Permission is asked only from a click (the inbox banner, the
// Account page): never on page load.

export type DesktopPermission = NotificationPermission | "unsupported";

export function desktopPermission(): DesktopPermission {
  return typeof window !== "undefined" && "Notification" in window ? Notification.permission : "unsupported";
}

export async function askDesktopPermission(): Promise<DesktopPermission> {
  if (desktopPermission() === "unsupported") return "unsupported";
  return Notification.requestPermission();
}

/** Shows one notification; `tag` makes several tabs of the same user show it once. Click: focus and open. */
export function showDesktopNotification(
  title: string,
  options: { body: string; tag: string; onClick: () => void },
) {
  if (desktopPermission() !== "granted") return;
  try {
    const n = new Notification(title, { body: options.body, tag: options.tag });
    n.onclick = () => {
      window.focus();
      options.onClick();
      n.close();
    };
  } catch {
    // Some browsers only allow notifications from a service worker: the badge and the title still tell.
  }
}
