import type { Metadata } from "next";
import { ContactList } from "@/components/contacts/contact-list";
import { can } from "@/lib/auth/roles";
import { countryOptions } from "@/lib/campaigns/phone";
import { requirePageUser } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Contacts" };

export default async function ContactsPage({
  searchParams,
}: {
  searchParams: Promise<{ q?: string | string[] }>;
}) {
  const user = await requirePageUser("contacts:read");
  const { q } = await searchParams;
  const canManage = can(user.role, "contacts:manage");
  return (
    <ContactList
      initialQuery={typeof q === "string" ? q.slice(0, 120) : ""}
      canManage={canManage}
      canBulk={can(user.role, "inbox:reply")}
      countries={canManage ? countryOptions() : []}
    />
  );
}
