import type { DefaultSession } from "next-auth";
import type { RoleName } from "@/lib/auth/roles";

declare module "next-auth" {
  interface Session {
    user: DefaultSession["user"] & { id: string; role: RoleName; signedInAt: number };
  }
}

declare module "next-auth/jwt" {
  interface JWT {
    uid?: string;
    role?: RoleName;
    /** Epoch ms of the sign-in; sessions older than the user's sessionsRevokedAt are refused. */
    signedInAt?: number;
    /** The server-side session (lib/auth/sessions.ts): checked on every request, revoked at sign-out. */
    sid?: string;
  }
}
