import "server-only";
import { createHash, randomBytes } from "node:crypto";

export const INVITE_TTL_MS = 7 * 24 * 60 * 60 * 1000;

/** 256 random bits: the link is the only credential until the invitee sets a password. */
export function newInviteToken(): string {
  return randomBytes(32).toString("base64url");
}

/** What the database keeps: a leaked Invite table does not yield working links. */
export function hashInviteToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

export function invitePath(token: string): string {
  return `/accept-invite/${token}`;
}
