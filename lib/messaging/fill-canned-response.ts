// Shared by the composer (lib/messaging/hooks) and automation rules' quick-reply action.

/** `{{name}}` in a quick reply becomes the customer's first name (or nothing when we do not know it). */
export function fillCannedResponse(body: string, contactName: string | null): string {
  const first = contactName?.trim().split(/\s+/)[0] ?? "";
  // Without a name, "Hi {{name}}," reads "Hi," rather than "Hi ,".
  return first ? body.replace(/\{\{\s*name\s*\}\}/gi, first) : body.replace(/ ?\{\{\s*name\s*\}\}/gi, "");
}
