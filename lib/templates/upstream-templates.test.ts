import { describe, expect, it } from "vitest";
import { normalizeUpstreamTemplates } from "./upstream-templates";

describe("normalizeUpstreamTemplates", () => {
  it("flattens groups, normalises category and status, keeps the raw values", () => {
    const { templates, skipped } = normalizeUpstreamTemplates({
      entity: {
        templateGroups: [
          {
            id: "order_update",
            name: "order_update",
            category: "ACCOUNT_UPDATE",
            templates: [
              { id: 101, language: { code: "en_US" }, status: "MESSAGE_TEMPLATE_STATUS_APPROVED", rejectionReason: "NONE", createdAt: "2026-01-02T03:04:05Z", updatedAt: { seconds: 1767322000 }, templateComponents: [{ body: { text: { text: "Hi" } } }] },
              { id: "102", language: "es", status: "MESSAGE_TEMPLATE_STATUS_PAUSED", template_components: [] },
              { language: { code: "pt_BR" }, status: "MESSAGE_TEMPLATE_STATUS_REJECTED", rejectionReason: "INVALID_FORMAT", updatedAt: "1767322000" },
            ],
          },
          { name: "broken" },
          { category: "MARKETING", templates: [] },
          { name: "odd", templates: [{ status: "X" }] },
        ],
      },
    });
    expect(skipped).toBe(2);
    expect(templates).toHaveLength(3);
    const [en, es, pt] = templates;
    expect(en).toMatchObject({ category: "UTILITY", categoryRaw: "ACCOUNT_UPDATE", status: "APPROVED", rejectionReason: null, upstreamId: "101", upstreamGroupId: "order_update" });
    expect(en?.upstreamCreatedAt?.toISOString()).toBe("2026-01-02T03:04:05.000Z");
    expect(en?.upstreamUpdatedAt?.getTime()).toBe(1767322000_000);
    expect(es).toMatchObject({ status: "UNKNOWN", statusRaw: "MESSAGE_TEMPLATE_STATUS_PAUSED", upstreamId: "102", components: [] });
    expect(pt).toMatchObject({ status: "REJECTED", rejectionReason: "INVALID_FORMAT", upstreamId: null, upstreamCreatedAt: null });
    expect(pt?.upstreamUpdatedAt?.getTime()).toBe(1767322000_000);
  });

  it("refuses a response without entity.templateGroups instead of treating it as an empty library", () => {
    expect(() => normalizeUpstreamTemplates({})).toThrow(/unexpected shape/);
    expect(() => normalizeUpstreamTemplates(null)).toThrow(/unexpected shape/);
    expect(normalizeUpstreamTemplates({ entity: { templateGroups: [] } }).templates).toEqual([]);
  });
});
