import "server-only";
import { AppError } from "../app-error";
import { db } from "../db";
import type { Prisma } from "../generated/prisma/client";
import { findApprovedTemplate } from "./find-approved-template";
import { getCampaignDetail, type CampaignDetailDto } from "./read-models";
import type { UpdateCampaignInput } from "./schemas";

/**
 * Builder edits. Everything can change while the campaign is a draft; once launched only the pace can (the
 * worker reads it before every window). The template cannot change under an imported audience, whose
 * variables were checked against the old one.
 */
export async function updateCampaign(id: string, input: UpdateCampaignInput): Promise<CampaignDetailDto> {
  const campaign = await db.campaign.findUnique({
    where: { id },
    select: {
      status: true,
      kind: true,
      templateName: true,
      templateLanguage: true,
      flowVariables: true,
      _count: { select: { sources: true } },
    },
  });
  if (!campaign) throw new AppError("NOT_FOUND", "This campaign does not exist.");
  const flowEdit =
    input.flowName !== undefined || input.flowVersion !== undefined || input.flowVariables !== undefined;
  const draftOnly =
    input.name !== undefined || input.templateName !== undefined || input.sender !== undefined || flowEdit;
  if (campaign.status !== "DRAFT" && draftOnly) {
    throw new AppError("CONFLICT", "This campaign was launched: only its sending rate can still change.");
  }
  if (campaign.status === "COMPLETED" || campaign.status === "CANCELLED") {
    throw new AppError("CONFLICT", `This campaign is ${campaign.status.toLowerCase()}.`);
  }

  if (flowEdit && campaign.kind !== "FLOW")
    throw new AppError("VALIDATION_FAILED", "Only a flow campaign has a flow.");
  if (input.templateName !== undefined && campaign.kind === "FLOW") {
    throw new AppError("VALIDATION_FAILED", "A flow campaign sends a Connectly flow, not a template.");
  }
  const data: Prisma.CampaignUpdateInput = {};
  if (input.flowName !== undefined) data.flowName = input.flowName;
  if (input.flowVersion !== undefined) data.flowVersion = input.flowVersion;
  if (input.flowVariables !== undefined) {
    const changed = input.flowVariables.join("\n") !== campaign.flowVariables.join("\n");
    if (changed && campaign._count.sources > 0) {
      throw new AppError(
        "CONFLICT",
        "Clear the audience before changing the flow's variables: its values were mapped to the current ones.",
      );
    }
    data.flowVariables = input.flowVariables;
  }
  if (input.name !== undefined) data.name = data.upstreamName = input.name;
  if (input.sender !== undefined) data.sender = input.sender;
  if (input.ratePerSecond !== undefined) data.ratePerSecond = input.ratePerSecond;
  if (input.templateName !== undefined && input.language !== undefined) {
    const changed =
      input.templateName !== campaign.templateName || input.language !== campaign.templateLanguage;
    if (changed && campaign._count.sources > 0) {
      throw new AppError(
        "CONFLICT",
        "Clear the audience before changing the template: its variables were checked against the current one.",
      );
    }
    if (changed) {
      const template = await findApprovedTemplate(input.templateName, input.language);
      data.templateName = template.name;
      data.templateLanguage = template.language;
      data.templateCategory = template.category;
      data.templateComponents = template.components as unknown as Prisma.InputJsonValue;
    }
  }
  await db.campaign.update({ where: { id }, data, select: { id: true } });
  return getCampaignDetail(id);
}
