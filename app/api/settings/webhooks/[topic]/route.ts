import { NextResponse } from "next/server";
import { AppError } from "@/lib/app-error";
import { parseJsonBody, withSession } from "@/lib/api/handler";
import { removeWebhook } from "@/lib/settings/remove-webhook";
import { repointWebhook } from "@/lib/settings/repoint-webhook";
import { repointWebhookSchema, webhookTopicSchema } from "@/lib/settings/schemas";

function topicOf(params: { topic: string }) {
  const parsed = webhookTopicSchema.safeParse(params.topic);
  if (!parsed.success)
    throw new AppError("NOT_FOUND", "No such webhook topic (messages, delivery_status or report).");
  return parsed.data;
}

// PATCH /api/settings/webhooks/:topic - re-point the topic's registration at another address ({ address }); audited
export const PATCH = withSession<{ topic: string }>(
  async (req, { user, params }) => {
    const topic = topicOf(params);
    const input = await parseJsonBody(req, repointWebhookSchema);
    await repointWebhook(topic, input, user.id);
    return NextResponse.json({ ok: true });
  },
  { permission: "settings:manage" },
);

// DELETE /api/settings/webhooks/:topic - remove the topic's registration at Connectly; audited
export const DELETE = withSession<{ topic: string }>(
  async (_req, { user, params }) => {
    await removeWebhook(topicOf(params), user.id);
    return NextResponse.json({ ok: true });
  },
  { permission: "settings:manage" },
);
