import "server-only";
import { randomUUID } from "node:crypto";
import { db } from "../db";
import { csatListMessage } from "./csat";
import { getAutomationSettings } from "./get-automation-settings";
import { sendAutomatedMessage } from "./send-automated-message";

/** At most one survey per conversation in this period, however often it is resolved and reopened. */
const CSAT_MIN_INTERVAL_MS = 24 * 60 * 60_000;

/**
 * On resolve: the 1–5 survey as a list message while the window is open, the configured template when it is
 * closed, or nothing (chooseAutomatedSend). The survey row is written just before the send, so an answer always
 * finds it.
 */
export async function requestCsat(conversationId: string, now: Date = new Date()) {
  const settings = await getAutomationSettings();
  if (!settings.csat.enabled) return null;
  const recent = await db.csatSurvey.findFirst({
    where: { conversationId, requestedAt: { gt: new Date(now.getTime() - CSAT_MIN_INTERVAL_MS) } },
    select: { id: true },
  });
  if (recent) return null;
  const surveyId = randomUUID();
  return sendAutomatedMessage({
    conversationId,
    purpose: "csat",
    config: settings.csat,
    idempotencyKey: `automation:csat:${surveyId}`,
    sessionMessage: (text) => csatListMessage(text, surveyId),
    beforeSend: async (decision) => {
      await db.csatSurvey.create({
        data: { id: surveyId, conversationId, via: decision.kind, requestedAt: now },
        select: { id: true },
      });
    },
  });
}
