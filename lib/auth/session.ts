import "server-only";
import { getServerSession } from "next-auth";
import { redirect } from "next/navigation";
import { connection } from "next/server";
import { db } from "../db";
import { authOptions } from "./options";
import { can, type Permission, type RoleName } from "./roles";

export type CurrentUser = { id: string; email: string; name: string; role: RoleName };

/**
 * The signed-in user, re-read from the database on every call: a deactivated user or a changed role takes
 * effect at once rather than when the session cookie expires.
 */
export async function getCurrentUser(): Promise<CurrentUser | null> {
  await connection(); // per-request by nature: never prerendered at build time
  const session = await getServerSession(authOptions());
  const id = session?.user?.id;
  if (!id) return null;
  const user = await db.user.findUnique({
    where: { id },
    select: { id: true, email: true, name: true, role: true, active: true },
  });
  if (!user?.active) return null;
  return { id: user.id, email: user.email, name: user.name, role: user.role };
}

/** For server pages: the user, or a redirect to the login page (or the inbox when the role lacks access). */
export async function requirePageUser(permission?: Permission): Promise<CurrentUser> {
  const user = await getCurrentUser();
  if (!user) redirect("/login");
  if (permission && !can(user.role, permission)) redirect("/forbidden");
  return user;
}
