"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { signOut } from "next-auth/react";
import { AvailabilityToggle } from "./availability-toggle";
import { ChartIcon, ChatIcon, ClockIcon, ContactCardIcon, GearIcon, MegaphoneIcon, ShieldIcon, SignalIcon, TemplateIcon, UsersIcon } from "@/components/ui/icons";
import { can, ROLE_LABELS, type Permission, type RoleName } from "@/lib/auth/roles";
import { countsOptions } from "@/lib/messaging/queries";
import { useLive } from "@/lib/realtime/live-provider";

const ITEMS: { href: string; label: string; icon: React.ReactNode; permission: Permission }[] = [
  { href: "/inbox", label: "Inbox", icon: <ChatIcon />, permission: "inbox:read" },
  { href: "/contacts", label: "Contacts", icon: <ContactCardIcon />, permission: "contacts:read" },
  { href: "/templates", label: "Templates", icon: <TemplateIcon />, permission: "templates:read" },
  { href: "/campaigns", label: "Campaigns", icon: <MegaphoneIcon />, permission: "campaigns:manage" },
  { href: "/segments", label: "Segments", icon: <UsersIcon />, permission: "campaigns:manage" },
  { href: "/analytics", label: "Analytics", icon: <ChartIcon />, permission: "analytics:read" },
  { href: "/reports", label: "Support reports", icon: <ClockIcon />, permission: "reports:read" },
  { href: "/webhook-events", label: "Webhook events", icon: <SignalIcon />, permission: "webhooks:inspect" },
  { href: "/team", label: "Team", icon: <UsersIcon />, permission: "team:manage" },
  { href: "/settings", label: "Settings", icon: <GearIcon />, permission: "settings:manage" },
  { href: "/audit", label: "Audit log", icon: <ShieldIcon />, permission: "audit:read" },
];

export function AppNav({ user }: { user: { name: string; email: string; role: RoleName } }) {
  const pathname = usePathname();
  // The Inbox badge: unresolved conversations with unread customer messages, assigned to me or to nobody. Kept
  // current by the live stream (lib/realtime/live-provider.tsx); polled only while the stream is down.
  const live = useLive();
  const counts = useQuery({
    ...countsOptions(),
    enabled: can(user.role, "inbox:read") && live.enabled,
    refetchInterval: live.state === "live" ? false : 30_000,
  });
  const unread = counts.data?.unreadForMe ?? 0;
  return (
    <nav aria-label="Main" className="flex w-56 shrink-0 flex-col border-r border-slate-200 bg-white">
      <div className="flex items-center gap-2 px-4 py-4">
        <span className="flex h-8 w-8 items-center justify-center rounded-lg bg-emerald-600 font-bold text-white">C</span>
        <span className="text-sm font-semibold text-slate-800">Connectly</span>
      </div>
      <ul className="flex-1 space-y-1 px-2">
        {ITEMS.filter((item) => can(user.role, item.permission)).map((item) => {
          const active = pathname.startsWith(item.href);
          return (
            <li key={item.href}>
              <Link
                href={item.href}
                aria-current={active ? "page" : undefined}
                className={`flex items-center gap-2 rounded-lg px-3 py-2 text-sm ${
                  active ? "bg-emerald-50 font-medium text-emerald-800" : "text-slate-600 hover:bg-slate-50"
                }`}
              >
                {item.icon}
                {item.label}
                {item.href === "/inbox" && unread > 0 ? (
                  <span
                    className="ml-auto min-w-5 rounded-full bg-emerald-600 px-1.5 py-0.5 text-center text-[11px] leading-none font-semibold text-white tabular-nums"
                    data-testid="inbox-unread-badge"
                    aria-label={`${unread} unread conversation${unread === 1 ? "" : "s"} for you`}
                  >
                    {unread > 99 ? "99+" : unread}
                  </span>
                ) : null}
              </Link>
            </li>
          );
        })}
      </ul>
      <div className="border-t border-slate-200 p-3">
        <p className="truncate text-sm font-medium text-slate-800">{user.name}</p>
        <p className="truncate text-xs text-slate-500">
          {user.email} · {ROLE_LABELS[user.role]}
        </p>
        {can(user.role, "inbox:reply") ? <AvailabilityToggle /> : null}
        <Link href="/account" className="mt-2 block text-xs font-medium text-slate-500 hover:text-slate-800">
          Notifications
        </Link>
        <Link href="/account/two-factor" className="mt-2 block text-xs font-medium text-slate-500 hover:text-slate-800">
          Two-factor sign-in
        </Link>
        <button
          type="button"
          onClick={() => void signOut({ callbackUrl: "/login" })}
          className="mt-2 text-xs font-medium text-slate-500 hover:text-slate-800"
        >
          Sign out
        </button>
      </div>
    </nav>
  );
}
