import type { Metadata } from "next";
import { can } from "@/lib/auth/roles";
import { requirePageUser } from "@/lib/auth/session";
import { TemplateLibrary } from "@/components/templates/template-library";

export const metadata: Metadata = { title: "Templates" };

export default async function TemplatesPage() {
  const user = await requirePageUser("templates:read");
  return (
    <TemplateLibrary canManage={can(user.role, "templates:manage")} canSend={can(user.role, "inbox:reply")} />
  );
}
