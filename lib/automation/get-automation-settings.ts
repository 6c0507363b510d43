import "server-only";
import { db } from "../db";
import { readAutomationSettings, type AutomationSettings } from "./schemas";

export const AUTOMATION_SETTINGS_ID = "workspace";

/** The saved automation settings, each section falling back to its default (nothing saved = all defaults, all off). */
export async function getAutomationSettings(): Promise<AutomationSettings> {
  const row = await db.automationSettings.findUnique({
    where: { id: AUTOMATION_SETTINGS_ID },
    select: { config: true },
  });
  return readAutomationSettings(row?.config);
}
