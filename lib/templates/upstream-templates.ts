import { z } from "zod";
import { AppError } from "../app-error";
import { fromNativeComponents, nativeComponentsOf } from "../connectly/native-template-components";
import {
  normalizeCategory,
  normalizeStatus,
  type TemplateCategoryName,
  type TemplateStatusName,
} from "./normalize";

// Connectly's get/templates response (§7.2) as one flat row per name + language, categories and statuses
// normalised. Pure, so the unit tests can feed it odd upstream shapes.

// Upstream is parsed loosely on purpose: one odd template must not stop the others from syncing.
const upstreamTemplateSchema = z.object({
  id: z.union([z.string(), z.number()]).nullish(),
  language: z.union([z.object({ code: z.string().min(1) }), z.string().min(1)]),
  status: z.string().nullish(),
  createdAt: z.unknown().optional(),
  updatedAt: z.unknown().optional(),
  rejectionReason: z.string().nullish(),
  templateComponents: z.array(z.unknown()).nullish(),
  template_components: z.array(z.unknown()).nullish(),
  // Meta's own component list (§7.2: "also includes WhatsApp's native component representation").
  externalTemplate: z.unknown().optional(),
  external_template: z.unknown().optional(),
});

const upstreamGroupSchema = z.object({
  id: z.union([z.string(), z.number()]).nullish(),
  name: z.string().min(1),
  category: z.string().nullish(),
  templates: z.array(z.unknown()).nullish(),
});

const upstreamResponseSchema = z.object({
  entity: z.object({ templateGroups: z.array(z.unknown()).nullish() }).nullish(),
});

export type UpstreamTemplate = {
  name: string;
  language: string;
  category: TemplateCategoryName | null;
  categoryRaw: string;
  status: TemplateStatusName;
  statusRaw: string;
  rejectionReason: string | null;
  /** The app's component model: converted from Meta's native list when present, else Connectly's. */
  components: unknown[];
  upstreamId: string | null;
  upstreamGroupId: string | null;
  upstreamCreatedAt: Date | null;
  upstreamUpdatedAt: Date | null;
};

/** ISO strings, unix seconds, or a protobuf Timestamp `{ seconds }`; null when unreadable. */
function parseTimestamp(value: unknown): Date | null {
  let date: Date | null = null;
  if (typeof value === "string" && value !== "")
    date = /^\d+$/.test(value) ? new Date(Number(value) * 1000) : new Date(value);
  else if (typeof value === "number") date = new Date(value * 1000);
  else if (value && typeof value === "object" && "seconds" in value)
    date = new Date(Number((value as { seconds: unknown }).seconds) * 1000);
  return date && !Number.isNaN(date.getTime()) ? date : null;
}

/**
 * Meta's native components when present, else Connectly's `templateComponents`. Native wins because it is what
 * WhatsApp approved and renders (Meta's own examples, button URLs, kinds Connectly may not mirror yet), while the
 * Connectly nesting is only partly documented (§7.1: header text, footer, buttons and carousel shapes NOT FOUND).
 * Either way the result is the app's component model (template-components.ts).
 */
function componentsOf(rawTemplate: unknown, connectly: unknown[]): unknown[] {
  const native = nativeComponentsOf(rawTemplate);
  return native ? fromNativeComponents(native) : connectly;
}

/** Flattens the template groups into one row per name + language. */
export function normalizeUpstreamTemplates(body: unknown): {
  templates: UpstreamTemplate[];
  skipped: number;
} {
  const parsed = upstreamResponseSchema.safeParse(body);
  const groups = parsed.success ? parsed.data.entity?.templateGroups : undefined;
  if (!groups)
    throw new AppError(
      "UPSTREAM_ERROR",
      "Connectly's template list had an unexpected shape (no entity.templateGroups).",
    );
  const byKey = new Map<string, UpstreamTemplate>();
  let skipped = 0;
  for (const rawGroup of groups) {
    const group = upstreamGroupSchema.safeParse(rawGroup);
    if (!group.success) {
      skipped++;
      continue;
    }
    const categoryRaw = group.data.category ?? "";
    for (const rawTemplate of group.data.templates ?? []) {
      const template = upstreamTemplateSchema.safeParse(rawTemplate);
      if (!template.success) {
        skipped++;
        continue;
      }
      const t = template.data;
      const language = typeof t.language === "string" ? t.language : t.language.code;
      const statusRaw = t.status ?? "";
      const status = normalizeStatus(statusRaw);
      byKey.set(`${group.data.name}\u0000${language}`, {
        name: group.data.name,
        language,
        category: normalizeCategory(categoryRaw),
        categoryRaw,
        status,
        statusRaw,
        // Meta sends "NONE" (or null) on templates that were not rejected; only a rejection has a reason.
        rejectionReason: status === "REJECTED" ? (t.rejectionReason ?? null) : null,
        components: componentsOf(rawTemplate, t.templateComponents ?? t.template_components ?? []),
        upstreamId: t.id === null || t.id === undefined ? null : String(t.id),
        upstreamGroupId:
          group.data.id === null || group.data.id === undefined ? group.data.name : String(group.data.id),
        upstreamCreatedAt: parseTimestamp(t.createdAt),
        upstreamUpdatedAt: parseTimestamp(t.updatedAt),
      });
    }
  }
  return { templates: [...byKey.values()], skipped };
}
