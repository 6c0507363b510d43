import { describe, expect, it } from "vitest";
import { sessionMessageSchema } from "../connectly/schemas";
import { fillNextOpening } from "./away-text";
import { csatAnswerOf, csatListMessage } from "./csat";

describe("CSAT wire format", () => {
  it("builds a list message the contract accepts, one row per score", () => {
    const message = csatListMessage("How did we do?", "survey-1");
    expect(sessionMessageSchema.safeParse(message).success).toBe(true);
    expect(message.listMessage!.sections[0]!.rows.map((r) => r.id)).toEqual([
      "csat:survey-1:1",
      "csat:survey-1:2",
      "csat:survey-1:3",
      "csat:survey-1:4",
      "csat:survey-1:5",
    ]);
  });

  it.each([
    [
      { listReply: { id: "csat:abc-1:4", title: "4 – Good" }, buttonReply: null },
      { surveyId: "abc-1", score: 4 },
    ],
    [{ listReply: { id: "csat:abc:6", title: "6" }, buttonReply: null }, null],
    [{ listReply: { id: "menu:1", title: "Orders" }, buttonReply: null }, null],
    [{ buttonReply: { text: "5", payload: "5" } }, { surveyId: null, score: 5 }],
    [{ buttonReply: { text: " 2 " } }, { surveyId: null, score: 2 }],
    [{ buttonReply: { text: "Great", payload: "csat:xyz:3" } }, { surveyId: "xyz", score: 3 }],
    [{ buttonReply: { text: "Great" } }, null],
    [{ buttonReply: { text: "10" } }, null],
    [{ buttonReply: null }, null],
  ])("%j → %j", (content, expected) => {
    expect(csatAnswerOf(content as Parameters<typeof csatAnswerOf>[0])).toEqual(expected);
  });
});

describe("fillNextOpening", () => {
  const hours = {
    timeZone: "America/New_York",
    weekly: { mon: [{ start: "09:00", end: "17:00" }] },
    holidays: [],
  };
  it("names the local weekday and time it opens", () => {
    expect(fillNextOpening("Back {{next_opening}}!", hours, new Date("2026-12-05T12:00:00Z"))).toBe(
      "Back Mon 09:00!",
    );
  });
  it("says soon when it never opens, and leaves other text alone", () => {
    expect(fillNextOpening("Back {{next_opening}}", { ...hours, weekly: {} }, new Date())).toBe("Back soon");
    expect(fillNextOpening("Closed", hours, new Date())).toBe("Closed");
  });
});
