"use client";

import { TemplateLibrary } from "@/components/templates/template-library";

export function TemplatesClient({ canManage, canSend }: { canManage: boolean; canSend: boolean }) {
  return <TemplateLibrary canManage={canManage} canSend={canSend} />;
}
