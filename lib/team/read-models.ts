import "server-only";
import type { RoleName } from "../auth/roles";
import { db } from "../db";
import { heldAccounts } from "../security/sign-in-throttle";
import { hashInviteToken } from "./invite-token";

export type TeamMemberDto = {
  id: string;
  name: string;
  email: string;
  role: RoleName;
  active: boolean;
  lastSignInAt: string | null;
  createdAt: string;
  /** Until when some address must wait before trying this account's password again (admins can lift it). */
  signInHeldUntil: string | null;
};

export type InviteDto = {
  id: string;
  email: string;
  role: RoleName;
  expiresAt: string;
  createdAt: string;
  invitedBy: string | null;
  expired: boolean;
};

export type TeamDto = { members: TeamMemberDto[]; invites: InviteDto[] };

// Expired invites stay listed for a while so the admin can send a new link; then they drop off the page.
/** The columns behind a TeamMemberDto (the list and the answer to a change). */
export const TEAM_MEMBER_SELECT = {
  id: true,
  name: true,
  email: true,
  role: true,
  active: true,
  lastSignInAt: true,
  createdAt: true,
} as const;

/** What an InviteDto is made of (toInviteDto): the list and a new invite's answer. */
export const INVITE_SELECT = {
  id: true,
  email: true,
  role: true,
  expiresAt: true,
  createdAt: true,
  invitedBy: { select: { name: true } },
} as const;

const EXPIRED_INVITES_SHOWN_MS = 30 * 24 * 60 * 60 * 1000;

export async function listTeam(): Promise<TeamDto> {
  const now = new Date();
  const [members, invites, held] = await Promise.all([
    db.user.findMany({
      orderBy: [{ active: "desc" }, { name: "asc" }],
      select: TEAM_MEMBER_SELECT,
    }),
    db.invite.findMany({
      where: {
        acceptedAt: null,
        revokedAt: null,
        expiresAt: { gt: new Date(now.getTime() - EXPIRED_INVITES_SHOWN_MS) },
      },
      orderBy: { createdAt: "desc" },
      take: 200,
      select: INVITE_SELECT,
    }),
    heldAccounts(),
  ]);
  return {
    members: members.map((m) => ({
      ...m,
      lastSignInAt: m.lastSignInAt?.toISOString() ?? null,
      createdAt: m.createdAt.toISOString(),
      signInHeldUntil: held.get(m.email)?.toISOString() ?? null,
    })),
    invites: invites.map((i) => toInviteDto(i, now)),
  };
}

export function toInviteDto(
  i: {
    id: string;
    email: string;
    role: RoleName;
    expiresAt: Date;
    createdAt: Date;
    invitedBy: { name: string } | null;
  },
  now = new Date(),
): InviteDto {
  return {
    id: i.id,
    email: i.email,
    role: i.role,
    expiresAt: i.expiresAt.toISOString(),
    createdAt: i.createdAt.toISOString(),
    invitedBy: i.invitedBy?.name ?? null,
    expired: i.expiresAt <= now,
  };
}

export type InviteLinkState =
  | { state: "valid"; email: string; role: RoleName; expiresAt: string }
  | { state: "expired" | "used" | "revoked" | "unknown" };

/** What the accept-invite page shows for a link, before anything is submitted. */
export async function getInviteLinkState(token: string): Promise<InviteLinkState> {
  const invite = await db.invite.findUnique({
    where: { tokenHash: hashInviteToken(token) },
    select: { email: true, role: true, expiresAt: true, acceptedAt: true, revokedAt: true },
  });
  if (!invite) return { state: "unknown" };
  if (invite.acceptedAt) return { state: "used" };
  if (invite.revokedAt) return { state: "revoked" };
  if (invite.expiresAt <= new Date()) return { state: "expired" };
  return {
    state: "valid",
    email: invite.email,
    role: invite.role,
    expiresAt: invite.expiresAt.toISOString(),
  };
}

export const INVITE_STATE_MESSAGES: Record<Exclude<InviteLinkState["state"], "valid">, string> = {
  expired: "This invite link has expired. Ask your admin for a new one.",
  used: "This invite link has already been used. Sign in with the password you chose.",
  revoked: "This invite link was withdrawn by an admin. Ask them for a new one if you still need access.",
  unknown: "This invite link is not valid. Check that you copied all of it, or ask your admin for a new one.",
};
