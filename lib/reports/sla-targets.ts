import "server-only";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { BusinessHours } from "../automation/business-hours";
import { getAutomationSettings } from "../automation/get-automation-settings";
import { db } from "../db";
import { saveSettingsRow } from "../settings/get-connectly-settings";
import type { SlaTargets } from "./schemas";
import type { SlaPolicy } from "./sla";

// The workspace's support targets (Workspace.slaFirstResponseMinutes / slaResolutionHours); none until an admin
// sets them, so nothing is flagged in a fresh install.

export async function getSlaTargets(): Promise<SlaTargets & { businessHours: boolean }> {
  const row = await db.workspace.findFirst({
    orderBy: { createdAt: "asc" },
    select: { slaFirstResponseMinutes: true, slaResolutionHours: true, slaBusinessHours: true },
  });
  return {
    firstResponseMinutes: row?.slaFirstResponseMinutes ?? null,
    resolutionHours: row?.slaResolutionHours ?? null,
    businessHours: row?.slaBusinessHours ?? false,
  };
}

/** The targets and how they are measured: the business hours when the workspace counts SLA in them, else null. */
export async function getSlaPolicy(): Promise<SlaPolicy & { targets: { businessHours: boolean } }> {
  const targets = await getSlaTargets();
  const businessHours: BusinessHours | null = targets.businessHours
    ? (await getAutomationSettings()).businessHours
    : null;
  return { targets, businessHours };
}

/** Saves both targets and audits the change with the old and new values. */
export async function updateSlaTargets(input: SlaTargets, actorId: string): Promise<SlaTargets> {
  const before = await getSlaTargets();
  await db.$transaction(async (tx) => {
    const workspace = await saveSettingsRow(tx, {
      slaFirstResponseMinutes: input.firstResponseMinutes,
      slaResolutionHours: input.resolutionHours,
      slaBusinessHours: input.businessHours ?? before.businessHours,
    });
    await recordAuditEvent(
      {
        actorId,
        action: "settings.sla_updated",
        targetType: "workspace",
        targetId: workspace.id,
        targetLabel: "Support targets",
        details: {
          changes: {
            firstResponseMinutes: {
              from: before.firstResponseMinutes ?? "none",
              to: input.firstResponseMinutes ?? "none",
            },
            resolutionHours: { from: before.resolutionHours ?? "none", to: input.resolutionHours ?? "none" },
            businessHours: { from: before.businessHours, to: input.businessHours ?? before.businessHours },
          },
        },
      },
      tx,
    );
  });
  return getSlaTargets();
}
