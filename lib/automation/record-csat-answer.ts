import "server-only";
import type { Prisma } from "../generated/prisma/client";
import { notifyInbox } from "../messaging/notify-inbox";
import type { CsatAnswer } from "./csat";

/** How long a template survey (answered by a bare 1–5 button) stays answerable. */
const TEMPLATE_SURVEY_ANSWERABLE_MS = 7 * 24 * 60 * 60_000;

/**
 * Stores a survey answer on the conversation's survey (a later answer replaces an earlier one) with an activity
 * line in the thread, inside the inbound message's transaction. False when it answers no survey of this
 * conversation (the message is then an ordinary one).
 */
export async function recordCsatAnswer(
  tx: Prisma.TransactionClient,
  conversationId: string,
  answer: CsatAnswer,
  at: Date,
): Promise<boolean> {
  const survey = answer.surveyId
    ? await tx.csatSurvey.findFirst({ where: { id: answer.surveyId, conversationId }, select: { id: true } })
    : await tx.csatSurvey.findFirst({
        where: {
          conversationId,
          via: "template",
          requestedAt: { gt: new Date(at.getTime() - TEMPLATE_SURVEY_ANSWERABLE_MS) },
        },
        orderBy: { requestedAt: "desc" },
        select: { id: true },
      });
  if (!survey) return false;
  await tx.csatSurvey.update({
    where: { id: survey.id },
    data: { score: answer.score, answeredAt: at },
    select: { id: true },
  });
  const note = await tx.conversationNote.create({
    data: {
      conversationId,
      kind: "ACTIVITY",
      body: `Customer rated the conversation ${answer.score}/5 (CSAT)`,
    },
    select: { id: true },
  });
  await notifyInbox(tx, { type: "note.created", conversationId, noteId: note.id });
  return true;
}
