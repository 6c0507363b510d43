import "server-only";
import { recordAuditEvent } from "../audit/record-audit-event";
import { ConnectlyError, createConnectlyClient } from "../connectly/client";
import { explainUpstreamError } from "../connectly/error-catalogue";
import { getConnectlySettings } from "./get-connectly-settings";
import type { TestConnectionInput } from "./schemas";

export type ConnectionTestResult =
  | { ok: true; title: string; message: string; templateGroups: number }
  | { ok: false; code: string; title: string; cause: string; action: string };

/**
 * Calls get/templates with the settings in effect (or values typed into the form, not yet saved) and says in plain
 * words whether it worked, using the same error catalogue as failed sends.
 */
export async function testConnectlyConnection(
  input: TestConnectionInput,
  actorId: string,
): Promise<ConnectionTestResult> {
  const settings = await getConnectlySettings();
  const businessId = input.businessId ?? settings.businessId;
  // No retries: the admin is waiting on the button, and a 429 or a timeout is itself the answer.
  const client = createConnectlyClient({
    ...settings,
    businessId,
    apiKey: input.apiKey ?? settings.apiKey,
    maxRetries: 0,
  });
  let result: ConnectionTestResult;
  try {
    const response = await client.getTemplates();
    const templateGroups = Array.isArray(response?.entity?.templateGroups)
      ? response.entity.templateGroups.length
      : 0;
    result = {
      ok: true,
      title: "Connected to Connectly",
      message: `The API key works for business ${businessId}: ${templateGroups} ${templateGroups === 1 ? "template" : "templates"} found.`,
      templateGroups,
    };
  } catch (error) {
    if (!(error instanceof ConnectlyError)) throw error;
    const explanation = explainUpstreamError({ ...error.body, code: error.code });
    result = {
      ok: false,
      code: explanation.code,
      title: explanation.title,
      // The catalogue speaks to whoever hit the error ("ask an administrator"); here the admin is the one testing.
      ...(error.status === 401 || error.status === 403
        ? keyRefused(input)
        : { cause: explanation.cause, action: explanation.action }),
    };
  }
  await recordAuditEvent({
    actorId,
    action: "settings.connection_tested",
    targetType: "workspace",
    targetLabel: "Connectly connection",
    details: {
      ok: result.ok,
      businessId,
      unsavedValues: Object.keys(input),
      ...(result.ok ? {} : { code: result.code }),
      summary: `${result.ok ? "Worked" : `Failed (${result.title})`} for business ${businessId}${input.apiKey ? ", with a typed API key not yet saved" : ""}`,
    },
  });
  return result;
}

function keyRefused(input: TestConnectionInput): { cause: string; action: string } {
  if (input.apiKey) {
    return {
      cause: "Connectly refused the API key you just typed: it is wrong, revoked, or for another business.",
      action:
        "Copy the key again from Connectly's dashboard, paste it here and test again before saving it. Nothing was saved.",
    };
  }
  return {
    cause:
      "Connectly refused the API key this dashboard uses now (saved here, or from the server's environment).",
    action: "Paste a valid key from Connectly's dashboard into the API key field, test it, then save.",
  };
}
