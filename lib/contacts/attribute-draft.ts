import { z } from "zod";
import { checkAttributeValue } from "./attribute-values";
import { setAttributesSchema, type AttributeType } from "./schemas";

// The contact profile's custom field values as a form: every value a string (a yes/no field "true", "false" or ""
// for not set), under `attributes.<key>` like the request body, so the service's issues ("attributes.plan") land
// on the field unchanged. Only the changed values are sent; an emptied one is removed (null).

type Definition = { key: string; type: AttributeType };
export type AttributeDraft = { attributes: Record<string, string> };
type AttributeBody = z.output<typeof setAttributesSchema>["attributes"];

/** The form's values for a contact's stored values. */
export function attributeDraft(
  definitions: readonly Definition[],
  values: Readonly<Record<string, string | number | boolean>>,
): AttributeDraft {
  return {
    attributes: Object.fromEntries(
      definitions.map((d) => {
        const v = values[d.key];
        return [d.key, v === undefined ? "" : String(v)];
      }),
    ),
  };
}

/** The fields whose value differs from the stored one (a field added since the form was filled counts as empty). */
export function changedAttributes(
  definitions: readonly Definition[],
  stored: AttributeDraft,
  draft: { attributes?: Readonly<Record<string, string | undefined>> },
): Definition[] {
  return definitions.filter((d) => (draft.attributes?.[d.key] ?? "") !== (stored.attributes[d.key] ?? ""));
}

/**
 * The form checked and turned into the route's body: the changed values, each by its field's type (the rule the
 * service applies: numbers finite, dates YYYY-MM-DD, text at most 500 characters), issues at `attributes.<key>`.
 */
export function attributeDraftSchema(definitions: readonly Definition[], stored: AttributeDraft) {
  return z
    .custom<AttributeDraft>((value) => typeof value === "object" && value !== null)
    .transform((draft, ctx) => {
      const attributes: AttributeBody = {};
      for (const d of changedAttributes(definitions, stored, draft)) {
        const raw = draft.attributes[d.key] ?? "";
        if (raw === "") {
          attributes[d.key] = null;
          continue;
        }
        const checked = checkAttributeValue(d.type, raw);
        if (checked.ok) attributes[d.key] = checked.value;
        else ctx.addIssue({ code: "custom", path: ["attributes", d.key], message: checked.message });
      }
      return { attributes };
    })
    .pipe(setAttributesSchema);
}
