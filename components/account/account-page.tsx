"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useEffect, useState } from "react";
import { useForm } from "react-hook-form";
import { Button } from "@/components/ui/button";
import { Fieldset, FormError } from "@/components/ui/field";
import { Checkbox } from "@/components/ui/input";
import { applyServerErrors } from "@/lib/api-client/form-errors";
import { formatDateTime } from "@/lib/format/date-time";
import { askDesktopPermission, desktopPermission, type DesktopPermission } from "@/lib/notifications/desktop";
import { useNotificationMutations } from "@/lib/notifications/hooks/use-notification-mutations";
import { notificationListOptions, notificationPreferencesOptions } from "@/lib/notifications/queries";
import {
  NOTIFICATION_KINDS,
  NOTIFICATION_PREFERENCE_LABELS,
  notificationPreferencesSchema,
  type NotificationPreferences,
} from "@/lib/notifications/schemas";
import { ErrorNote } from "@/components/ui/card";

const card = "min-w-0 rounded-xl border border-slate-200 bg-white p-4 shadow-sm break-words sm:p-5";

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
  const [permission, setPermission] = useState<DesktopPermission>("default");
  useEffect(() => {
    const id = setTimeout(() => setPermission(desktopPermission()), 0);
    return () => clearTimeout(id);
  }, []);
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
            <Button variant="primary" onClick={() => void askDesktopPermission().then(setPermission)}>
              Allow notifications
            </Button>
          </>
        )}
      </div>
      {prefs.isPending ? (
        <div className="mt-4 h-40 animate-pulse rounded-lg bg-slate-100" aria-busy="true" />
      ) : prefs.isError ? (
        <ErrorNote className="mt-4" what="your preferences" error={prefs.error} onRetry={prefs.refetch} />
      ) : (
        <PreferencesForm current={prefs.data} />
      )}
    </section>
  );
}

function PreferencesForm({ current }: { current: NotificationPreferences }) {
  const { savePreferences } = useNotificationMutations();
  const [saved, setSaved] = useState(false);
  const form = useForm<NotificationPreferences>({
    resolver: zodResolver(notificationPreferencesSchema),
    defaultValues: current,
  });
  const { errors } = form.formState;

  function submit(values: NotificationPreferences) {
    setSaved(false);
    savePreferences.mutate(values, {
      onSuccess: () => {
        form.reset(values);
        setSaved(true);
      },
      onError: (error) => applyServerErrors(error, form.setError, { fields: NOTIFICATION_KINDS }),
    });
  }

  return (
    <form
      onSubmit={(e) => void form.handleSubmit(submit)(e)}
      className="mt-4 space-y-3"
      data-testid="notification-preferences"
      onChange={() => setSaved(false)}
      noValidate
    >
      <Fieldset legend="Notify me about" className="space-y-3">
        {NOTIFICATION_KINDS.map((kind) => (
          <Checkbox
            key={kind}
            label={<span className="font-medium">{NOTIFICATION_PREFERENCE_LABELS[kind].label}</span>}
            hint={NOTIFICATION_PREFERENCE_LABELS[kind].hint}
            {...form.register(kind)}
          />
        ))}
      </Fieldset>
      <p className="text-xs text-slate-500">
        Never for the conversation you have open in a focused tab. Saved for your account, in every browser.
      </p>
      <div className="flex items-center gap-3">
        <Button type="submit" variant="primary" pending={savePreferences.isPending}>
          {savePreferences.isPending ? "Saving…" : "Save preferences"}
        </Button>
        {saved ? (
          <span role="status" className="text-sm text-emerald-700">
            Saved.
          </span>
        ) : null}
        <FormError message={errors.root?.server?.message} inline className="text-sm" />
      </div>
    </form>
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
          <Button
            variant="inline"
            className="text-xs text-emerald-700"
            onClick={() => markAllRead.mutate()}
            pending={markAllRead.isPending}
          >
            Mark all read
          </Button>
        ) : null}
      </div>
      {list.isPending ? (
        <div className="mt-3 h-20 animate-pulse rounded-lg bg-slate-100" aria-busy="true" />
      ) : list.isError ? (
        <ErrorNote plain className="mt-3" what="notifications" error={list.error} />
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
