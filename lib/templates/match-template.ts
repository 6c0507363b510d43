import type { TemplateComponent } from "../connectly/template-components";

// The one template search rule, shared by the library (server) and the send dialog's picker (browser): the name
// (spaces typed as _) or the body text, ignoring case.

export function templateBodyText(components: readonly TemplateComponent[]): string {
  const body = components.find((c) => "body" in c);
  return body && "body" in body ? body.body.text.text : "";
}

export function matchesTemplateSearch(
  template: { name: string; components: readonly TemplateComponent[] },
  q: string,
): boolean {
  const needle = q.trim().toLowerCase();
  if (!needle) return true;
  return (
    template.name.toLowerCase().includes(needle.replace(/\s+/g, "_")) ||
    templateBodyText(template.components).toLowerCase().includes(needle)
  );
}
