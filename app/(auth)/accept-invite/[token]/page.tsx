import type { Metadata } from "next";
import Link from "next/link";
import { connection } from "next/server";
import { ROLE_DESCRIPTIONS, ROLE_LABELS } from "@/lib/auth/roles";
import { getInviteLinkState, INVITE_STATE_MESSAGES } from "@/lib/team/read-models";
import { AcceptInviteForm } from "@/components/auth/accept-invite-form";
import { AuthShell } from "@/components/auth/auth-shell";
import { acceptInviteAction } from "./actions";

export const metadata: Metadata = { title: "Join the team", referrer: "no-referrer" };

// Public on purpose: the link's token is the invitee's credential until they choose a password.
export default async function AcceptInvitePage({ params }: { params: Promise<{ token: string }> }) {
  await connection();
  const { token } = await params;
  const invite = await getInviteLinkState(token);
  if (invite.state !== "valid") {
    return (
      <AuthShell>
        <h1 className="text-xl font-semibold text-slate-900">This link cannot be used</h1>
        <p
          role="alert"
          className="mt-2 text-sm text-slate-600"
          data-testid="invite-state"
          data-state={invite.state}
        >
          {INVITE_STATE_MESSAGES[invite.state]}
        </p>
        <Link
          href="/login"
          className="mt-4 inline-block text-sm font-medium text-emerald-700 hover:underline"
        >
          Go to sign in
        </Link>
      </AuthShell>
    );
  }
  return (
    <AuthShell>
      <h1 className="text-xl font-semibold text-slate-900">Join the team</h1>
      <p className="mt-1 text-sm text-slate-600">
        You were invited as <span className="font-medium text-slate-800">{ROLE_LABELS[invite.role]}</span>:{" "}
        {ROLE_DESCRIPTIONS[invite.role].toLowerCase()}
      </p>
      <AcceptInviteForm token={token} email={invite.email} acceptInviteAction={acceptInviteAction} />
    </AuthShell>
  );
}
