import "server-only";
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { z } from "zod";
import { db } from "../db";
import { env } from "../env";
import type { RoleName } from "./roles";
import { verifyPassword } from "./password";

const credentialsSchema = z.object({ email: z.email().transform((e) => e.toLowerCase()), password: z.string().min(1) });

const SESSION_MAX_AGE_S = 12 * 60 * 60; // one working day

let cached: NextAuthOptions | undefined;

/** Built on first use: reading the environment at import time would break `next build`. */
export function authOptions(): NextAuthOptions {
  cached ??= buildOptions();
  return cached;
}

const buildOptions = (): NextAuthOptions => ({
  secret: env().NEXTAUTH_SECRET,
  session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_S },
  pages: { signIn: "/login" },
  providers: [
    CredentialsProvider({
      name: "Email and password",
      credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
      async authorize(raw) {
        const parsed = credentialsSchema.safeParse(raw);
        if (!parsed.success) return null;
        const user = await db.user.findUnique({
          where: { email: parsed.data.email },
          select: { id: true, email: true, name: true, role: true, active: true, passwordHash: true },
        });
        // Verify even when the user is unknown, so response time does not reveal which emails exist.
        const ok = await verifyPassword(user?.passwordHash ?? DUMMY_HASH, parsed.data.password);
        if (!user || !ok || !user.active) return null;
        return { id: user.id, email: user.email, name: user.name, role: user.role };
      },
    }),
  ],
  callbacks: {
    jwt({ token, user }) {
      if (user) {
        token.uid = user.id;
        token.role = (user as unknown as { role: RoleName }).role;
      }
      return token;
    },
    session({ session, token }) {
      if (session.user) {
        session.user.id = token.uid as string;
        session.user.role = token.role as RoleName;
      }
      return session;
    },
  },
});

// argon2id hash of a random string: verifying against it costs the same as a real check.
const DUMMY_HASH =
  "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$0pcxmOQfkXa0GmrW1Fh0iXWZD4oSS/KmvzlB1ND6uHY";
