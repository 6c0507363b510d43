import { PrismaPg } from "@prisma/adapter-pg";
import { hashPassword } from "../../lib/auth/password";
import { PrismaClient } from "../../lib/generated/prisma/client";

const DEFAULT_ADMIN_EMAIL = "admin@example.com";
export const DEFAULT_ADMIN_PASSWORD = "connectly-demo";

/**
 * The demo workspace and its admin. Idempotent: an existing admin keeps their password unless ADMIN_PASSWORD
 * is given explicitly, so restarting never undoes a password change. The workspace's Connectly settings start
 * empty: the environment's values apply until an admin saves others on the Settings page.
 */
export async function seed(databaseUrl: string, options: { adminEmail?: string; adminPassword?: string }) {
  const db = new PrismaClient({ adapter: new PrismaPg({ connectionString: databaseUrl }) });
  try {
    const email = (options.adminEmail ?? DEFAULT_ADMIN_EMAIL).toLowerCase();
    const password = options.adminPassword ?? DEFAULT_ADMIN_PASSWORD;
    if ((await db.workspace.count()) === 0) {
      await db.workspace.create({ data: { name: "Demo workspace" } });
    }
    const existing = await db.user.findUnique({ where: { email }, select: { id: true } });
    if (!existing) {
      await db.user.create({
        data: { email, name: "Admin", role: "ADMIN", passwordHash: await hashPassword(password) },
      });
    } else if (options.adminPassword) {
      await db.user.update({
        where: { email },
        data: { passwordHash: await hashPassword(password), active: true, role: "ADMIN" },
      });
    }
    return { email, password: existing && !options.adminPassword ? null : password };
  } finally {
    await db.$disconnect();
  }
}
