import "server-only";
import { AppError } from "../app-error";
import { recordAuditEvent } from "../audit/record-audit-event";
import { db } from "../db";
import type { Prisma } from "../generated/prisma/client";
import { checkTemplateSend } from "../templates/check-template-send";
import { AUTOMATION_SETTINGS_ID } from "./get-automation-settings";
import {
  readAutomationSettings,
  type AutomationSettings,
  type UpdateAutomationSettingsInput,
} from "./schemas";

const MESSAGE_SECTIONS = ["welcome", "away", "csat"] as const;

/**
 * Saves the given sections (each whole) and audits which sections changed, with the old and new values (texts
 * and template names are configuration, not customer data). A configured template must be sendable without
 * parameters: checked against the synced library here, so the automation never fails on it later.
 */
export async function updateAutomationSettings(
  input: UpdateAutomationSettingsInput,
  actorId: string,
): Promise<AutomationSettings> {
  for (const section of MESSAGE_SECTIONS) {
    const template = input[section]?.template;
    if (!template) continue;
    try {
      await checkTemplateSend(template.name, template.language, []);
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      throw new AppError("VALIDATION_FAILED", `${section}.template: ${error.message}`, {
        issues: [{ path: `${section}.template.name`, message: error.message }],
      });
    }
  }
  return db.$transaction(async (tx) => {
    // Row lock: two admins saving at once apply one after the other, each audit entry with the true "before".
    await tx.$executeRaw`INSERT INTO "AutomationSettings" (id, config, "updatedAt") VALUES (${AUTOMATION_SETTINGS_ID}, '{}'::jsonb, now()) ON CONFLICT (id) DO NOTHING`;
    const [row] = await tx.$queryRaw<
      { config: unknown }[]
    >`SELECT config FROM "AutomationSettings" WHERE id = ${AUTOMATION_SETTINGS_ID} FOR UPDATE`;
    const before = readAutomationSettings(row?.config);
    const after: AutomationSettings = { ...before, ...definedOnly(input) };
    const changed = (Object.keys(after) as (keyof AutomationSettings)[]).filter(
      (k) => JSON.stringify(after[k]) !== JSON.stringify(before[k]),
    );
    if (changed.length === 0) return after;
    await tx.automationSettings.update({
      where: { id: AUTOMATION_SETTINGS_ID },
      data: { config: after as unknown as Prisma.InputJsonValue, updatedById: actorId },
      select: { id: true },
    });
    await recordAuditEvent(
      {
        actorId,
        action: "settings.automation_updated",
        targetType: "workspace",
        targetId: AUTOMATION_SETTINGS_ID,
        targetLabel: "Automation",
        details: {
          sections: changed,
          changes: Object.fromEntries(changed.map((k) => [k, { from: before[k], to: after[k] }])),
        },
      },
      tx,
    );
    return after;
  });
}

function definedOnly(input: UpdateAutomationSettingsInput): Partial<AutomationSettings> {
  return Object.fromEntries(
    Object.entries(input).filter(([, v]) => v !== undefined),
  ) as Partial<AutomationSettings>;
}
