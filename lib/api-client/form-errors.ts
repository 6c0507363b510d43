import type { FieldValues, Path, UseFormSetError } from "react-hook-form";
import { ApiError } from "./fetch";

// One way to show a server's 422 on a form: each issue on its field, the rest as the form's own error.

export type ServerIssue = { path: string; message: string };

/** The validation issues of a 422 (`details.issues`), or none. */
export function serverIssues(error: unknown): ServerIssue[] {
  if (!(error instanceof ApiError) || !Array.isArray(error.details?.issues)) return [];
  return (error.details.issues as unknown[]).flatMap((issue) => {
    const { path, message } = (issue ?? {}) as { path?: unknown; message?: unknown };
    return typeof message === "string" ? [{ path: typeof path === "string" ? path : "", message }] : [];
  });
}

/** "buttons[1].text" (the server's path) as react-hook-form's "buttons.1.text". */
export function toFieldPath(serverPath: string, prefix = ""): string {
  const path = serverPath.replace(/\[(\d+)\]/g, ".$1").replace(/^\./, "");
  return prefix && path.startsWith(prefix) ? path.slice(prefix.length).replace(/^\./, "") : path;
}

/**
 * Puts a failed request's issues on the form: on a field when the form has one of that name (`fields`), else on
 * `root.server` together with the error's message. `locate` gives the field of an issue whose path does not say it
 * (a message naming a template parameter). Returns whether any issue landed on a field.
 */
export function applyServerErrors<T extends FieldValues>(
  error: unknown,
  setError: UseFormSetError<T>,
  {
    fields,
    prefix = "",
    locate,
  }: { fields: readonly string[]; prefix?: string; locate?: (issue: ServerIssue) => string | undefined },
): boolean {
  const known = new Set(fields);
  let onField = false;
  const rest: string[] = [];
  for (const issue of serverIssues(error)) {
    const path = locate?.(issue) ?? toFieldPath(issue.path, prefix);
    if (known.has(path) || [...known].some((f) => path.startsWith(`${f}.`))) {
      setError(path as Path<T>, { type: "server", message: issue.message }, { shouldFocus: !onField });
      onField = true;
    } else {
      rest.push(issue.path ? `${issue.path}: ${issue.message}` : issue.message);
    }
  }
  if (!onField || rest.length > 0) {
    const message = error instanceof Error ? error.message : "The request failed.";
    setError("root.server" as Path<T>, {
      type: "server",
      message: rest.length > 0 && onField ? rest.join("; ") : message,
    });
  }
  return onField;
}
