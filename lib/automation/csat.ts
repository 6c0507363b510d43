import type { SessionMessage } from "../connectly/schemas";
import type { InboundContent } from "../connectly/webhook";

// The CSAT survey's wire format. WhatsApp's reply buttons stop at 3, so the 1–5 survey is a list message (up to
// 10 rows) whose row ids name the survey and the score: "csat:<surveyId>:<score>". A template survey (closed
// window) is answered with its quick-reply buttons: a button whose text or payload is a bare 1–5 answers the
// conversation's latest open template survey. Pure.

const CSAT_LABELS = ["1 – Very poor", "2 – Poor", "3 – Okay", "4 – Good", "5 – Excellent"] as const;
const ROW_ID = /^csat:([A-Za-z0-9_-]{1,64}):([1-5])$/;

export function csatListMessage(question: string, surveyId: string): SessionMessage {
  return {
    text: question.slice(0, 1024),
    listMessage: {
      button: { text: "Rate us" },
      sections: [
        {
          title: "Your rating",
          rows: CSAT_LABELS.map((label, i) => ({ id: `csat:${surveyId}:${i + 1}`, text: label })),
        },
      ],
    },
  };
}

export type CsatAnswer = { surveyId: string | null; score: number };

/** The survey answer this inbound message carries, if any. */
export function csatAnswerOf(content: Pick<InboundContent, "listReply" | "buttonReply">): CsatAnswer | null {
  const row = content.listReply?.id ? ROW_ID.exec(content.listReply.id) : null;
  if (row) return { surveyId: row[1]!, score: Number(row[2]) };
  const button = content.buttonReply;
  if (button) {
    for (const value of [button.id, button.payload, button.text]) {
      const match = typeof value === "string" ? (/^\s*([1-5])\s*$/.exec(value) ?? ROW_ID.exec(value)) : null;
      if (match)
        return match.length === 3
          ? { surveyId: match[1]!, score: Number(match[2]) }
          : { surveyId: null, score: Number(match[1]) };
    }
  }
  return null;
}
