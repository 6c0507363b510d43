import "server-only";
import { AppError } from "../app-error";
import { ConnectlyError } from "../connectly/client";
import { connectly } from "../connectly/config";
import { explainUpstreamError } from "../connectly/error-catalogue";
import type { TemplateComponent } from "../connectly/template-components";
import { parseTemplateComponents } from "../templates/components";
import { normalizeUpstreamTemplates } from "../templates/upstream-templates";

export type ApprovedTemplate = {
  name: string;
  language: string;
  category: string | null;
  components: TemplateComponent[];
};

/**
 * The template as Connectly has it right now, and only if approved for that language: a campaign is about to
 * send it thousands of times, so a stale local copy is not good enough to decide that.
 */
export async function findApprovedTemplate(name: string, language: string): Promise<ApprovedTemplate> {
  let body: unknown;
  try {
    body = await connectly().getTemplates();
  } catch (error) {
    if (!(error instanceof ConnectlyError)) throw error;
    const explanation = explainUpstreamError({ ...error.body, code: error.code });
    throw new AppError(
      "UPSTREAM_ERROR",
      `Could not read the templates from Connectly: ${explanation.title}. ${explanation.action}`,
    );
  }
  const { templates } = normalizeUpstreamTemplates(body);
  const template = templates.find((t) => t.name === name && t.language === language);
  if (!template) {
    throw new AppError(
      "VALIDATION_FAILED",
      `Invalid request: templateName: no template "${name}" in ${language}`,
      {
        issues: [{ path: "templateName", message: `no template "${name}" in ${language}` }],
      },
    );
  }
  if (template.status !== "APPROVED") {
    throw new AppError(
      "VALIDATION_FAILED",
      `Invalid request: templateName: "${name}" (${language}) is ${template.status.toLowerCase()}; only approved templates can be sent`,
      { issues: [{ path: "templateName", message: `template is ${template.status.toLowerCase()}` }] },
    );
  }
  return {
    name,
    language,
    category: template.category,
    components: parseTemplateComponents(template.components),
  };
}
