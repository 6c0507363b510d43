import { describe, expect, it } from "vitest";
import { buildSessionSendBody, buildTemplateSendBody, sessionRecipientId, templateNumber } from "./payloads";

// The send bodies the dispatch puts on the wire (contract §2, §3, §6, §14).

const PHONE = "+14155552671";
const BSUID = "US.13491208655302741918";

describe("addressing a contact", () => {
  it("uses the phone when there is one, else the BSUID (bare for session sends, bsuid: for template sends)", () => {
    expect(sessionRecipientId({ phone: PHONE, bsuid: BSUID })).toBe(PHONE);
    expect(sessionRecipientId({ phone: null, bsuid: BSUID })).toBe(BSUID);
    expect(templateNumber({ phone: PHONE, bsuid: BSUID })).toBe(PHONE);
    expect(templateNumber({ phone: null, bsuid: BSUID })).toBe(`bsuid:${BSUID}`);
  });

  it("refuses a contact with neither", () => {
    expect(() => sessionRecipientId({ phone: null, bsuid: null })).toThrow(/neither a phone nor a BSUID/);
    expect(() => templateNumber({ phone: null, bsuid: null })).toThrow(/neither a phone nor a BSUID/);
  });
});

describe("session send body", () => {
  it("carries sender, recipient, message, callbackData and campaignName when given", () => {
    expect(
      buildSessionSendBody({
        contact: { phone: PHONE, bsuid: null },
        message: { text: "hi" },
        sender: "+14155550100",
        callbackData: { a: 1 },
        campaignName: "Spring",
      }),
    ).toEqual({
      sender: { id: "+14155550100", channelType: "whatsapp" },
      recipient: { id: PHONE, channelType: "whatsapp" },
      message: { text: "hi" },
      callbackData: { a: 1 },
      campaignName: "Spring",
    });
  });

  it("leaves out what is not given (null sender, no callbackData, empty campaign name)", () => {
    // toStrictEqual: a key present with the value undefined is a difference too.
    expect(
      buildSessionSendBody({
        contact: { phone: null, bsuid: BSUID },
        message: { text: "hi" },
        sender: null,
        campaignName: "",
      }),
    ).toStrictEqual({
      recipient: { id: BSUID, channelType: "whatsapp" },
      message: { text: "hi" },
    });
  });
});

describe("template send body", () => {
  it("carries every field when given", () => {
    expect(
      buildTemplateSendBody({
        contact: { phone: null, bsuid: BSUID },
        templateName: "appointment_reminder",
        language: "en_US",
        parameters: [{ name: "body_1", value: "Ana" }],
        sender: "+14155550100",
        callbackData: null,
        campaignName: "Spring",
      }),
    ).toEqual({
      sender: "+14155550100",
      number: `bsuid:${BSUID}`,
      templateName: "appointment_reminder",
      language: "en_US",
      parameters: [{ name: "body_1", value: "Ana" }],
      callbackData: null,
      campaignName: "Spring",
    });
  });

  it("leaves out no parameters, no sender, no callbackData and no campaign name", () => {
    expect(
      buildTemplateSendBody({
        contact: { phone: PHONE, bsuid: null },
        templateName: "t",
        language: "en",
        parameters: [],
        sender: null,
        campaignName: null,
      }),
    ).toStrictEqual({ number: PHONE, templateName: "t", language: "en" });
  });
});
