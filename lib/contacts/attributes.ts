import "server-only";
import { AppError } from "../app-error";
import { recordAuditEvent } from "../audit/record-audit-event";
import { db } from "../db";
import { checkAttributeValue } from "./attribute-values";
import {
  attributeKeyFrom,
  type AttributeType,
  type CreateAttributeInput,
  type SetAttributesInput,
} from "./schemas";
import { isUniqueViolation } from "../db-errors";

// Custom fields: the workspace's attribute definitions, and setting a contact's values (each checked against its
// attribute's type: a bad number or date is a 422 naming attributes.<key>).

export type AttributeDefinitionDto = { id: string; key: string; label: string; type: AttributeType };

export async function listContactAttributes(): Promise<AttributeDefinitionDto[]> {
  return db.contactAttribute.findMany({
    select: { id: true, key: true, label: true, type: true },
    orderBy: { label: "asc" },
  });
}

export async function createContactAttribute(
  input: CreateAttributeInput,
  actor: { id: string },
): Promise<AttributeDefinitionDto> {
  const key = input.key ?? attributeKeyFrom(input.label);
  try {
    return await db.$transaction(async (tx) => {
      const created = await tx.contactAttribute.create({
        data: { key, label: input.label, type: input.type },
        select: { id: true, key: true, label: true, type: true },
      });
      await recordAuditEvent(
        {
          actorId: actor.id,
          action: "contact_attribute.created",
          targetType: "contact_attribute",
          targetId: created.id,
          targetLabel: created.label,
          details: { key, type: input.type },
        },
        tx,
      );
      return created;
    });
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new AppError("CONFLICT", `An attribute with the key "${key}" already exists.`, {
        issues: [{ path: "key", message: "already exists" }],
      });
    }
    throw error;
  }
}

export async function setContactAttributes(
  contactId: string,
  input: SetAttributesInput,
  actor: { id: string },
) {
  const keys = Object.keys(input.attributes);
  const definitions = await db.contactAttribute.findMany({
    where: { key: { in: keys } },
    select: { key: true, type: true },
  });
  const typeOf = new Map(definitions.map((d) => [d.key, d.type]));
  const issues: { path: string; message: string }[] = [];
  const set: Record<string, unknown> = {};
  const removed: string[] = [];
  for (const [key, raw] of Object.entries(input.attributes)) {
    const type = typeOf.get(key);
    if (!type) {
      issues.push({ path: `attributes.${key}`, message: "no such attribute: create it first" });
      continue;
    }
    if (raw === null || raw === "") {
      removed.push(key);
      continue;
    }
    const checked = checkAttributeValue(type, raw);
    if (checked.ok) set[key] = checked.value;
    else issues.push({ path: `attributes.${key}`, message: checked.message });
  }
  if (issues.length > 0) {
    const first = issues[0]!;
    throw new AppError("VALIDATION_FAILED", `Invalid request body: ${first.path}: ${first.message}`, {
      issues,
    });
  }
  return db.$transaction(async (tx) => {
    // One statement: merge the new values in, drop the cleared ones (jsonb - text[]).
    const updated = await tx.$queryRaw<{ id: string; attributes: Record<string, unknown> }[]>`
      UPDATE "Contact" SET attributes = (attributes || ${JSON.stringify(set)}::jsonb) - ${removed}::text[], "updatedAt" = now()
      WHERE id = ${contactId} RETURNING id, attributes`;
    const contact = updated[0];
    if (!contact) throw new AppError("NOT_FOUND", "This contact does not exist.");
    await recordAuditEvent(
      {
        actorId: actor.id,
        action: "contact.attributes_updated",
        targetType: "contact",
        targetId: contactId,
        details: { set: Object.keys(set), removed },
      },
      tx,
    );
    return contact;
  });
}
