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
              {
                id: 101,
                language: { code: "en_US" },
                status: "MESSAGE_TEMPLATE_STATUS_APPROVED",
                rejectionReason: "NONE",
                createdAt: "2026-01-02T03:04:05Z",
                updatedAt: { seconds: 1767322000 },
                templateComponents: [{ body: { text: { text: "Hi" } } }],
              },
              {
                id: "102",
                language: "es",
                status: "MESSAGE_TEMPLATE_STATUS_PAUSED",
                template_components: [],
              },
              {
                language: { code: "pt_BR" },
                status: "MESSAGE_TEMPLATE_STATUS_REJECTED",
                rejectionReason: "INVALID_FORMAT",
                updatedAt: "1767322000",
              },
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
    expect(en).toMatchObject({
      category: "UTILITY",
      categoryRaw: "ACCOUNT_UPDATE",
      status: "APPROVED",
      rejectionReason: null,
      upstreamId: "101",
      upstreamGroupId: "order_update",
    });
    expect(en?.upstreamCreatedAt?.toISOString()).toBe("2026-01-02T03:04:05.000Z");
    expect(en?.upstreamUpdatedAt?.getTime()).toBe(1767322000_000);
    expect(es).toMatchObject({
      status: "UNKNOWN",
      statusRaw: "MESSAGE_TEMPLATE_STATUS_PAUSED",
      upstreamId: "102",
      components: [],
    });
    expect(pt).toMatchObject({
      status: "REJECTED",
      rejectionReason: "INVALID_FORMAT",
      upstreamId: null,
      upstreamCreatedAt: null,
    });
    expect(pt?.upstreamUpdatedAt?.getTime()).toBe(1767322000_000);
  });

  it("refuses a response without entity.templateGroups instead of treating it as an empty library", () => {
    expect(() => normalizeUpstreamTemplates({})).toThrow(/unexpected shape/);
    expect(() => normalizeUpstreamTemplates(null)).toThrow(/unexpected shape/);
    expect(normalizeUpstreamTemplates({ entity: { templateGroups: [] } }).templates).toEqual([]);
  });

  it("reads Meta's native components, preferring them when both shapes are present", () => {
    const native = [
      { type: "HEADER", format: "TEXT", text: "Our {{1}} is on!", example: { header_text: ["Summer Sale"] } },
      { type: "BODY", text: "Use code {{1}}", example: { body_text: [["25OFF"]] } },
      { type: "HEADER", format: "LOCATION" },
    ];
    const { templates } = normalizeUpstreamTemplates({
      entity: {
        templateGroups: [
          {
            name: "promo",
            category: "MARKETING",
            templates: [
              {
                language: { code: "en_US" },
                status: "APPROVED",
                externalTemplate: { whatsapp: { components: native } },
              },
              {
                language: { code: "es" },
                status: "APPROVED",
                templateComponents: [{ body: { text: { text: "Hola" } } }],
                externalTemplate: {
                  whatsapp: {
                    components: [{ type: "BODY", text: "Hola {{1}}", example: { body_text: [["Ana"]] } }],
                  },
                },
              },
              {
                language: { code: "pt_BR" },
                status: "APPROVED",
                templateComponents: [{ body: { text: { text: "Oi" } } }],
              },
            ],
          },
        ],
      },
    });
    const [en, es, pt] = templates;
    expect(en?.components).toEqual([
      { header: { text: { text: "Our {{1}} is on!", example: ["Summer Sale"] } } },
      { body: { text: { text: "Use code {{1}}", example: ["25OFF"] } } },
      { unknown: { kind: "HEADER LOCATION", raw: { type: "HEADER", format: "LOCATION" } } },
    ]);
    expect(es?.components).toEqual([{ body: { text: { text: "Hola {{1}}", example: ["Ana"] } } }]);
    expect(pt?.components).toEqual([{ body: { text: { text: "Oi" } } }]);
  });
});
