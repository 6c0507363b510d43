import "server-only";
import { recordAuditEvent } from "../audit/record-audit-event";
import { db } from "../db";
import { saveSettingsRow } from "../settings/get-connectly-settings";
import type { SlaTargets } from "./schemas";

// The workspace's support targets (Workspace.slaFirstResponseMinutes / slaResolutionHours); none until an admin
// sets them, so nothing is flagged in a fresh install.

export async function getSlaTargets(): Promise<SlaTargets> {
  const row = await db.workspace.findFirst({
    orderBy: { createdAt: "asc" },
    select: { slaFirstResponseMinutes: true, slaResolutionHours: true },
  });
  return { firstResponseMinutes: row?.slaFirstResponseMinutes ?? null, resolutionHours: row?.slaResolutionHours ?? null };
}

/** Saves both targets and audits the change with the old and new values. */
export async function updateSlaTargets(input: SlaTargets, actorId: string): Promise<SlaTargets> {
  const before = await getSlaTargets();
  await db.$transaction(async (tx) => {
    const workspace = await saveSettingsRow(tx, {
      slaFirstResponseMinutes: input.firstResponseMinutes,
      slaResolutionHours: input.resolutionHours,
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
            firstResponseMinutes: { from: before.firstResponseMinutes ?? "none", to: input.firstResponseMinutes ?? "none" },
            resolutionHours: { from: before.resolutionHours ?? "none", to: input.resolutionHours ?? "none" },
          },
        },
      },
      tx,
    );
  });
  return getSlaTargets();
}
