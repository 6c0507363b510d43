"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { signOut } from "next-auth/react";
import { useState } from "react";
import { BareButton } from "@/components/ui/bare-button";
import { Button } from "@/components/ui/button";
import { Drawer, DrawerClose } from "@/components/ui/drawer";
import { AvailabilityToggle } from "./availability-toggle";
import {
  ChartIcon,
  ChatIcon,
  ClockIcon,
  ContactCardIcon,
  GearIcon,
  MegaphoneIcon,
  MenuIcon,
  ShieldIcon,
  SignalIcon,
  TemplateIcon,
  UsersIcon,
  XIcon,
} from "@/components/ui/icons";
import { ThemeToggle } from "@/components/ui/theme";
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

type NavUser = { name: string; email: string; role: RoleName };

/**
 * The main navigation. From `md` (768 px) up: a sidebar. Below: a top bar whose menu button opens the same links in
 * a drawer (the kit's modal Drawer: focus stays inside, Escape or a click beside it closes it, focus returns to the menu
 * button; following a link closes it too). A drawer rather than a bottom bar: the list is long (and growing) and
 * includes the account links, and a phone screen keeps its full height for the inbox thread and composer.
 */
export function AppNav({ user }: { user: NavUser }) {
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
  const [open, setOpen] = useState(false);
  const current = ITEMS.find((item) => pathname.startsWith(item.href));

  // A link followed inside the drawer closes it (the layout stays mounted across pages).
  const [shownPath, setShownPath] = useState(pathname);
  if (shownPath !== pathname) {
    setShownPath(pathname);
    setOpen(false);
  }

  return (
    <>
      <header className="flex shrink-0 items-center gap-2 border-b border-slate-200 bg-white px-2 py-1.5 md:hidden">
        <Drawer
          open={open}
          onOpenChange={setOpen}
          title="Menu"
          className="md:hidden"
          trigger={
            <Button
              variant="ghost"
              size="icon"
              aria-label={unread > 0 ? `Open menu (${unread} unread in the inbox)` : "Open menu"}
              className="relative"
            >
              <MenuIcon className="h-5 w-5" />
              {unread > 0 ? (
                <span
                  aria-hidden
                  className="absolute top-0.5 right-0.5 h-2.5 w-2.5 rounded-full bg-emerald-600 ring-2 ring-white"
                  data-testid="menu-unread-dot"
                />
              ) : null}
            </Button>
          }
        >
          <nav aria-label="Main" className="flex h-full flex-col">
            <div className="flex items-center justify-between px-4 py-3">
              <Logo />
              <DrawerClose>
                <Button variant="ghost" size="icon" aria-label="Close menu">
                  <XIcon className="h-5 w-5" />
                </Button>
              </DrawerClose>
            </div>
            <NavContent user={user} pathname={pathname} unread={unread} />
          </nav>
        </Drawer>
        <Logo />
        {current ? <span className="truncate text-sm text-slate-500">· {current.label}</span> : null}
      </header>

      <nav
        aria-label="Main"
        className="hidden w-56 shrink-0 flex-col border-r border-slate-200 bg-white md:flex"
      >
        <div className="px-4 py-4">
          <Logo />
        </div>
        <NavContent user={user} pathname={pathname} unread={unread} />
      </nav>
    </>
  );
}

function Logo() {
  return (
    <span className="flex items-center gap-2">
      <span className="flex h-8 w-8 items-center justify-center rounded-lg bg-emerald-600 font-bold text-white">
        C
      </span>
      <span className="text-sm font-semibold text-slate-800">Connectly</span>
    </span>
  );
}

function NavContent({ user, pathname, unread }: { user: NavUser; pathname: string; unread: number }) {
  return (
    <>
      <ul className="flex-1 space-y-1 overflow-y-auto px-2">
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
                    role="img"
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
        <ThemeToggle className="mt-3" />
        <Link href="/account" className="mt-2 block text-xs font-medium text-slate-500 hover:text-slate-800">
          Notifications
        </Link>
        <Link
          href="/account/two-factor"
          className="mt-2 block text-xs font-medium text-slate-500 hover:text-slate-800"
        >
          Two-factor sign-in
        </Link>
        <BareButton
          onClick={() => void signOut({ callbackUrl: "/login" })}
          className="mt-2 rounded text-xs font-medium text-slate-500 hover:text-slate-800"
        >
          Sign out
        </BareButton>
      </div>
    </>
  );
}
