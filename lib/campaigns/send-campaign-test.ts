import "server-only";
import { AppError } from "../app-error";
import { recordAuditEvent } from "../audit/record-audit-event";
import { db } from "../db";
import { sendTemplateMessage } from "../messaging/send-template-message";
import { toParameters } from "./resolve-variables";
import type { SendCampaignTestInput } from "./schemas";

/**
 * "Send a test to me" before launch: the campaign's template with its first recipient's values, to the manager's
 * own number. It goes through the inbox's template send (same checks, same send budget, recorded in that number's
 * conversation), is not a campaign recipient (no analytics, no campaign tag), and is audited. The number is
 * remembered on the user for the next test.
 */
export async function sendCampaignTest(campaignId: string, input: SendCampaignTestInput, userId: string) {
  const campaign = await db.campaign.findUnique({
    where: { id: campaignId },
    select: {
      name: true,
      status: true,
      kind: true,
      templateName: true,
      templateLanguage: true,
      sender: true,
    },
  });
  if (!campaign) throw new AppError("NOT_FOUND", "This campaign does not exist.");
  if (campaign.kind === "FLOW")
    throw new AppError(
      "VALIDATION_FAILED",
      "Test a flow from Connectly's Flow Builder (its test send); this dashboard sends test messages for template campaigns only.",
    );
  if (!campaign.templateName || !campaign.templateLanguage)
    throw new AppError("CONFLICT", "Choose the campaign's template first.");
  const first = await db.campaignRecipient.findFirst({
    where: { campaignId, state: "PENDING" },
    orderBy: { seq: "asc" },
    select: { address: true, variables: true },
  });
  if (!first)
    throw new AppError("CONFLICT", "Add the audience first: the test uses the first recipient's values.");
  const variables = (first.variables ?? {}) as Record<string, string>;
  const message = await sendTemplateMessage(
    {
      to: input.phone,
      templateName: campaign.templateName,
      language: campaign.templateLanguage,
      parameters: toParameters(Object.keys(variables), variables),
      ...(campaign.sender ? { sender: campaign.sender } : {}),
    },
    userId,
  );
  await db.user.update({ where: { id: userId }, data: { testPhone: input.phone }, select: { id: true } });
  await recordAuditEvent({
    actorId: userId,
    action: "campaign.test_sent",
    targetType: "campaign",
    targetId: campaignId,
    targetLabel: campaign.name,
    details: {
      to: input.phone,
      template: `${campaign.templateName} (${campaign.templateLanguage})`,
      valuesOf: first.address,
    },
  });
  return {
    message: { id: message.id, status: message.status, conversationId: message.conversationId },
    phone: input.phone,
  };
}

/** The number the user's last test went to, for the review step's field. */
export async function getTestPhone(userId: string): Promise<string | null> {
  return (
    (await db.user.findUnique({ where: { id: userId }, select: { testPhone: true } }))?.testPhone ?? null
  );
}
