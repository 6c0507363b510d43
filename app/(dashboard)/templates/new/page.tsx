import type { Metadata } from "next";
import { requirePageUser } from "@/lib/auth/session";
import { TemplateCreateForm } from "@/components/templates/template-create-form";

export const metadata: Metadata = { title: "New template" };

export default async function NewTemplatePage() {
  await requirePageUser("templates:manage");
  return <TemplateCreateForm />;
}
