import { describe, expect, it } from "vitest";
import {
  parseCreatedWebhookId,
  parseWebhookList,
  publicAddressProblem,
  webhookAddressFor,
} from "./webhook-registration";

describe("webhook registration answers (both doc shapes)", () => {
  const item = { id: "w1", topic: "messages", address: "https://dash.example.com/api/webhooks/connectly" };
  it.each([
    ["entity.webhooks", { entity: { businessId: "b", webhooks: [item] } }],
    ["webhooks", { webhooks: [item] }],
    ["data", { data: [item] }],
  ])("reads the list from %s", (_shape, answer) => {
    expect(parseWebhookList(answer)).toEqual([
      { ...item, type: undefined, configuration: { echo: false, channelTypes: [], filters: [] } },
    ]);
  });

  it("keeps the configuration, drops items that are not registrations, survives junk", () => {
    const answer = {
      entity: {
        webhooks: [
          {
            ...item,
            configuration: {
              echo: true,
              channelTypes: ["whatsapp"],
              filters: [{ field: "campaign_name", expression: "prod-*" }],
            },
          },
          { address: "https://no-id.example" },
          "nonsense",
          { ...item, id: 42, topic: "delivery_status", configuration: { echo: "yes" } },
        ],
      },
    };
    const list = parseWebhookList(answer);
    expect(list.map((r) => [r.id, r.topic, r.configuration.echo])).toEqual([
      ["w1", "messages", true],
      ["42", "delivery_status", false],
    ]);
    expect(list[0]!.configuration.filters).toEqual([{ field: "campaign_name", expression: "prod-*" }]);
    expect(parseWebhookList(null)).toEqual([]);
    expect(parseWebhookList({ entity: {} })).toEqual([]);
  });

  it("reads the created id from { id } or { entity: { id } }", () => {
    expect(parseCreatedWebhookId({ id: "a" })).toBe("a");
    expect(parseCreatedWebhookId({ entity: { id: "b" } })).toBe("b");
    expect(parseCreatedWebhookId({})).toBeNull();
  });
});

describe("publicAddressProblem", () => {
  it.each([
    ["https://dash.example.com/api/webhooks/connectly", null],
    ["http://dash.example.com/x", /https/],
    ["https://localhost:3000/x", /localhost/],
    ["https://app.local/x", /network/],
    ["https://127.0.0.1/x", /private or loopback/],
    ["https://10.1.2.3/x", /private/],
    ["https://192.168.0.5/x", /private/],
    ["https://172.20.0.1/x", /private/],
    ["https://[::1]/x", /private/],
    ["https://8.8.8.8/x", null],
    ["not a url", /not a URL/],
  ])("%s", (address, expected) => {
    const problem = publicAddressProblem(address);
    if (expected === null) expect(problem).toBeNull();
    else expect(problem).toMatch(expected);
  });

  it("joins APP_URL and the webhook path once", () => {
    expect(webhookAddressFor("https://dash.example.com/")).toBe(
      "https://dash.example.com/api/webhooks/connectly",
    );
  });
});
