import "server-only";
import { AppError } from "../app-error";
import { connectlyForBudgetedSends } from "../connectly/config";
import { buildTemplateSendBody } from "../connectly/payloads";
import { resolveButtonUrlParameters } from "../connectly/url-buttons";
import { upsertContact } from "../contacts/upsert-contact";
import { db } from "../db";
import { withConflictRetry } from "../db-retry";
import { sendWithinBudget } from "../send-budget/send-within-budget";
import { getConnectlySettings } from "../settings/get-connectly-settings";
import { checkTemplateSend } from "../templates/check-template-send";
import { dispatchOutbound } from "./dispatch-outbound";
import type { SendTemplateMessageInput } from "./schemas";

/** A template message: allowed at any time, to an existing conversation or to a new phone/BSUID. */
export async function sendTemplateMessage(input: SendTemplateMessageInput, authorId: string | null) {
  // Against the synced template first (422 naming the problem), before a contact is created or anything is sent.
  const snapshot = await checkTemplateSend(input.templateName, input.language, input.parameters);
  const settings = await getConnectlySettings();
  // URL buttons: suffix or full URL typed, the workspace's chosen form sent (url-buttons.ts).
  const buttons = resolveButtonUrlParameters(
    snapshot?.components ?? null,
    input.parameters ?? [],
    settings.buttonUrlMode,
  );
  if (buttons.problems.length > 0) {
    throw new AppError("VALIDATION_FAILED", buttons.problems.map((p) => p.message).join("; "), {
      issues: buttons.problems.map((p) => ({ path: "parameters", message: p.message })),
    });
  }
  const parameters = buttons.parameters;
  const conversation = input.conversationId
    ? await db.conversation.findUnique({
        where: { id: input.conversationId },
        select: { id: true, contact: { select: { phone: true, bsuid: true } } },
      })
    : await conversationFor(input.to!);
  if (!conversation) throw new AppError("NOT_FOUND", "This conversation does not exist.");

  const sender = input.sender ?? settings.defaultSender ?? null;
  const body = buildTemplateSendBody({
    contact: conversation.contact,
    templateName: input.templateName,
    language: input.language,
    parameters,
    sender,
    callbackData: input.callbackData,
    campaignName: input.campaignName,
  });
  return dispatchOutbound(
    {
      conversationId: conversation.id,
      kind: "template",
      text: `[template] ${input.templateName}`,
      // The components as they were at send time, so the inbox can render the message even after the template changes.
      content: {
        templateName: input.templateName,
        language: input.language,
        parameters,
        ...(snapshot ? { components: snapshot.components } : {}),
      },
      idempotencyKey: input.idempotencyKey,
      authorId,
      templateName: input.templateName,
      templateLanguage: input.language,
      campaignName: input.campaignName,
      callbackData: input.callbackData,
    },
    () => sendWithinBudget("template", sender, () => connectlyForBudgetedSends().sendTemplateMessage(body)),
  );
}

async function conversationFor(to: string) {
  const identity = to.startsWith("+")
    ? { phone: to, bsuid: null, name: null }
    : { phone: null, bsuid: to, name: null };
  return withConflictRetry(() =>
    db.$transaction(async (tx) => {
      const contact = await upsertContact(tx, identity);
      return tx.conversation.upsert({
        where: { contactId: contact.id },
        create: { contactId: contact.id },
        update: {},
        select: { id: true, contact: { select: { phone: true, bsuid: true } } },
      });
    }),
  );
}
