import type { Metadata } from "next";
import { ContactProfile } from "@/components/contacts/contact-profile";
import { can } from "@/lib/auth/roles";
import { requirePageUser } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Contact" };

export default async function ContactPage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requirePageUser("contacts:read");
  const { id } = await params;
  return (
    <ContactProfile
      key={id}
      contactId={id}
      canEdit={can(user.role, "contacts:edit")}
      canManage={can(user.role, "contacts:manage")}
    />
  );
}
