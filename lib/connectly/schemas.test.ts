import { describe, expect, it } from "vitest";
import type { z } from "zod";
import {
  attachmentSchema,
  bsuidSchema,
  callbackDataSchema,
  e164Schema,
  listMessageSchema,
  locationSchema,
  multiProductMessageSchema,
  recipientIdSchema,
  replyButtonMessageSchema,
  sessionMessageKind,
  sessionMessageSchema,
  sessionSendBodySchema,
  singleProductMessageSchema,
  templateParameterNameSchema,
  templateParameterSchema,
  templateParametersSchema,
  templateSendBodySchema,
  type SessionMessage,
} from "./schemas";

type Invalid = [label: string, input: unknown, path: string, message?: RegExp];

function issues(schema: z.ZodType, input: unknown) {
  const result = schema.safeParse(input);
  return result.success
    ? []
    : result.error.issues.map((issue) => ({ path: issue.path.join("."), message: issue.message }));
}

function expectValid(schema: z.ZodType, input: unknown) {
  expect(issues(schema, input)).toEqual([]);
}

function expectInvalid(schema: z.ZodType, input: unknown, path: string, message?: RegExp) {
  const found = issues(schema, input);
  const match = found.find((issue) => issue.path === path && (!message || message.test(issue.message)));
  expect(
    match,
    `expected an issue at "${path}" ${message ?? ""}, got ${JSON.stringify(found)}`,
  ).toBeDefined();
}

const url = "https://cdn.connectly.ai/assets/abc";
const rows = (n: number) => Array.from({ length: n }, (_, i) => ({ id: `r${i}`, text: `Row ${i}` }));
const list = (overrides: Record<string, unknown> = {}) => ({
  button: { id: "menu", text: "Choose" },
  sections: [{ title: "Orders", rows: rows(2) }],
  ...overrides,
});
const buttons = (overrides: Record<string, unknown> = {}) => ({
  buttons: [
    { id: "yes", text: "Yes" },
    { id: "no", text: "No" },
  ],
  ...overrides,
});
const productList = (overrides: Record<string, unknown> = {}) => ({
  header: { text: "Our picks" },
  catalogId: "1234567890",
  sections: [{ title: "Shoes", productItems: [{ productRetailerId: "SKU-1" }] }],
  ...overrides,
});

describe("callbackDataSchema", () => {
  it.each([{ ticketId: "T-1" }, "plain", 42, null, [1, "a"], { a: "x".repeat(1000) }])(
    "accepts %j",
    (value) => {
      expectValid(callbackDataSchema, value);
    },
  );

  it("rejects data over 1024 bytes, counting UTF-8 bytes, and says the limit", () => {
    // 600 two-byte characters: 602 JS characters but 1202 bytes.
    expectInvalid(callbackDataSchema, "é".repeat(600), "", /1024 bytes/);
    expectValid(callbackDataSchema, "x".repeat(1022));
    expectInvalid(callbackDataSchema, "x".repeat(1023), "", /1024/);
  });

  it.each([undefined, () => 1, new Date(), Number.NaN])("rejects non-JSON %s", (value) => {
    expect(callbackDataSchema.safeParse(value).success).toBe(false);
  });
});

describe("identity schemas", () => {
  it.each(["+14155550100", "+5511987654321", "+12345678", "+123456789012345"])("e164 accepts %s", (value) => {
    expectValid(e164Schema, value);
    expectValid(recipientIdSchema, value);
  });

  it.each(["14155550100", "+0415555010", "+1234567", "+1234567890123456", "+1(604) 585 2331", ""])(
    "e164 rejects %s",
    (value) => expectInvalid(e164Schema, value, "", /E\.164/),
  );

  it.each(["US.13491208655302741918", "BR.abcXYZ09", `GB.${"a".repeat(128)}`])(
    "bsuid accepts %s",
    (value) => {
      expectValid(bsuidSchema, value);
      expectValid(recipientIdSchema, value);
    },
  );

  it.each(["us.123", "USA.123", "US.", "US.12-3", `US.${"a".repeat(129)}`, "bsuid:US.123"])(
    "bsuid rejects %s",
    (value) => {
      expectInvalid(bsuidSchema, value, "", /BSUID/);
      expectInvalid(recipientIdSchema, value, "", /E\.164.*BSUID/);
    },
  );
});

describe("attachmentSchema", () => {
  it.each([
    { type: "image", url },
    { type: "video", url, caption: "clip" },
    { type: "audio", url: "http://localhost:4010/a.ogg" },
    { type: "document", url, caption: "Your invoice", filename: "invoice-0425.pdf" },
  ])("accepts %j", (value) => expectValid(attachmentSchema, value));

  it.each<Invalid>([
    ["unknown type", { type: "sticker", url }, "type"],
    ["missing url", { type: "image" }, "url"],
    ["non-http url", { type: "image", url: "ftp://x.y/z" }, "url", /http/],
    ["relative url", { type: "image", url: "/a.png" }, "url"],
    ["long caption", { type: "image", url, caption: "x".repeat(1025) }, "caption", /1024/],
    ["filename on image", { type: "image", url, filename: "a.png" }, "filename", /documents/],
    ["long filename", { type: "document", url, filename: "x".repeat(241) }, "filename", /240/],
    ["unknown key", { type: "image", url, mime: "image/png" }, "", /mime/],
  ])("rejects %s", (_, value, path, message) => expectInvalid(attachmentSchema, value, path, message));
});

describe("locationSchema", () => {
  it.each([
    { latitude: 51.5072, longitude: -0.1276, name: "Acme Store", address: "1 High St, London" },
    { latitude: -90, longitude: 180 },
  ])("accepts %j", (value) => expectValid(locationSchema, value));

  it.each<Invalid>([
    ["latitude too big", { latitude: 90.1, longitude: 0 }, "latitude"],
    ["longitude too small", { latitude: 0, longitude: -180.5 }, "longitude"],
    ["string latitude", { latitude: "51", longitude: 0 }, "latitude"],
    ["missing longitude", { latitude: 0 }, "longitude"],
  ])("rejects %s", (_, value, path, message) => expectInvalid(locationSchema, value, path, message));
});

describe("listMessageSchema", () => {
  it.each([
    list(),
    list({ header: { text: "Support menu" }, footer: { text: "Reply any time" } }),
    list({
      sections: [
        { title: "A", rows: rows(5) },
        { title: "B", rows: [{ id: "x", text: "X", description: "d".repeat(72) }] },
      ],
    }),
    list({ sections: [{ rows: rows(10) }] }),
  ])("accepts a valid list %#", (value) => expectValid(listMessageSchema, value));

  it.each<Invalid>([
    ["long button text", list({ button: { text: "x".repeat(21) } }), "button.text", /20/],
    ["no sections", list({ sections: [] }), "sections"],
    [
      "11 sections",
      list({
        sections: Array.from({ length: 11 }, (_, i) => ({
          title: `S${i}`,
          rows: [{ id: `r${i}`, text: "t" }],
        })),
      }),
      "sections",
      /10 sections/,
    ],
    [
      "11 rows in total",
      list({
        sections: [
          { title: "A", rows: rows(6) },
          { title: "B", rows: rows(5).map((r) => ({ ...r, id: `b${r.id}` })) },
        ],
      }),
      "sections",
      /10 rows/,
    ],
    ["empty section", list({ sections: [{ title: "A", rows: [] }] }), "sections.0.rows"],
    [
      "long row id",
      list({ sections: [{ rows: [{ id: "x".repeat(201), text: "t" }] }] }),
      "sections.0.rows.0.id",
      /200/,
    ],
    [
      "long row text",
      list({ sections: [{ rows: [{ id: "a", text: "x".repeat(25) }] }] }),
      "sections.0.rows.0.text",
      /24/,
    ],
    [
      "long description",
      list({ sections: [{ rows: [{ id: "a", text: "t", description: "x".repeat(73) }] }] }),
      "sections.0.rows.0.description",
      /72/,
    ],
    [
      "long section title",
      list({ sections: [{ title: "x".repeat(25), rows: rows(1) }] }),
      "sections.0.title",
      /24/,
    ],
    ["long header", list({ header: { text: "x".repeat(61) } }), "header.text", /60/],
    ["long footer", list({ footer: { text: "x".repeat(61) } }), "footer.text", /60/],
    [
      "media header",
      list({ header: { text: "h", attachment: { type: "image", url } } }),
      "header.attachment",
      /text header/,
    ],
    [
      "duplicate row ids",
      list({
        sections: [
          { title: "A", rows: [{ id: "a", text: "1" }] },
          { title: "B", rows: [{ id: "a", text: "2" }] },
        ],
      }),
      "sections.1.rows.0.id",
      /duplicate/,
    ],
    [
      "untitled section among several",
      list({
        sections: [{ title: "A", rows: [{ id: "a", text: "1" }] }, { rows: [{ id: "b", text: "2" }] }],
      }),
      "sections.1.title",
    ],
  ])("rejects %s", (_, value, path, message) => expectInvalid(listMessageSchema, value, path, message));
});

describe("replyButtonMessageSchema", () => {
  it.each([
    buttons(),
    buttons({ header: { text: "Quick question" }, footer: { text: "Acme support" } }),
    buttons({ header: { attachment: { type: "image", url } } }),
    buttons({ header: { attachment: { type: "document", url, filename: "a.pdf" } } }),
    { buttons: [{ id: "x".repeat(256), text: "x".repeat(20) }] },
  ])("accepts %j", (value) => expectValid(replyButtonMessageSchema, value));

  it.each<Invalid>([
    ["no buttons", { buttons: [] }, "buttons", /1 to 3/],
    [
      "4 buttons",
      { buttons: [1, 2, 3, 4].map((n) => ({ id: `b${n}`, text: `B${n}` })) },
      "buttons",
      /1 to 3/,
    ],
    ["long id", { buttons: [{ id: "x".repeat(257), text: "a" }] }, "buttons.0.id", /256/],
    ["long text", { buttons: [{ id: "a", text: "x".repeat(21) }] }, "buttons.0.text", /20/],
    [
      "duplicate id",
      {
        buttons: [
          { id: "a", text: "One" },
          { id: "a", text: "Two" },
        ],
      },
      "buttons.1.id",
      /duplicate/,
    ],
    [
      "duplicate text",
      {
        buttons: [
          { id: "a", text: "Yes" },
          { id: "b", text: "Yes" },
        ],
      },
      "buttons.1.text",
      /duplicate/,
    ],
    ["audio header", buttons({ header: { attachment: { type: "audio", url } } }), "header.attachment.type"],
    [
      "text and media header",
      buttons({ header: { text: "h", attachment: { type: "image", url } } }),
      "header",
      /either/,
    ],
    ["empty header", buttons({ header: {} }), "header", /either/],
    ["long header", buttons({ header: { text: "x".repeat(61) } }), "header.text", /60/],
    ["long footer", buttons({ footer: { text: "x".repeat(61) } }), "footer.text", /60/],
  ])("rejects %s", (_, value, path, message) =>
    expectInvalid(replyButtonMessageSchema, value, path, message),
  );
});

describe("product message schemas", () => {
  it("accepts the contract's single product example", () => {
    expectValid(singleProductMessageSchema, {
      catalogId: "1234567890",
      productItem: { productRetailerId: "SKU-77" },
      footer: { text: "Free shipping" },
    });
  });

  it.each<Invalid>([
    ["missing catalogId", { productItem: { productRetailerId: "a" } }, "catalogId"],
    ["missing product id", { catalogId: "1", productItem: {} }, "productItem.productRetailerId"],
    [
      "blank product id",
      { catalogId: "1", productItem: { productRetailerId: " " } },
      "productItem.productRetailerId",
      /blank/,
    ],
  ])("single product rejects %s", (_, value, path, message) =>
    expectInvalid(singleProductMessageSchema, value, path, message),
  );

  it("accepts a product list with up to 30 items", () => {
    expectValid(multiProductMessageSchema, productList());
    const items = Array.from({ length: 10 }, (_, i) => ({ productRetailerId: `SKU-${i}` }));
    expectValid(
      multiProductMessageSchema,
      productList({ sections: ["A", "B", "C"].map((title) => ({ title, productItems: items })) }),
    );
  });

  it.each<Invalid>([
    ["missing header", productList({ header: undefined }), "header"],
    [
      "untitled section",
      productList({ sections: [{ productItems: [{ productRetailerId: "a" }] }] }),
      "sections.0.title",
    ],
    ["no sections", productList({ sections: [] }), "sections"],
    [
      "empty section",
      productList({ sections: [{ title: "A", productItems: [] }] }),
      "sections.0.productItems",
    ],
    [
      "31 items",
      productList({
        sections: [
          {
            title: "A",
            productItems: Array.from({ length: 31 }, (_, i) => ({ productRetailerId: `S${i}` })),
          },
        ],
      }),
      "sections",
      /30 products/,
    ],
  ])("product list rejects %s", (_, value, path, message) =>
    expectInvalid(multiProductMessageSchema, value, path, message),
  );
});

describe("sessionMessageSchema", () => {
  it.each<[SessionMessage, ReturnType<typeof sessionMessageKind>]>([
    [{ text: "Hi Sam, your refund was processed today." }, "text"],
    [{ text: "x".repeat(4096) }, "text"],
    [
      { attachments: [{ type: "document", url, caption: "Your invoice", filename: "invoice.pdf" }] },
      "attachment",
    ],
    [{ location: { latitude: 51.5, longitude: -0.12 } }, "location"],
    [{ text: "Which topic?", listMessage: list() as SessionMessage["listMessage"] }, "list"],
    [
      { text: "Resolved?", replyButtonMessage: buttons() as SessionMessage["replyButtonMessage"] },
      "reply_buttons",
    ],
    [
      { singleProductMessage: { catalogId: "1", productItem: { productRetailerId: "SKU" } } },
      "single_product",
    ],
    [
      {
        text: "Here it is:",
        singleProductMessage: { catalogId: "1", productItem: { productRetailerId: "SKU" } },
      },
      "single_product",
    ],
    [
      { text: "Picks", multiProductMessage: productList() as SessionMessage["multiProductMessage"] },
      "multi_product",
    ],
  ])("accepts %j as %s", (value, kind) => {
    expectValid(sessionMessageSchema, value);
    expect(sessionMessageKind(sessionMessageSchema.parse(value))).toBe(kind);
  });

  it.each<Invalid>([
    ["nothing", {}, "text", /no content/],
    ["blank text", { text: "   " }, "text", /blank/],
    ["long text", { text: "x".repeat(4097) }, "text", /4096/],
    [
      "two kinds",
      { location: { latitude: 1, longitude: 1 }, attachments: [{ type: "image", url }] },
      "",
      /found attachments, location/,
    ],
    [
      "two kinds with a broken one",
      { text: "x", location: { latitude: 1, longitude: 1 }, listMessage: {} },
      "",
      /found location, listMessage/,
    ],
    [
      "two attachments",
      {
        attachments: [
          { type: "image", url },
          { type: "image", url },
        ],
      },
      "attachments",
      /exactly 1/,
    ],
    ["empty attachments", { attachments: [] }, "attachments", /exactly 1/],
    ["text with attachment", { text: "hi", attachments: [{ type: "image", url }] }, "text", /caption/],
    ["text with location", { text: "hi", location: { latitude: 1, longitude: 1 } }, "text", /location/],
    ["list without body", { listMessage: list() }, "text", /required.*listMessage/],
    [
      "buttons with blank body",
      { text: " ", replyButtonMessage: buttons() },
      "text",
      /required.*replyButtonMessage/,
    ],
    [
      "product list without body",
      { multiProductMessage: productList() },
      "text",
      /required.*multiProductMessage/,
    ],
    ["list body too long", { text: "x".repeat(1025), listMessage: list() }, "text", /1024/],
    ["snake_case key", { text: "hi", list_message: list() }, "", /list_message/],
    [
      "nested error",
      { text: "Pick", listMessage: list({ button: { text: "" } }) },
      "listMessage.button.text",
      /blank/,
    ],
  ])("rejects %s", (_, value, path, message) => expectInvalid(sessionMessageSchema, value, path, message));
});

describe("templateParameterNameSchema", () => {
  it.each([
    "header_text",
    "header_image",
    "header_video",
    "header_document",
    "body_1",
    "body_15",
    "button_1_url",
    "button_2_url",
    "card_1_header_image",
    "card_10_header_video",
    "card_3_body_15",
    "card_10_button_2_url",
  ])("accepts %s", (name) => expectValid(templateParameterNameSchema, name));

  it.each([
    "body_0",
    "body_16",
    "button_3_url",
    "header_audio",
    "card_0_body_1",
    "card_11_body_1",
    "card_1_header_document",
    "card_1_header_text",
    "card_1_button_3_url",
    "Body_1",
    "body_01",
  ])("rejects %s", (name) =>
    expectInvalid(templateParameterNameSchema, name, "", /unknown template parameter/),
  );
});

describe("templateParameterSchema", () => {
  it.each([
    { name: "header_text", value: "Order update" },
    { name: "header_image", value: url },
    { name: "header_document", value: "https://x.y/invoice.pdf", filename: "invoice.pdf" },
    { name: "body_1", value: "Ana" },
    { name: "body_2", value: "a    b" },
    { name: "body_3", value: "x".repeat(1024) },
    { name: "button_1_url", value: "A-1042?ref=wa" },
    { name: "card_1_header_video", value: url },
    { name: "card_2_body_1", value: "x".repeat(160) },
    { name: "card_2_button_1_url", value: "sku/77" },
  ])("accepts %j", (value) => expectValid(templateParameterSchema, value));

  it.each<Invalid>([
    ["empty value", { name: "body_1", value: "" }, "value", /empty/],
    ["unknown name", { name: "body_99", value: "x" }, "name", /unknown template parameter/],
    ["media not a url", { name: "header_image", value: "cat.png" }, "value", /http/],
    ["card media not a url", { name: "card_1_header_image", value: "ftp://x.y/a.png" }, "value", /http/],
    ["body too long", { name: "body_1", value: "x".repeat(1025) }, "value", /1024/],
    ["card body too long", { name: "card_1_body_1", value: "x".repeat(161) }, "value", /160/],
    ["header text too long", { name: "header_text", value: "x".repeat(61) }, "value", /60/],
    ["newline", { name: "body_1", value: "a\nb" }, "value", /new lines/],
    ["tab", { name: "body_1", value: "a\tb" }, "value", /tabs/],
    ["five spaces", { name: "body_1", value: "a     b" }, "value", /4 consecutive spaces/],
    ["url suffix with space", { name: "button_1_url", value: "a b" }, "value", /spaces/],
    ["url suffix too long", { name: "button_2_url", value: "x".repeat(2001) }, "value", /2000/],
    [
      "malformed full url in button",
      { name: "button_1_url", value: "https://" },
      "value",
      /suffix or a valid/,
    ],
    [
      "filename on image",
      { name: "header_image", value: url, filename: "a.png" },
      "filename",
      /header_document/,
    ],
    ["unknown key", { name: "body_1", value: "x", type: "text" }, "", /type/],
  ])("rejects %s", (_, value, path, message) => expectInvalid(templateParameterSchema, value, path, message));
});

describe("templateParametersSchema", () => {
  const p = (name: string, value = name.includes("header_") && name !== "header_text" ? url : "v") => ({
    name,
    value,
  });

  it.each([
    [[]],
    [[p("header_image"), p("body_1"), p("body_2"), p("button_1_url")]],
    [
      [
        p("card_1_header_image"),
        p("card_1_body_1"),
        p("card_2_header_image"),
        p("card_2_body_1"),
        p("body_1"),
      ],
    ],
  ])("accepts %j", (value) => expectValid(templateParametersSchema, value));

  it.each<Invalid>([
    ["duplicate names", [p("body_1"), p("body_1")], "1.name", /duplicate parameter "body_1"/],
    ["body gap", [p("body_1"), p("body_3")], "", /body_2 is missing/],
    [
      "card body gap",
      [p("card_1_header_image"), p("card_1_body_2"), p("card_2_header_image")],
      "",
      /card_1_body_1 is missing/,
    ],
    ["card gap", [p("card_1_header_image"), p("card_3_header_image")], "", /card 2/],
    ["cards not from 1", [p("card_2_header_image"), p("card_3_header_image")], "", /card 1/],
    ["single card", [p("card_1_header_image")], "", /2 to 10 cards/],
    [
      "two headers on a card",
      [p("card_1_header_image"), p("card_1_header_video"), p("card_2_header_image")],
      "",
      /more than one header/,
    ],
    ["bad item", [p("body_1"), { name: "body_2", value: "a\nb" }], "1.value", /new lines/],
  ])("rejects %s", (_, value, path, message) =>
    expectInvalid(templateParametersSchema, value, path, message),
  );
});

describe("templateSendBodySchema", () => {
  const body = (overrides: Record<string, unknown> = {}) => ({
    number: "+5511987654321",
    templateName: "order_shipped_v2",
    language: "pt_BR",
    ...overrides,
  });

  it.each([
    body(),
    body({
      sender: "+14155550100",
      parameters: [
        { name: "header_image", value: url },
        { name: "body_1", value: "Ana" },
        { name: "button_1_url", value: "A-1042" },
      ],
      campaignName: "shipping_notifications_2025_06",
      callbackData: { orderId: "A-1042", tenant: "acme" },
    }),
    body({ number: "bsuid:US.13491208655302741918" }),
    body({ language: "en" }),
    body({ language: "fil" }),
    body({ callbackData: null }),
  ])("accepts %j", (value) => expectValid(templateSendBodySchema, value));

  it.each<Invalid>([
    ["bare BSUID number", body({ number: "US.13491208655302741918" }), "number", /bsuid:/],
    ["loose phone", body({ number: "+1(604) 585 2331" }), "number"],
    ["missing number", { templateName: "a", language: "en" }, "number"],
    ["uppercase template name", body({ templateName: "Order_Shipped" }), "templateName", /lower-case/],
    ["empty template name", body({ templateName: "" }), "templateName", /required/],
    ["long template name", body({ templateName: "a".repeat(513) }), "templateName", /512/],
    ["bad language", body({ language: "pt-BR" }), "language", /en_US/],
    ["lower-case region", body({ language: "en_us" }), "language"],
    ["missing language", body({ language: undefined }), "language"],
    ["sender as object", body({ sender: { id: "+14155550100", channelType: "whatsapp" } }), "sender"],
    ["long campaign", body({ campaignName: "x".repeat(257) }), "campaignName", /256/],
    ["huge callbackData", body({ callbackData: { blob: "x".repeat(1100) } }), "callbackData", /1024 bytes/],
    ["bad parameter", body({ parameters: [{ name: "body_1", value: "" }] }), "parameters.0.value"],
    ["unknown key", body({ order: { parentId: "x" } }), "", /order/],
  ])("rejects %s", (_, value, path, message) => expectInvalid(templateSendBodySchema, value, path, message));
});

describe("sessionSendBodySchema", () => {
  const body = (overrides: Record<string, unknown> = {}) => ({
    recipient: { id: "+447700900123", channelType: "whatsapp" },
    message: { text: "Hi Sam" },
    ...overrides,
  });

  it.each([
    body(),
    body({
      sender: { id: "+14155550100", channelType: "whatsapp" },
      callbackData: { ticketId: "T-9931" },
      campaignName: "test_campaign_2022-03-12",
    }),
    body({ recipient: { id: "US.13491208655302741918", channelType: "whatsapp", name: "sam" } }),
  ])("accepts %j", (value) => expectValid(sessionSendBodySchema, value));

  it.each<Invalid>([
    ["missing recipient", { message: { text: "x" } }, "recipient"],
    [
      "prefixed BSUID recipient",
      body({ recipient: { id: "bsuid:US.1", channelType: "whatsapp" } }),
      "recipient.id",
    ],
    [
      "sms channel",
      body({ recipient: { id: "+447700900123", channelType: "sms" } }),
      "recipient.channelType",
    ],
    ["sender as string", body({ sender: "+14155550100" }), "sender"],
    ["sender BSUID", body({ sender: { id: "US.1", channelType: "whatsapp" } }), "sender.id", /E\.164/],
    ["message missing", body({ message: undefined }), "message"],
    ["message empty", body({ message: {} }), "message.text", /no content/],
    ["huge callbackData", body({ callbackData: "é".repeat(600) }), "callbackData", /1024 bytes/],
    ["unknown key", body({ priority: "high" }), "", /priority/],
  ])("rejects %s", (_, value, path, message) => expectInvalid(sessionSendBodySchema, value, path, message));
});
