import type { Metadata } from "next";
import { requirePageUser } from "@/lib/auth/session";
import { NewTemplateClient } from "./page-client";

export const metadata: Metadata = { title: "New template" };

export default async function NewTemplatePage() {
  await requirePageUser("templates:manage");
  return <NewTemplateClient />;
}
