"use client";

import { useRef, useState, type FormEvent } from "react";
import { formatDateTime } from "@/lib/format/date-time";
import { CheckIcon, CopyIcon } from "@/components/ui/icons";
import { ApiError } from "@/lib/api-client/fetch";
import { ROLE_DESCRIPTIONS, ROLE_LABELS, ROLES, type RoleName } from "@/lib/auth/roles";
import { useInviteMember } from "@/lib/team/hooks/use-team-mutations";
import type { InviteDto } from "@/lib/team/read-models";

/**
 * Email + role → an invite link, shown once with a copy button (there is no email server to send it).
 * "New link" on a pending invite remounts it (new key) with that invite's email and role filled in.
 */
export function InviteForm({ prefill }: { prefill: { email: string; role: RoleName } | null }) {
  const invite = useInviteMember();
  const [email, setEmail] = useState(prefill?.email ?? "");
  const [role, setRole] = useState<RoleName>(prefill?.role ?? "AGENT");
  const [created, setCreated] = useState<{ invite: InviteDto; url: string } | null>(null);

  const fieldError = (field: string) => {
    const issues =
      invite.error instanceof ApiError
        ? (invite.error.details?.issues as { path: string; message: string }[] | undefined)
        : undefined;
    return issues?.find((i) => i.path === field)?.message ?? null;
  };
  const emailError = fieldError("email");
  const generalError = invite.error && !emailError ? invite.error.message : null;

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    invite.mutate(
      { email, role },
      {
        onSuccess: (result) => {
          setCreated(result);
          setEmail("");
        },
      },
    );
  }

  return (
    <section
      aria-labelledby="invite-heading"
      className="rounded-xl border border-slate-200 bg-white p-4 shadow-sm"
    >
      <h2 id="invite-heading" className="text-sm font-semibold text-slate-900">
        Invite a member
      </h2>
      <form onSubmit={onSubmit} className="mt-3 flex flex-wrap items-start gap-3" noValidate>
        <label className="min-w-64 flex-1">
          <span className="text-xs font-medium text-slate-700">Email</span>
          <input
            type="email"
            autoFocus={Boolean(prefill)}
            name="email"
            required
            value={email}
            onChange={(e) => setEmail(e.target.value)}
            aria-invalid={emailError ? true : undefined}
            aria-describedby={emailError ? "invite-email-error" : undefined}
            placeholder="name@company.com"
            className={`mt-1 block w-full rounded-lg border px-3 py-2 text-sm outline-none focus:ring-2 ${emailError ? "border-red-400 focus:ring-red-500/30" : "border-slate-300 focus:border-emerald-500 focus:ring-emerald-500/30"}`}
          />
          {emailError ? (
            <span id="invite-email-error" className="mt-1 block text-xs text-red-700">
              Email {emailError}
            </span>
          ) : null}
        </label>
        <div className="w-56">
          <label htmlFor="invite-role" className="text-xs font-medium text-slate-700">
            Role
          </label>
          <select
            id="invite-role"
            name="role"
            aria-describedby="invite-role-help"
            value={role}
            onChange={(e) => setRole(e.target.value as RoleName)}
            className="mt-1 block w-full rounded-lg border border-slate-300 bg-white px-3 py-2 text-sm outline-none focus:border-emerald-500 focus:ring-2 focus:ring-emerald-500/30"
          >
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {ROLE_LABELS[r]}
              </option>
            ))}
          </select>
          <span id="invite-role-help" className="mt-1 block text-xs text-slate-500">
            {ROLE_DESCRIPTIONS[role]}
          </span>
        </div>
        <button
          type="submit"
          disabled={invite.isPending || !email.trim()}
          className="mt-5 rounded-lg bg-emerald-600 px-4 py-2 text-sm font-semibold text-white shadow-sm hover:bg-emerald-700 focus:outline-none focus-visible:ring-2 focus-visible:ring-emerald-500 focus-visible:ring-offset-2 disabled:opacity-50"
        >
          {invite.isPending ? "Creating…" : "Create invite link"}
        </button>
      </form>
      {generalError ? (
        <p role="alert" className="mt-3 rounded-lg bg-red-50 px-3 py-2 text-sm text-red-800">
          {generalError}
        </p>
      ) : null}
      {created ? <InviteLink key={created.url} created={created} onDone={() => setCreated(null)} /> : null}
    </section>
  );
}

function InviteLink({
  created,
  onDone,
}: {
  created: { invite: InviteDto; url: string };
  onDone: () => void;
}) {
  const [copied, setCopied] = useState<"yes" | "failed" | null>(null);
  const input = useRef<HTMLInputElement>(null);

  async function copy() {
    try {
      await navigator.clipboard.writeText(created.url);
      setCopied("yes");
    } catch {
      // Clipboard access needs a secure context; select the text so Ctrl+C works instead.
      input.current?.select();
      setCopied("failed");
    }
  }

  return (
    <div className="mt-4 rounded-lg border border-emerald-200 bg-emerald-50 p-3" data-testid="invite-link">
      <p className="text-sm font-medium text-emerald-900">
        Invite link for {created.invite.email} ({ROLE_LABELS[created.invite.role]})
      </p>
      <p className="mt-0.5 text-xs text-emerald-800">
        Send it to them yourself (chat, email). It works once, until{" "}
        {formatDateTime(created.invite.expiresAt)}. It is shown only now: copy it before leaving this page;
        you can always make a new one.
      </p>
      <div className="mt-2 flex gap-2">
        <label className="flex-1">
          <span className="sr-only">Invite link</span>
          <input
            ref={input}
            readOnly
            value={created.url}
            onFocus={(e) => e.currentTarget.select()}
            className="block w-full rounded-lg border border-emerald-300 bg-white px-3 py-2 font-mono text-xs text-slate-800 outline-none focus:ring-2 focus:ring-emerald-500/30"
          />
        </label>
        <button
          type="button"
          onClick={() => void copy()}
          className="flex items-center gap-1.5 rounded-lg bg-emerald-600 px-3 py-2 text-sm font-semibold text-white hover:bg-emerald-700 focus:outline-none focus-visible:ring-2 focus-visible:ring-emerald-500 focus-visible:ring-offset-2"
        >
          {copied === "yes" ? <CheckIcon /> : <CopyIcon />}
          {copied === "yes" ? "Copied" : "Copy link"}
        </button>
        <button
          type="button"
          onClick={onDone}
          className="rounded-lg px-3 py-2 text-sm text-emerald-900 hover:bg-emerald-100"
        >
          Done
        </button>
      </div>
      {copied === "failed" ? (
        <p className="mt-1 text-xs text-emerald-900">
          The browser blocked copying: the link is selected, press Ctrl+C.
        </p>
      ) : null}
    </div>
  );
}
