"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useEffect, useState, type FormEvent } from "react";
import { formatDateTime } from "@/lib/format/date-time";
import { askDesktopPermission, desktopPermission, type DesktopPermission } from "@/lib/notifications/desktop";
import { useNotificationMutations } from "@/lib/notifications/hooks/use-notification-mutations";
import { notificationListOptions, notificationPreferencesOptions } from "@/lib/notifications/queries";
import {
  NOTIFICATION_KINDS,
  NOTIFICATION_PREFERENCE_LABELS,
  type NotificationPreferences,
} from "@/lib/notifications/schemas";

const card = "min-w-0 rounded-xl border border-slate-200 bg-white p-4 shadow-sm break-words sm:p-5";
const primary =
  "rounded-lg bg-emerald-600 px-4 py-2 text-sm font-semibold text-white hover:bg-emerald-700 focus:outline-none focus-visible:ring-2 focus-visible:ring-emerald-500 focus-visible:ring-offset-2 disabled:opacity-50";

export function AccountClient() {
  return (
    <main className="h-full overflow-y-auto bg-slate-50 p-4 sm:p-6">
      <div className="mx-auto max-w-2xl space-y-6">
        <header>
          <h1 className="text-xl font-semibold text-slate-900">Account</h1>
          <p className="mt-1 text-sm text-slate-600">
            What this browser tells you about, and what you were told while away.{" "}
            <Link href="/account/two-factor" className="font-medium text-emerald-700 underline">
              Two-factor sign-in
            </Link>{" "}
            is on its own page.
          </p>
        </header>
        <PreferencesCard />
        <RecentNotifications />
      </div>
    </main>
  );
}

function PreferencesCard() {
  const prefs = useQuery(notificationPreferencesOptions());
  const { savePreferences } = useNotificationMutations();
  const [permission, setPermission] = useState<DesktopPermission>("default");
  useEffect(() => {
    const id = setTimeout(() => setPermission(desktopPermission()), 0);
    return () => clearTimeout(id);
  }, []);
  const [saved, setSaved] = useState(false);

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const input = Object.fromEntries(
      NOTIFICATION_KINDS.map((k) => [k, form.get(k) === "on"]),
    ) as NotificationPreferences;
    setSaved(false);
    savePreferences.mutate(input, { onSuccess: () => setSaved(true) });
  }

  return (
    <section className={card} aria-labelledby="notifications-title">
      <h2 id="notifications-title" className="text-base font-semibold text-slate-900">
        Desktop notifications
      </h2>
      <div className="mt-2 flex flex-wrap items-center gap-3 text-sm" data-testid="desktop-permission">
        {permission === "granted" ? (
          <p className="text-emerald-700">This browser shows notifications.</p>
        ) : permission === "denied" ? (
          <p className="text-amber-800">
            This browser blocks notifications for this site: allow them in the site settings (the lock icon by
            the address).
          </p>
        ) : permission === "unsupported" ? (
          <p className="text-slate-600">
            This browser cannot show desktop notifications; the Inbox badge and the tab title still count new
            messages.
          </p>
        ) : (
          <>
            <p className="text-slate-600">This browser has not been allowed to show notifications yet.</p>
            <button
              type="button"
              className={primary}
              onClick={() => void askDesktopPermission().then(setPermission)}
            >
              Allow notifications
            </button>
          </>
        )}
      </div>
      {prefs.isPending ? (
        <div className="mt-4 h-40 animate-pulse rounded-lg bg-slate-100" aria-busy="true" />
      ) : prefs.isError ? (
        <p role="alert" className="mt-4 rounded-lg bg-red-50 p-3 text-sm text-red-800">
          Could not load your preferences: {prefs.error.message}{" "}
          <button type="button" className="underline" onClick={() => void prefs.refetch()}>
            Retry
          </button>
        </p>
      ) : (
        <form
          onSubmit={onSubmit}
          className="mt-4 space-y-3"
          data-testid="notification-preferences"
          onChange={() => setSaved(false)}
        >
          <fieldset className="space-y-3">
            <legend className="text-sm font-medium text-slate-800">Notify me about</legend>
            {NOTIFICATION_KINDS.map((kind) => (
              <label key={kind} className="flex items-start gap-3 text-sm">
                <input
                  type="checkbox"
                  name={kind}
                  defaultChecked={prefs.data[kind]}
                  className="mt-0.5 h-4 w-4 accent-emerald-600"
                />
                <span>
                  <span className="font-medium text-slate-800">
                    {NOTIFICATION_PREFERENCE_LABELS[kind].label}
                  </span>
                  <span className="block text-xs text-slate-500">
                    {NOTIFICATION_PREFERENCE_LABELS[kind].hint}
                  </span>
                </span>
              </label>
            ))}
          </fieldset>
          <p className="text-xs text-slate-500">
            Never for the conversation you have open in a focused tab. Saved for your account, in every
            browser.
          </p>
          <div className="flex items-center gap-3">
            <button type="submit" className={primary} disabled={savePreferences.isPending}>
              {savePreferences.isPending ? "Saving…" : "Save preferences"}
            </button>
            {saved ? (
              <span role="status" className="text-sm text-emerald-700">
                Saved.
              </span>
            ) : null}
            {savePreferences.isError ? (
              <span role="alert" className="text-sm text-red-700">
                {savePreferences.error.message}
              </span>
            ) : null}
          </div>
        </form>
      )}
    </section>
  );
}

function RecentNotifications() {
  const list = useQuery(notificationListOptions());
  const { markAllRead } = useNotificationMutations();
  return (
    <section className={card} aria-labelledby="recent-title">
      <div className="flex items-center gap-3">
        <h2 id="recent-title" className="flex-1 text-base font-semibold text-slate-900">
          Mentions and assignments
        </h2>
        {list.data && list.data.unread > 0 ? (
          <button
            type="button"
            className="text-xs font-medium text-emerald-700 underline"
            onClick={() => markAllRead.mutate()}
            disabled={markAllRead.isPending}
          >
            Mark all read
          </button>
        ) : null}
      </div>
      {list.isPending ? (
        <div className="mt-3 h-20 animate-pulse rounded-lg bg-slate-100" aria-busy="true" />
      ) : list.isError ? (
        <p role="alert" className="mt-3 text-sm text-red-700">
          Could not load notifications: {list.error.message}
        </p>
      ) : list.data.notifications.length === 0 ? (
        <p className="mt-3 text-sm text-slate-500">
          Nothing yet. Teammates reach you with @your name in a note, or by assigning you a conversation.
        </p>
      ) : (
        <ul className="mt-3 divide-y divide-slate-100" data-testid="notification-list">
          {list.data.notifications.map((n) => (
            <li key={n.id} className="flex items-start gap-3 py-2 text-sm">
              <span
                aria-hidden
                className={`mt-1.5 h-2 w-2 shrink-0 rounded-full ${n.readAt ? "bg-transparent" : "bg-emerald-500"}`}
              />
              <Link
                href={`/inbox?c=${encodeURIComponent(n.conversationId)}`}
                className="min-w-0 flex-1 break-words text-slate-800 hover:underline"
              >
                {n.body}
              </Link>
              <span className="shrink-0 text-xs text-slate-500">{formatDateTime(n.createdAt)}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
