import "server-only";
import { Prisma } from "../generated/prisma/client";
import type { AttributeCondition } from "./schemas";

// The `attribute` condition of a segment (typed custom fields in Contact.attributes, jsonb), as a boolean SQL
// expression over `ct`, for compile-segment.ts. Every user value (the key included) is a bind parameter. Never
// NULL (COALESCE … false), so it means the same under AND, OR and the label conditions' NOT IN. Values are stored
// typed (lib/contacts/attribute-values.ts): numbers and booleans as JSON numbers and booleans, text and dates as
// strings, dates as YYYY-MM-DD (compared as text, which orders them by day; a string of another shape never
// matches, and nothing is cast that could fail).

const DAY_TEXT = "^[0-9]{4}-[0-9]{2}-[0-9]{2}$";

export function compileAttributeCondition(c: AttributeCondition): Prisma.Sql {
  const json = Prisma.sql`(ct.attributes -> ${c.key}::text)`;
  const text = Prisma.sql`(ct.attributes ->> ${c.key}::text)`;
  const isString = Prisma.sql`jsonb_typeof(${json}) = 'string'`;
  switch (c.type) {
    case "TEXT":
      return c.op === "equals"
        ? Prisma.sql`COALESCE(${isString} AND lower(${text}) = lower(${c.value}::text), false)`
        : Prisma.sql`COALESCE(${isString} AND strpos(lower(${text}), lower(${c.value}::text)) > 0, false)`;
    case "NUMBER": {
      const cmp = c.op === "lt" ? Prisma.raw("<") : c.op === "gt" ? Prisma.raw(">") : Prisma.raw("=");
      // CASE, not AND: the cast runs only on JSON numbers.
      return Prisma.sql`COALESCE(CASE WHEN jsonb_typeof(${json}) = 'number' THEN (${text})::numeric ${cmp} ${c.value}::numeric END, false)`;
    }
    case "DATE": {
      const day = Prisma.sql`${isString} AND ${text} ~ ${DAY_TEXT}`;
      if (c.op === "within" || c.value === undefined) {
        // From N days ago to today (UTC), both included.
        return Prisma.sql`COALESCE(${day} AND ${text} >= to_char((now() AT TIME ZONE 'UTC')::date - ${c.days ?? 0}::int, 'YYYY-MM-DD')
          AND ${text} <= to_char((now() AT TIME ZONE 'UTC')::date, 'YYYY-MM-DD'), false)`;
      }
      return c.op === "before"
        ? Prisma.sql`COALESCE(${day} AND ${text} < ${c.value}::text, false)`
        : Prisma.sql`COALESCE(${day} AND ${text} > ${c.value}::text, false)`;
    }
    case "BOOLEAN":
      return Prisma.sql`COALESCE(${json} = ${JSON.stringify(c.value)}::jsonb, false)`;
  }
}
