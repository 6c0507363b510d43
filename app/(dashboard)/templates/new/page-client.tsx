"use client";

import { TemplateCreateForm } from "@/components/templates/template-create-form";

export function NewTemplateClient() {
  return <TemplateCreateForm />;
}
