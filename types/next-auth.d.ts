import type { DefaultSession } from "next-auth";
import type { RoleName } from "@/lib/auth/roles";

declare module "next-auth" {
  interface Session {
    user: DefaultSession["user"] & { id: string; role: RoleName };
  }
}
