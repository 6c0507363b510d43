import "server-only";
import { AppError } from "../app-error";
import type { TemplateParameter } from "../connectly/schemas";
import {
  templateVariables,
  variablesDerivable,
  type TemplateComponent,
} from "../connectly/template-components";
import { db } from "../db";
import { parseTemplateComponents } from "./components";
import { describeRawStatus, explainRejection } from "./normalize";

// A template send checked against the locally synced template, before anything is recorded or sent: only an
// approved template, with exactly the parameters its components need. A template we have not synced is left
// to Connectly to judge (the library may be behind), so this never blocks a send it cannot reason about.

function refuse(
  message: string,
  issues: { path: string; message: string }[],
  extra: Record<string, unknown> = {},
): never {
  throw new AppError("VALIDATION_FAILED", message, { issues, ...extra });
}

const MEDIA_HEADER = /^(card_\d+_)?header_(image|video|document)$/;

/** The template's components (to snapshot into the message) when it is known locally; null when it is not. */
export async function checkTemplateSend(
  templateName: string,
  language: string,
  parameters: readonly TemplateParameter[],
): Promise<{ components: TemplateComponent[] } | null> {
  const template = await db.template.findUnique({
    where: { name_language: { name: templateName, language } },
    select: { status: true, statusRaw: true, rejectionReason: true, components: true, removedAt: true },
  });
  if (!template) return null;
  const label = `${templateName} (${language})`;

  if (template.removedAt) {
    refuse(`Template ${label} no longer exists in Connectly.`, [
      { path: "templateName", message: "no longer exists in Connectly" },
    ]);
  }
  if (template.status !== "APPROVED") {
    const why =
      template.status === "PENDING"
        ? "is still waiting for Meta's review"
        : template.status === "REJECTED"
          ? `was rejected (${explainRejection(template.rejectionReason).title})`
          : `is ${describeRawStatus(template.statusRaw)}`;
    refuse(`Template ${label} ${why}; only approved templates can be sent.`, [
      { path: "templateName", message: `${why}, not approved` },
    ]);
  }

  const components = parseTemplateComponents(template.components);
  // Variables we cannot derive (a component kind we do not model, named placeholders): the hand-entered
  // parameters are left to Connectly to judge, as for a template we have not synced.
  if (!variablesDerivable(components)) return { components };
  const expected = templateVariables(components);
  const given = parameters.map((p) => p.name);
  const missing = expected.filter((name) => !given.includes(name));
  const unexpected = given.filter((name) => !expected.includes(name));

  // A header of the wrong media kind shows up as one missing and one unexpected name: say it in one sentence.
  for (const name of unexpected) {
    const media = MEDIA_HEADER.exec(name);
    if (!media) continue;
    const wanted = missing.find((m) => MEDIA_HEADER.exec(m)?.[1] === media[1]);
    if (wanted) {
      refuse(
        `Template ${label} has a ${wanted.replace(/^(card_\d+_)?header_/, "")} header: send ${wanted}, not ${name}.`,
        [{ path: "parameters", message: `${name} does not match the template's header; expected ${wanted}` }],
      );
    }
  }
  if (missing.length > 0) {
    refuse(
      `Missing template variable${missing.length > 1 ? "s" : ""} ${missing.join(", ")} for ${label}.`,
      missing.map((name) => ({ path: "parameters", message: `${name} is required` })),
      { missing },
    );
  }
  if (unexpected.length > 0) {
    const takes = expected.length > 0 ? expected.join(", ") : "no parameters";
    refuse(
      `Unexpected parameter${unexpected.length > 1 ? "s" : ""} ${unexpected.join(", ")}: ${label} takes ${takes}.`,
      unexpected.map((name) => ({
        path: "parameters",
        message: `${name} is not a variable of this template`,
      })),
      { unexpected },
    );
  }
  return { components };
}
