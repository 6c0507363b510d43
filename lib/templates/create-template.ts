import "server-only";
import { AppError } from "../app-error";
import { ConnectlyError } from "../connectly/client";
import { connectly } from "../connectly/config";
import { explainUpstreamError } from "../connectly/error-catalogue";
import { db } from "../db";
import type { Prisma } from "../generated/prisma/client";
import { buildCreateTemplateBody, componentsFromInput } from "./build-create-body";
import { CATEGORY_LABELS, upstreamCategory } from "./normalize";
import { templateSelect, toTemplateDto, type TemplateDto } from "./read-models";
import type { CreateTemplateData } from "./schemas";
import { normalizeUpstreamTemplates, type UpstreamTemplate } from "./upstream-templates";
import { recordAuditEvent } from "../audit/record-audit-event";

// Submits a new template (or a new language of an existing one) to Connectly (§7.1) and stores it as Meta's
// review starts: PENDING until a later sync sees the outcome (review takes minutes to a day; there is no webhook).

export async function createTemplate(input: CreateTemplateData): Promise<TemplateDto> {
  const siblings = await db.template.findMany({
    where: { name: input.name, removedAt: null },
    select: { language: true, category: true },
  });
  if (siblings.some((t) => t.language === input.language)) {
    throw new AppError(
      "CONFLICT",
      `A template named ${input.name} already exists in ${input.language}. Pick another name or language.`,
      {
        issues: [{ path: "language", message: `${input.name} already has a ${input.language} version` }],
      },
    );
  }
  const other = siblings.find((t) => t.category !== null && t.category !== input.category);
  if (other?.category) {
    throw new AppError(
      "CONFLICT",
      `${input.name} already exists as a ${CATEGORY_LABELS[other.category]} template; a new language must use the same category.`,
      {
        issues: [
          {
            path: "category",
            message: `must be ${CATEGORY_LABELS[other.category]}, like the other languages`,
          },
        ],
      },
    );
  }

  let response: { entity?: unknown };
  try {
    response = await connectly().createTemplate(buildCreateTemplateBody(input));
  } catch (error) {
    throw createFailure(error);
  }

  const now = new Date();
  const fromUpstream = readCreated(response, input.name, input.language);
  const row: UpstreamTemplate = fromUpstream ?? {
    name: input.name,
    language: input.language,
    category: input.category,
    categoryRaw: upstreamCategory(input.category),
    status: "PENDING",
    statusRaw: "MESSAGE_TEMPLATE_STATUS_PENDING",
    rejectionReason: null,
    components: componentsFromInput(input),
    upstreamId: null,
    upstreamGroupId: input.name,
    upstreamCreatedAt: now,
    upstreamUpdatedAt: now,
  };
  const data = {
    ...row,
    components: row.components as Prisma.InputJsonValue,
    syncedAt: now,
    removedAt: null,
  };
  const saved = await db.template.upsert({
    where: { name_language: { name: input.name, language: input.language } },
    create: data,
    update: data,
    select: templateSelect,
  });
  await recordAuditEvent({
    action: "template.created",
    targetType: "template",
    targetId: saved.id,
    targetLabel: `${input.name} (${input.language})`,
    details: { category: input.category },
  });
  return toTemplateDto(saved);
}

/** The created translation from the response's `entity` (a template group), if it is there and readable. */
function readCreated(
  response: { entity?: unknown },
  name: string,
  language: string,
): UpstreamTemplate | null {
  try {
    const { templates } = normalizeUpstreamTemplates({ entity: { templateGroups: [response.entity] } });
    return templates.find((t) => t.name === name && t.language === language) ?? null;
  } catch {
    return null;
  }
}

function createFailure(error: unknown): AppError {
  if (!(error instanceof ConnectlyError))
    return error instanceof AppError
      ? error
      : new AppError("INTERNAL", "Creating the template failed on our side.");
  const traceId = error.body?.cntTraceId ?? null;
  if (error.kind === "http" && error.status !== null && error.status < 500 && error.status !== 429) {
    // Upstream's message names the offending component, which is more useful here than the send-oriented catalogue.
    return new AppError(
      "UPSTREAM_REJECTED",
      `Connectly refused the template: ${error.body?.message ?? error.message}`,
      {
        upstream: { code: error.code, traceId },
      },
    );
  }
  const explanation = explainUpstreamError({ ...error.body, code: error.code });
  const code =
    error.kind === "timeout" ? "UPSTREAM_TIMEOUT" : error.status === 429 ? "RATE_LIMITED" : "UPSTREAM_ERROR";
  return new AppError(code, `${explanation.title}. ${explanation.action}`, {
    upstream: { ...explanation, traceId },
  });
}
