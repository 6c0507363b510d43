import "server-only";
import { AppError } from "../../app-error";
import { recordAuditEvent } from "../../audit/record-audit-event";
import { db } from "../../db";
import type { Prisma } from "../../generated/prisma/client";
import { toRuleDto, type StoredRule } from "./read-rules";
import { MAX_RULES, type RuleBody, type RuleDto, type UpdateRuleInput } from "./schemas";

// Creating, changing, deleting and ordering rules. Every change is audited with what changed (rule definitions are
// configuration, not customer data). Referenced users, labels, quick replies and campaigns must exist when saved.

type Tx = Prisma.TransactionClient;

async function checkReferences(tx: Tx, body: Pick<RuleBody, "conditions" | "actions">): Promise<void> {
  const fail = (path: string, message: string) => {
    throw new AppError("VALIDATION_FAILED", `Invalid request body: ${path}: ${message}`, {
      issues: [{ path, message }],
    });
  };
  for (const [i, c] of body.conditions.entries()) {
    if (
      c.type === "label" &&
      !(await tx.label.findUnique({ where: { id: c.labelId }, select: { id: true } }))
    )
      fail(`conditions[${i}].labelId`, "no label has this id");
    if (
      c.type === "from_campaign" &&
      c.campaignId &&
      !(await tx.campaign.findUnique({ where: { id: c.campaignId }, select: { id: true } }))
    ) {
      fail(`conditions[${i}].campaignId`, "no campaign has this id");
    }
  }
  for (const [i, a] of body.actions.entries()) {
    if (
      a.type === "label" &&
      !(await tx.label.findUnique({ where: { id: a.labelId }, select: { id: true } }))
    )
      fail(`actions[${i}].labelId`, "no label has this id");
    if (
      a.type === "reply" &&
      !(await tx.cannedResponse.findUnique({ where: { id: a.cannedResponseId }, select: { id: true } }))
    ) {
      fail(`actions[${i}].cannedResponseId`, "no quick reply has this id");
    }
    if ((a.type === "assign" || (a.type === "notify" && a.userId)) && a.userId) {
      const user = await tx.user.findUnique({
        where: { id: a.userId },
        select: { active: true, role: true },
      });
      if (!user?.active) fail(`actions[${i}].userId`, "no active user has this id");
      if (a.type === "assign" && user?.role === "CAMPAIGN_MANAGER")
        fail(`actions[${i}].userId`, "this user's role cannot reply to customers");
    }
  }
}

function storedColumns(body: RuleBody) {
  return {
    name: body.name,
    enabled: body.enabled,
    conditions: {
      match: body.match,
      stopAfter: body.stopAfter,
      list: body.conditions,
    } as unknown as Prisma.InputJsonValue,
    actions: body.actions as unknown as Prisma.InputJsonValue,
    cooldownMinutes: body.cooldownMinutes,
  };
}

function requireDto(row: StoredRule): RuleDto {
  const dto = toRuleDto(row);
  if (!dto) throw new AppError("INTERNAL", "The saved rule could not be read back.");
  return dto;
}

function bodyOf(dto: RuleDto): RuleBody {
  const { id: _id, position: _p, updatedAt: _u, ...body } = dto;
  return body;
}

export async function createRule(body: RuleBody, actorId: string): Promise<RuleDto> {
  return db.$transaction(async (tx) => {
    // One creation at a time: positions stay unique and the count holds.
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('automation_rules'))`;
    const count = await tx.automationRule.count();
    if (count >= MAX_RULES) throw new AppError("CONFLICT", `At most ${MAX_RULES} rules: delete one first.`);
    await checkReferences(tx, body);
    const last = await tx.automationRule.aggregate({ _max: { position: true } });
    const row = await tx.automationRule.create({
      data: {
        ...storedColumns(body),
        position: (last._max.position ?? -1) + 1,
        createdById: actorId,
        updatedById: actorId,
      },
    });
    const dto = requireDto(row);
    await recordAuditEvent(
      {
        actorId,
        action: "automation_rule.created",
        targetType: "automation_rule",
        targetId: row.id,
        targetLabel: body.name,
        details: { rule: bodyOf(dto) },
      },
      tx,
    );
    return dto;
  });
}

export async function updateRule(id: string, input: UpdateRuleInput, actorId: string): Promise<RuleDto> {
  return db.$transaction(async (tx) => {
    const [locked] = await tx.$queryRaw<
      StoredRule[]
    >`SELECT * FROM "AutomationRule" WHERE id = ${id} FOR UPDATE`;
    if (!locked) throw new AppError("NOT_FOUND", "This rule does not exist.");
    const before = toRuleDto(locked);
    if (!before && (!input.conditions || !input.actions)) {
      throw new AppError("VALIDATION_FAILED", "This rule no longer reads as saved: send it whole.", {
        issues: [{ path: "conditions", message: "send the rule whole" }],
      });
    }
    const next: RuleBody = {
      ...(before ? bodyOf(before) : ({} as RuleBody)),
      ...Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)),
    } as RuleBody;
    await checkReferences(tx, next);
    const row = await tx.automationRule.update({
      where: { id },
      data: { ...storedColumns(next), updatedById: actorId },
    });
    const after = requireDto(row);
    const changed = (Object.keys(bodyOf(after)) as (keyof RuleBody)[]).filter(
      (k) => JSON.stringify(after[k]) !== JSON.stringify(before?.[k]),
    );
    if (changed.length > 0) {
      await recordAuditEvent(
        {
          actorId,
          action: "automation_rule.updated",
          targetType: "automation_rule",
          targetId: id,
          targetLabel: after.name,
          details: {
            fields: changed,
            changes: Object.fromEntries(changed.map((k) => [k, { from: before?.[k] ?? null, to: after[k] }])),
          },
        },
        tx,
      );
    }
    return after;
  });
}

export async function deleteRule(id: string, actorId: string): Promise<void> {
  await db.$transaction(async (tx) => {
    const row = await tx.automationRule.findUnique({ where: { id } });
    if (!row) throw new AppError("NOT_FOUND", "This rule does not exist.");
    await tx.automationRule.delete({ where: { id }, select: { id: true } });
    await recordAuditEvent(
      {
        actorId,
        action: "automation_rule.deleted",
        targetType: "automation_rule",
        targetId: id,
        targetLabel: row.name,
        details: { rule: toRuleDto(row) },
      },
      tx,
    );
  });
}

/** The whole order at once: every rule exactly once, first to last. */
export async function reorderRules(ids: string[], actorId: string): Promise<void> {
  await db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('automation_rules'))`;
    const rows = await tx.automationRule.findMany({
      orderBy: [{ position: "asc" }, { createdAt: "asc" }],
      select: { id: true, name: true },
    });
    const known = new Set(rows.map((r) => r.id));
    if (ids.length !== rows.length || new Set(ids).size !== ids.length || ids.some((i) => !known.has(i))) {
      throw new AppError("VALIDATION_FAILED", "Invalid request body: ids: list every rule exactly once", {
        issues: [{ path: "ids", message: "list every rule exactly once" }],
      });
    }
    const before = rows.map((r) => r.id);
    if (before.join() === ids.join()) return;
    await tx.$executeRaw`
      UPDATE "AutomationRule" r SET position = v.pos - 1, "updatedById" = ${actorId}
      FROM unnest(${ids}::text[]) WITH ORDINALITY AS v(id, pos) WHERE r.id = v.id`;
    const names = new Map(rows.map((r) => [r.id, r.name]));
    await recordAuditEvent(
      {
        actorId,
        action: "automation_rule.reordered",
        targetType: "automation_rule",
        targetId: null,
        targetLabel: "Automation rules",
        details: { from: before.map((i) => names.get(i)), to: ids.map((i) => names.get(i)) },
      },
      tx,
    );
  });
}
