import "server-only";
import { db } from "../../db";
import { ruleActionsSchema, storedConditionsSchema, RULE_COOLDOWN_DEFAULT, type RuleDto } from "./schemas";

export type StoredRule = {
  id: string;
  name: string;
  position: number;
  enabled: boolean;
  conditions: unknown;
  actions: unknown;
  cooldownMinutes: number;
  updatedAt: Date;
};

/** A stored rule through its schemas; null when it no longer parses (the evaluator skips it). */
export function toRuleDto(row: StoredRule): RuleDto | null {
  const conditions = storedConditionsSchema.safeParse(row.conditions);
  const actions = ruleActionsSchema.safeParse(row.actions);
  if (!conditions.success || !actions.success) return null;
  return {
    id: row.id,
    name: row.name,
    position: row.position,
    enabled: row.enabled,
    match: conditions.data.match,
    stopAfter: conditions.data.stopAfter,
    conditions: conditions.data.list,
    actions: actions.data,
    cooldownMinutes: row.cooldownMinutes ?? RULE_COOLDOWN_DEFAULT,
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** Every rule in evaluation order (readable ones; enabled or not). */
export async function listRules(options: { enabledOnly?: boolean } = {}): Promise<RuleDto[]> {
  const rows = await db.automationRule.findMany({
    where: options.enabledOnly ? { enabled: true } : undefined,
    orderBy: [{ position: "asc" }, { createdAt: "asc" }],
  });
  return rows.map(toRuleDto).filter((r): r is RuleDto => r !== null);
}
