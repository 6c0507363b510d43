"use client";

import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { formatDateTime, formatRelative } from "@/lib/format/date-time";
import { ApiError } from "@/lib/api-client/fetch";
import { ROLE_LABELS, ROLES, type RoleName } from "@/lib/auth/roles";
import { useRevokeInvite, useUnlockSignIn, useUpdateTeamMember } from "@/lib/team/hooks/use-team-mutations";
import { teamOptions } from "@/lib/team/queries";
import type { InviteDto, TeamMemberDto } from "@/lib/team/read-models";
import { InviteForm } from "./invite-form";
import { Button } from "@/components/ui/button";
import { Select } from "@/components/ui/input";
import { ErrorNote } from "@/components/ui/card";

export function TeamClient({ currentUserId }: { currentUserId: string }) {
  const team = useQuery(teamOptions());
  const [renew, setRenew] = useState<{ email: string; role: RoleName; nonce: number } | null>(null);

  return (
    <main className="h-full overflow-y-auto bg-slate-50 p-4 md:p-6">
      <div className="mx-auto max-w-5xl space-y-6">
        <header>
          <h1 className="text-xl font-semibold text-slate-900">Team</h1>
          <p className="mt-1 max-w-2xl text-sm text-slate-600">
            Invite people, choose what they can do, and deactivate accounts. A deactivated member is signed
            out at once and cannot sign in again until reactivated.
          </p>
        </header>

        <InviteForm key={renew?.nonce ?? 0} prefill={renew} />

        <section
          aria-labelledby="members-heading"
          className="rounded-xl border border-slate-200 bg-white shadow-sm"
        >
          <div className="flex items-baseline justify-between border-b border-slate-100 px-4 py-3">
            <h2 id="members-heading" className="text-sm font-semibold text-slate-900">
              Members
            </h2>
            {team.data ? (
              <p className="text-xs text-slate-500">
                {team.data.members.filter((m) => m.active).length} active ·{" "}
                {team.data.members.filter((m) => !m.active).length} deactivated
              </p>
            ) : null}
          </div>
          {team.isPending ? (
            <TableSkeleton rows={3} />
          ) : team.isError ? (
            <LoadError message={team.error.message} onRetry={team.refetch} />
          ) : (
            <ul className="divide-y divide-slate-100">
              {team.data.members.map((m) => (
                <MemberRow key={m.id} member={m} isYou={m.id === currentUserId} />
              ))}
            </ul>
          )}
        </section>

        <section
          aria-labelledby="invites-heading"
          className="rounded-xl border border-slate-200 bg-white shadow-sm"
        >
          <div className="border-b border-slate-100 px-4 py-3">
            <h2 id="invites-heading" className="text-sm font-semibold text-slate-900">
              Pending invites
            </h2>
          </div>
          {team.isPending ? (
            <TableSkeleton rows={1} />
          ) : team.isError ? null : team.data.invites.length === 0 ? (
            <p className="px-4 py-6 text-center text-sm text-slate-500">
              No pending invites. Invite someone above; their link stays valid for 7 days.
            </p>
          ) : (
            <ul className="divide-y divide-slate-100">
              {team.data.invites.map((i) => (
                <InviteRow
                  key={i.id}
                  invite={i}
                  onRenew={() => setRenew({ email: i.email, role: i.role, nonce: Date.now() })}
                />
              ))}
            </ul>
          )}
        </section>
      </div>
    </main>
  );
}

function MemberRow({ member, isYou }: { member: TeamMemberDto; isYou: boolean }) {
  const update = useUpdateTeamMember();
  const unlock = useUnlockSignIn();
  const [confirming, setConfirming] = useState(false);
  const failed = update.error ?? unlock.error;
  const error =
    failed instanceof ApiError ? failed.message : failed ? "The change could not be saved." : null;

  return (
    <li className="px-4 py-3" data-testid="member-row" data-email={member.email} data-active={member.active}>
      <div className="flex flex-wrap items-center gap-3">
        <span
          aria-hidden
          className={`flex h-9 w-9 shrink-0 items-center justify-center rounded-full text-xs font-semibold ${member.active ? "bg-emerald-100 text-emerald-800" : "bg-slate-100 text-slate-500"}`}
        >
          {initials(member.name)}
        </span>
        <div className="min-w-0 flex-1">
          <p
            className={`truncate text-sm font-medium ${member.active ? "text-slate-900" : "text-slate-500 line-through"}`}
          >
            {member.name}
            {isYou ? (
              <span className="ml-2 rounded bg-slate-100 px-1.5 py-0.5 text-[11px] font-medium text-slate-600 no-underline">
                You
              </span>
            ) : null}
          </p>
          <p className="truncate text-xs text-slate-500">
            {member.email} ·{" "}
            {member.lastSignInAt
              ? `last signed in ${formatRelative(member.lastSignInAt)}`
              : "never signed in"}
          </p>
          {member.signInHeldUntil ? (
            <p className="mt-1 flex flex-wrap items-center gap-2 text-xs text-amber-800">
              <span className="rounded-full bg-amber-100 px-2 py-0.5 font-medium">
                Sign-in slowed after failed attempts, until {formatDateTime(member.signInHeldUntil)}
              </span>
              <Button size="sm" onClick={() => unlock.mutate(member.id)} disabled={unlock.isPending}>
                {unlock.isPending ? "Unlocking…" : "Unlock sign-in"}
              </Button>
            </p>
          ) : null}
        </div>
        {/* Named by aria-label: a wrapping label would also read out the selected option ("Role of Ana Agent Agent"). */}
        <div className="flex items-center gap-2 text-xs text-slate-500">
          <Select
            compact
            aria-label={`Role of ${member.name}`}
            value={member.role}
            disabled={!member.active || update.isPending}
            onChange={(e) => update.mutate({ id: member.id, role: e.target.value as RoleName })}
          >
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {ROLE_LABELS[r]}
              </option>
            ))}
          </Select>
        </div>
        {member.active ? (
          confirming ? (
            <span className="flex items-center gap-2">
              <span className="text-xs text-slate-600">
                {isYou
                  ? "Deactivate yourself and sign out?"
                  : `Sign ${firstName(member.name)} out and block access?`}
              </span>
              <Button
                onClick={() =>
                  update.mutate({ id: member.id, active: false }, { onSettled: () => setConfirming(false) })
                }
                disabled={update.isPending}
                variant="danger-solid"
                size="sm"
              >
                Deactivate
              </Button>
              <Button onClick={() => setConfirming(false)} variant="ghost" size="sm">
                Cancel
              </Button>
            </span>
          ) : (
            <Button onClick={() => setConfirming(true)} size="sm">
              Deactivate…
            </Button>
          )
        ) : (
          <>
            <span className="rounded-full bg-slate-100 px-2 py-0.5 text-[11px] font-medium text-slate-600">
              Deactivated
            </span>
            <Button
              onClick={() => update.mutate({ id: member.id, active: true })}
              disabled={update.isPending}
              size="sm"
            >
              Reactivate
            </Button>
          </>
        )}
      </div>
      {error ? (
        <p role="alert" className="mt-2 rounded-lg bg-red-50 px-3 py-2 text-xs text-red-800">
          {error}
        </p>
      ) : null}
    </li>
  );
}

function InviteRow({ invite, onRenew }: { invite: InviteDto; onRenew: () => void }) {
  const revoke = useRevokeInvite();
  return (
    <li
      className="flex flex-wrap items-center gap-3 px-4 py-3"
      data-testid="invite-row"
      data-email={invite.email}
    >
      <div className="min-w-0 flex-1">
        <p className="truncate text-sm font-medium text-slate-900">{invite.email}</p>
        <p className="text-xs text-slate-500">
          {ROLE_LABELS[invite.role]} · invited {formatRelative(invite.createdAt)}
          {invite.invitedBy ? ` by ${invite.invitedBy}` : ""} ·{" "}
          {invite.expired ? (
            <span className="font-medium text-amber-700">expired {formatRelative(invite.expiresAt)}</span>
          ) : (
            <>expires {formatDateTime(invite.expiresAt)}</>
          )}
        </p>
        {revoke.error ? (
          <p role="alert" className="mt-1 text-xs text-red-700">
            {revoke.error.message}
          </p>
        ) : null}
      </div>
      <Button onClick={onRenew} size="sm">
        New link
      </Button>
      <Button onClick={() => revoke.mutate(invite.id)} disabled={revoke.isPending} variant="danger" size="sm">
        {revoke.isPending ? "Revoking…" : "Revoke"}
      </Button>
    </li>
  );
}

function TableSkeleton({ rows }: { rows: number }) {
  return (
    <ul aria-busy="true" aria-label="Loading" className="divide-y divide-slate-100">
      {Array.from({ length: rows }, (_, i) => (
        <li key={i} className="flex items-center gap-3 px-4 py-3">
          <span className="h-9 w-9 animate-pulse rounded-full bg-slate-200" />
          <span className="flex-1 space-y-2">
            <span className="block h-3 w-40 animate-pulse rounded bg-slate-200" />
            <span className="block h-3 w-64 animate-pulse rounded bg-slate-100" />
          </span>
          <span className="h-8 w-32 animate-pulse rounded-lg bg-slate-100" />
        </li>
      ))}
    </ul>
  );
}

function LoadError({ message, onRetry }: { message: string; onRetry: () => void }) {
  return <ErrorNote plain className="px-4 py-6" what="the team" error={message} onRetry={onRetry} />;
}

function initials(name: string) {
  return (
    name
      .split(/\s+/)
      .filter(Boolean)
      .slice(0, 2)
      .map((w) => w[0]?.toUpperCase())
      .join("") || "?"
  );
}

function firstName(name: string) {
  return name.split(/\s+/)[0] ?? name;
}
