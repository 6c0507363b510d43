import "server-only";
import { templateVariables, type TemplateComponent } from "../../connectly/template-components";
import { db } from "../../db";
import { parseTemplateComponents } from "../../templates/components";
import type { QueuedSend } from "./pacing";
import type { ClaimedRecipient } from "./recipient-queue";

// What the worker needs to know about a campaign it sends, read once per runner.

export type CampaignInfo = {
  id: string;
  status: string;
  ratePerSecond: number;
  sender: string | null;
  /** FLOW: sent through send/campaigns in chunks (sendFlowChunk), the rest of the engine is shared. */
  kind: "TEMPLATE" | "FLOW";
  flowName: string | null;
  flowVersion: string | null;
  templateName: string;
  templateLanguage: string;
  upstreamName: string;
  templateCategory: string | null;
  variables: string[];
  components: TemplateComponent[];
};

/** One booked send of a claimed recipient. */
export type Entry = QueuedSend & { recipient: ClaimedRecipient; campaign: CampaignInfo };

export async function loadCampaign(campaignId: string): Promise<CampaignInfo | null> {
  const row = await db.campaign.findUnique({
    where: { id: campaignId },
    select: {
      id: true,
      status: true,
      ratePerSecond: true,
      sender: true,
      templateName: true,
      templateLanguage: true,
      templateComponents: true,
      templateCategory: true,
      upstreamName: true,
      kind: true,
      flowName: true,
      flowVersion: true,
    },
  });
  if (row?.kind === "FLOW") {
    if (!row.flowName) return null;
  } else if (!row?.templateName || !row.templateLanguage) return null;
  return {
    id: row.id,
    status: row.status,
    ratePerSecond: row.ratePerSecond,
    sender: row.sender,
    kind: row.kind,
    flowName: row.flowName,
    flowVersion: row.flowVersion,
    templateName: row.templateName ?? "",
    templateLanguage: row.templateLanguage ?? "",
    upstreamName: row.upstreamName,
    templateCategory: row.templateCategory,
    variables: templateVariables((row.templateComponents ?? []) as unknown as TemplateComponent[]),
    components: parseTemplateComponents(row.templateComponents),
  };
}
