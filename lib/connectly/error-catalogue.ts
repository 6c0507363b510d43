// The one place that turns upstream failures (Connectly ERROR_CODE_*/ERROR_TYPE_*, Meta numeric codes,
// and the client's own UPSTREAM_* codes) into words for support agents and campaign managers (contract §4, §14).

type ErrorKind =
  "recipient" | "template" | "window" | "account" | "request" | "rate_limit" | "transient" | "unknown";

export type ErrorExplanation = {
  code: string;
  title: string;
  cause: string;
  action: string;
  retryable: boolean;
  kind: ErrorKind;
};

type Entry = Omit<ErrorExplanation, "code">;

const CONTACT_CONNECTLY = "If it keeps happening, contact Connectly support and quote the trace id.";
const SEND_TEMPLATE =
  "Send an approved template instead; the free-form window reopens when the customer writes again.";
const RETRY_LATER = "Try again in a few minutes; nothing needs to change in the message.";

const CONNECTLY_CODES: Record<string, Entry> = {
  ERROR_CODE_INVALID_SENDER_ID: {
    title: "Sending number not valid",
    cause: "The business WhatsApp number chosen as the sender is not valid for this account.",
    action: "Pick one of the business's connected WhatsApp numbers as the sender, or leave it empty.",
    retryable: false,
    kind: "account",
  },
  ERROR_CODE_PHONE_NUMBER_BAD_FORMAT: {
    title: "Phone number badly formatted",
    cause: "The customer's phone number is not in a format WhatsApp accepts.",
    action: "Correct the number to international format with country code, e.g. +14155550100.",
    retryable: false,
    kind: "recipient",
  },
  ERROR_CODE_MESSAGE_ATTACHMENTS_NUMBER_INVALID: {
    title: "Too many attachments",
    cause: "The message had more than one attachment; WhatsApp messages carry one at a time.",
    action: "Send each file as its own message.",
    retryable: false,
    kind: "request",
  },
  ERROR_CODE_MESSAGE_TEXT_EMPTY: {
    title: "Message text is empty",
    cause: "The message had no text to send.",
    action: "Type a message before sending.",
    retryable: false,
    kind: "request",
  },
  ERROR_CODE_MESSAGE_TEMPLATE_NOT_FOUND: {
    title: "Template not found",
    cause: "No approved template exists with this name in the chosen language.",
    action: "Check the template name and language, or create and get the template approved first.",
    retryable: false,
    kind: "template",
  },
  ERROR_CODE_MESSAGE_TEMPLATE_INPUT_INVALID: {
    title: "Template variables invalid",
    cause: "The values filled into the template's variables do not match what the template expects.",
    action:
      "Fill in every variable the template needs (header, body, buttons) with a value of the right kind.",
    retryable: false,
    kind: "template",
  },
  ERROR_CODE_MESSAGE_ATTACHMENT_EMPTY: {
    title: "Attachment has no link",
    cause: "The attachment was sent without a file link.",
    action: "Upload the file again and resend.",
    retryable: false,
    kind: "request",
  },
  ERROR_CODE_MESSAGE_ATTACHMENT_INVALID: {
    title: "Attachment link not valid",
    cause: "The attachment's file link could not be read as a web address.",
    action: "Upload the file again, or use a public https link to it.",
    retryable: false,
    kind: "request",
  },
  ERROR_CODE_BUSINESS_MISSES_MATCHING_CHANNEL: {
    title: "No WhatsApp number connected",
    cause: "The business has no WhatsApp sending number connected for this kind of message.",
    action: "Ask an administrator to connect a WhatsApp number in Connectly.",
    retryable: false,
    kind: "account",
  },
  ERROR_CODE_MESSAGE_OUTSIDE_OF_ELIGIBILITY_WINDOW: {
    title: "24-hour reply window closed",
    cause: "More than 24 hours have passed since the customer last wrote, so free-form messages are blocked.",
    action: SEND_TEMPLATE,
    retryable: false,
    kind: "window",
  },
  ERROR_CODE_BUSINESS_REACHED_LIMITS: {
    title: "Sending number restricted",
    cause:
      "WhatsApp restricted this number because too many earlier messages were blocked or reported as spam.",
    action:
      "Pause bulk sends and review message quality; sending resumes when WhatsApp lifts the restriction.",
    retryable: false,
    kind: "account",
  },
  ERROR_CODE_MESSAGE_SELF_INVALID: {
    title: "Cannot message yourself",
    cause: "This kind of message cannot be sent to the business's own number.",
    action: "Send it to a different customer number.",
    retryable: false,
    kind: "recipient",
  },
  ERROR_CODE_MESSAGE_PHONE_NUMBER_INVALID: {
    title: "Phone number not valid",
    cause: "The customer's phone number is not a valid WhatsApp number.",
    action: "Check the number with the customer and correct the contact.",
    retryable: false,
    kind: "recipient",
  },
  ERROR_CODE_MESSAGE_CUSTOMER_OPTED_OUT: {
    title: "Customer opted out",
    cause: "The customer has opted out of marketing template messages from this business.",
    action: "Do not resend; remove them from marketing audiences unless they opt in again.",
    retryable: false,
    kind: "recipient",
  },
  ERROR_CODE_MESSAGE_CUSTOMER_NO_CONVERSATION_INITIATION: {
    title: "Customer has not written yet",
    cause: "Free-form messages need the customer to write first, and this customer never has.",
    action: "Start the conversation with an approved template.",
    retryable: false,
    kind: "window",
  },
  ERROR_CODE_BUSINESS_KEY_SECRET_ABSENT: {
    title: "Connectly account not fully set up",
    cause: "Connectly has no API secret set up for this business.",
    action: "Ask an administrator to contact Connectly to finish setting up the account.",
    retryable: false,
    kind: "account",
  },
  ERROR_CODE_MESSAGE_TEMPLATE_DELETED: {
    title: "Template language being deleted",
    cause: "A language of this template is still being deleted, so it cannot be changed or reused yet.",
    action: "Create a template with a new name, or wait about 4 weeks for the deletion to finish.",
    retryable: false,
    kind: "template",
  },
  // Only seen in delivery-status failures with no other detail, so a later retry is the best advice.
  ERROR_CODE_UNSPECIFIED: {
    title: "Unspecified Connectly error",
    cause: "Connectly reported a failure without saying what went wrong; usually a temporary problem.",
    action: `${RETRY_LATER} ${CONTACT_CONNECTLY}`,
    retryable: true,
    kind: "transient",
  },
};

// Fallbacks when the code is absent or unknown; `type` is an open enum (contract §4.2).
const CONNECTLY_TYPES: Record<string, Entry> = {
  ERROR_TYPE_AUTHENTICATION: {
    title: "Connectly rejected the API key",
    cause: "The dashboard's Connectly API key is missing, wrong or revoked.",
    action: "Ask an administrator to check the Connectly API key in the server configuration.",
    retryable: false,
    kind: "account",
  },
  ERROR_TYPE_INVALID_REQUEST: {
    title: "Request rejected by Connectly",
    cause: "Connectly found something wrong in the message that was sent.",
    action: "Check the recipient and the message content, correct them and send again.",
    retryable: false,
    kind: "request",
  },
  // Connectly's examples pair this type with the closed 24-hour window, not with a timeout.
  ERROR_TYPE_DEADLINE_EXCEEDED: {
    title: "Reply window or deadline passed",
    cause:
      "Connectly reported that a deadline passed, which usually means the 24-hour reply window has closed.",
    action: SEND_TEMPLATE,
    retryable: false,
    kind: "window",
  },
  // gRPC's status names, which the ERROR_TYPE_* values follow (the docs' full list is NOT FOUND, §4.2): seen in
  // the field next to the documented ones, e.g. an opt-out refused with ERROR_TYPE_FAILED_PRECONDITION.
  ERROR_TYPE_FAILED_PRECONDITION: {
    title: "Message not allowed for this recipient now",
    cause:
      "Connectly refused the send because a precondition is not met (for example the customer opted out, or the conversation state does not allow it).",
    action:
      "Check the recipient's opt-out status and the message type, then decide whether to send something else.",
    retryable: false,
    kind: "recipient",
  },
  ERROR_TYPE_NOT_FOUND: {
    title: "Not found at Connectly",
    cause: "Connectly could not find something the send refers to (a template, a sender or the recipient).",
    action: "Check the template name and language, the sender number and the recipient, then send again.",
    retryable: false,
    kind: "request",
  },
  ERROR_TYPE_PERMISSION_DENIED: {
    title: "Not permitted by Connectly",
    cause: "The account is not allowed to do this (a feature not enabled, or a restricted channel).",
    action: `Ask your Connectly account manager to enable it. ${CONTACT_CONNECTLY}`,
    retryable: false,
    kind: "account",
  },
  ERROR_TYPE_UNSPECIFIED: {
    title: "Unspecified Connectly error",
    cause: "Connectly reported an internal failure without details; usually a temporary problem.",
    action: `${RETRY_LATER} ${CONTACT_CONNECTLY}`,
    retryable: true,
    kind: "transient",
  },
};

/** Our code for Connectly's refusal of a send to a phone-less (BSUID-only) customer: see explainSendRefusal. */
export const BSUID_SENDS_NOT_ENABLED = "BSUID_SENDS_NOT_ENABLED";

const CLIENT_CODES: Record<string, Entry> = {
  // The send may have reached Connectly before the timeout, hence the duplicate warning in the action.
  UPSTREAM_TIMEOUT: {
    title: "Connectly did not answer in time",
    cause: "The request to Connectly timed out; the message may or may not have been sent.",
    action: "Check the conversation for the message before retrying, to avoid sending it twice.",
    retryable: true,
    kind: "transient",
  },
  UPSTREAM_UNREACHABLE: {
    title: "Connectly unreachable",
    cause: "The dashboard could not connect to Connectly (network or DNS problem).",
    action: RETRY_LATER,
    retryable: true,
    kind: "transient",
  },
  UPSTREAM_RATE_LIMITED: {
    title: "Sending too fast",
    cause: "Connectly's request limit was reached (HTTP 429).",
    action: "Wait a moment and retry; large sends go out more slowly.",
    retryable: true,
    kind: "rate_limit",
  },
  // §6 / §14: decided here, not by Connectly's code (which is generic: INVALID_REQUEST or UNSPECIFIED).
  [BSUID_SENDS_NOT_ENABLED]: {
    title: "Customer without a phone number",
    cause:
      "This customer hides their phone number (WhatsApp username), so they are known only by a business-scoped " +
      "user id. Connectly refuses sends to such customers until outbound BSUID messaging is enabled for your account.",
    action:
      "Ask your Connectly account manager to enable messaging to BSUID customers. Nothing was sent; retrying will not help until then.",
    retryable: false,
    kind: "account",
  },
  // Flow sendouts (lib/connectly/flow-sendouts.ts, decisions 7 and 8).
  FLOW_NOT_PUBLISHED: {
    title: "Flow not published",
    cause:
      "Connectly refused the sendout (HTTP 409): the flow is not published (finalised) in the Flow Builder, or its name or version does not match.",
    action:
      "Publish the flow in Connectly's Flow Builder (or correct its name and version on the campaign), then resume. Nothing was sent to the recipients still waiting.",
    retryable: false,
    kind: "account",
  },
  FLOW_RESULT_MISSING: {
    title: "No result for this recipient",
    cause:
      "Connectly accepted the sendout request but its answer did not list this recipient, so the flow may or may not have started.",
    action:
      "Check the flow's report in Connectly before retrying, to avoid starting it twice; a delivery status, when it comes, settles it.",
    retryable: false,
    kind: "unknown",
  },
  UPSTREAM_SERVER_ERROR: {
    title: "Connectly server error",
    cause: "Connectly had an internal error (HTTP 5xx).",
    action: `${RETRY_LATER} ${CONTACT_CONNECTLY}`,
    retryable: true,
    kind: "transient",
  },
};

// Meta (WhatsApp Business Platform) numeric codes: seen in campaign report CSVs and forwarded errors.
const META_CODES: Record<string, Entry> = {
  "0": {
    title: "WhatsApp authentication failed",
    cause: "WhatsApp could not authenticate the business account; its access token has usually expired.",
    action: "Ask an administrator to reconnect the WhatsApp account with Connectly.",
    retryable: false,
    kind: "account",
  },
  "1": {
    title: "Unknown WhatsApp error",
    cause: "WhatsApp reported an unknown problem, often a short outage.",
    action: RETRY_LATER,
    retryable: true,
    kind: "transient",
  },
  "2": {
    title: "WhatsApp temporarily unavailable",
    cause: "WhatsApp's service was briefly unavailable.",
    action: RETRY_LATER,
    retryable: true,
    kind: "transient",
  },
  "3": {
    title: "WhatsApp capability missing",
    cause: "The business account lacks a WhatsApp permission or capability needed for this message.",
    action: "Ask an administrator to check the account's WhatsApp permissions with Connectly.",
    retryable: false,
    kind: "account",
  },
  "4": {
    title: "WhatsApp API call limit reached",
    cause: "Too many requests reached WhatsApp's API in a short time.",
    action: "Wait a few minutes and retry.",
    retryable: true,
    kind: "rate_limit",
  },
  "10": {
    title: "WhatsApp permission denied",
    cause: "A WhatsApp permission the business needs was not granted or was removed.",
    action: "Ask an administrator to check the account's WhatsApp permissions with Connectly.",
    retryable: false,
    kind: "account",
  },
  "100": {
    title: "Invalid value sent to WhatsApp",
    cause: "WhatsApp rejected one of the values in the message as invalid or misspelled.",
    action: "Check the message content and variables, correct them and send again.",
    retryable: false,
    kind: "request",
  },
  "190": {
    title: "WhatsApp access expired",
    cause: "The business's WhatsApp access token has expired.",
    action: "Ask an administrator to reconnect the WhatsApp account with Connectly.",
    retryable: false,
    kind: "account",
  },
  "368": {
    title: "Blocked for policy violations",
    cause: "WhatsApp temporarily blocked the business account for breaking its policies.",
    action: "Ask an administrator to check the account status in WhatsApp Manager.",
    retryable: false,
    kind: "account",
  },
  // Legacy On-Premises API code for the closed 24-hour window; old campaign reports still carry it.
  "470": {
    title: "24-hour reply window closed",
    cause: "More than 24 hours have passed since the customer last replied.",
    action: SEND_TEMPLATE,
    retryable: false,
    kind: "window",
  },
  "80007": {
    title: "WhatsApp account rate limit reached",
    cause: "The WhatsApp Business Account reached its request rate limit.",
    action: "Wait a few minutes and retry; slow down bulk sends.",
    retryable: true,
    kind: "rate_limit",
  },
  "130429": {
    title: "Sending throughput limit reached",
    cause: "Messages were sent faster than WhatsApp allows for this number.",
    action: "Retry in a moment; large sends go out more slowly.",
    retryable: true,
    kind: "rate_limit",
  },
  // Meta withholds marketing from numbers in its experiment group; resending will not change that.
  "130472": {
    title: "Customer in a WhatsApp experiment",
    cause:
      "WhatsApp did not deliver this marketing message because the customer's number is part of a Meta experiment.",
    action: "Nothing to fix; reach the customer another way or wait for them to write.",
    retryable: false,
    kind: "recipient",
  },
  "130497": {
    title: "Country restricted",
    cause: "The business account is not allowed to message customers in this country.",
    action: "Do not resend; ask an administrator about the account's country restrictions.",
    retryable: false,
    kind: "account",
  },
  "131000": {
    title: "WhatsApp error",
    cause: "Something went wrong on WhatsApp's side while sending.",
    action: RETRY_LATER,
    retryable: true,
    kind: "transient",
  },
  "131005": {
    title: "WhatsApp access denied",
    cause: "A WhatsApp permission the business needs was not granted or was removed.",
    action: "Ask an administrator to check the account's WhatsApp permissions with Connectly.",
    retryable: false,
    kind: "account",
  },
  "131008": {
    title: "Required value missing",
    cause: "The message was missing a value WhatsApp requires.",
    action: "Fill in all required fields and variables and send again.",
    retryable: false,
    kind: "request",
  },
  "131009": {
    title: "Value not valid",
    cause: "One of the values in the message is not valid for WhatsApp.",
    action: "Check the message content and variables, correct them and send again.",
    retryable: false,
    kind: "request",
  },
  "131016": {
    title: "WhatsApp service unavailable",
    cause: "WhatsApp's service was temporarily overloaded or unavailable.",
    action: RETRY_LATER,
    retryable: true,
    kind: "transient",
  },
  "131021": {
    title: "Recipient is the sender",
    cause: "The message was addressed to the business's own number.",
    action: "Send it to a different customer number.",
    retryable: false,
    kind: "recipient",
  },
  "131026": {
    title: "Message undeliverable",
    cause:
      "WhatsApp could not deliver the message: the number may not be on WhatsApp, the customer may not have accepted the latest terms, or their app is outdated.",
    action:
      "Confirm the number with the customer and ask them to update WhatsApp; reach them another way meanwhile.",
    retryable: false,
    kind: "recipient",
  },
  "131031": {
    title: "Business account locked",
    cause: "WhatsApp locked the business account, usually for a policy or integrity issue.",
    action: "Ask an administrator to check the account status in WhatsApp Manager.",
    retryable: false,
    kind: "account",
  },
  "131037": {
    title: "Display name not approved",
    cause: "The sending number's display name has not been approved by WhatsApp yet.",
    action: "Ask an administrator to get the display name approved in WhatsApp Manager.",
    retryable: false,
    kind: "account",
  },
  "131042": {
    title: "Payment problem",
    cause:
      "WhatsApp could not charge the business account: the payment method is missing, expired or over its limit.",
    action: "Ask an administrator to fix the payment method in WhatsApp Manager.",
    retryable: false,
    kind: "account",
  },
  "131045": {
    title: "Number not registered",
    cause: "The sending number's WhatsApp registration or certificate is not valid.",
    action: "Ask an administrator to re-register the number with Connectly.",
    retryable: false,
    kind: "account",
  },
  "131047": {
    title: "24-hour reply window closed",
    cause:
      "More than 24 hours have passed since the customer last replied, so free-form messages are blocked.",
    action: SEND_TEMPLATE,
    retryable: false,
    kind: "window",
  },
  // Not retryable: the restriction lifts on quality grounds, and retrying only adds to the spam signal.
  "131048": {
    title: "Spam limit reached",
    cause: "WhatsApp limited this number because too many earlier messages were blocked or reported as spam.",
    action: "Pause bulk sends and review message quality before sending more.",
    retryable: false,
    kind: "account",
  },
  // A frequency cap, not a refusal: the same message can be delivered on a later day.
  "131049": {
    title: "Held back by WhatsApp",
    cause:
      "WhatsApp chose not to deliver this marketing message to keep engagement healthy (the customer already got many recently).",
    action: "Retry later, ideally after a day or more; do not send it again right away.",
    retryable: true,
    kind: "rate_limit",
  },
  "131050": {
    title: "Customer stopped marketing messages",
    cause: "The customer chose to stop receiving marketing messages from this business.",
    action: "Do not resend marketing; only message them again if they write to you.",
    retryable: false,
    kind: "recipient",
  },
  "131051": {
    title: "Message type not supported",
    cause: "WhatsApp does not support this kind of message.",
    action: "Send the content as text, a supported file type or a template.",
    retryable: false,
    kind: "request",
  },
  "131052": {
    title: "Customer's file could not be downloaded",
    cause: "A file the customer sent could not be downloaded from WhatsApp.",
    action: "Ask the customer to send the file again.",
    retryable: false,
    kind: "request",
  },
  "131053": {
    title: "File could not be uploaded",
    cause:
      "WhatsApp could not fetch or accept the attached file (unreachable link, wrong type or too large).",
    action: "Check the file type and size and that the link is public, then upload it again.",
    retryable: false,
    kind: "request",
  },
  "131056": {
    title: "Too many messages to this customer",
    cause: "Too many messages were sent to the same number in a short time.",
    action: "Wait a few minutes before messaging this customer again.",
    retryable: true,
    kind: "rate_limit",
  },
  // Maintenance windows are short, so this counts as transient.
  "131057": {
    title: "Account in maintenance",
    cause: "The WhatsApp business account is briefly in maintenance mode (e.g. a throughput upgrade).",
    action: RETRY_LATER,
    retryable: true,
    kind: "transient",
  },
  "132000": {
    title: "Wrong number of template variables",
    cause: "The number of variable values sent does not match the number of variables in the template.",
    action: "Fill in exactly the variables the template has and send again.",
    retryable: false,
    kind: "template",
  },
  "132001": {
    title: "Template not found",
    cause: "The template does not exist in this language or has not been approved.",
    action: "Check the template name and language, and that the template is approved.",
    retryable: false,
    kind: "template",
  },
  "132005": {
    title: "Template text too long",
    cause: "With the variables filled in, the template text is longer than WhatsApp allows.",
    action: "Shorten the variable values and send again.",
    retryable: false,
    kind: "template",
  },
  "132007": {
    title: "Template content not allowed",
    cause: "The filled-in template breaks WhatsApp's formatting or content policy.",
    action: "Change the variable values (no policy-violating content) and send again.",
    retryable: false,
    kind: "template",
  },
  "132012": {
    title: "Template variable in the wrong format",
    cause: "A variable value is not in the format the template expects (e.g. text where an image is needed).",
    action: "Give each variable a value of the right kind and send again.",
    retryable: false,
    kind: "template",
  },
  "132015": {
    title: "Template paused",
    cause: "WhatsApp paused this template because of low quality ratings.",
    action: "Use another approved template, or edit this one and wait for it to be re-approved.",
    retryable: false,
    kind: "template",
  },
  "132016": {
    title: "Template disabled",
    cause: "WhatsApp permanently disabled this template after it was paused too many times.",
    action: "Create a new template with different content.",
    retryable: false,
    kind: "template",
  },
  "132068": {
    title: "Flow blocked",
    cause: "The WhatsApp Flow in this message is blocked.",
    action: "Ask whoever manages the flow to fix it in WhatsApp Manager, or send without it.",
    retryable: false,
    kind: "request",
  },
  // Throttled flows may still send a few messages per hour, so a later retry can succeed.
  "132069": {
    title: "Flow throttled",
    cause:
      "The WhatsApp Flow in this message is throttled; only a few messages using it may go out per hour.",
    action: "Retry in an hour, and ask whoever manages the flow to fix its quality.",
    retryable: true,
    kind: "rate_limit",
  },
  "133010": {
    title: "Number not registered",
    cause: "The sending number is not registered on the WhatsApp Business Platform.",
    action: "Ask an administrator to register the number with Connectly.",
    retryable: false,
    kind: "account",
  },
  "135000": {
    title: "WhatsApp rejected the message",
    cause: "WhatsApp rejected the message because of an unspecified problem with its content.",
    action: "Check the message content and variables; if they look right, contact Connectly support.",
    retryable: false,
    kind: "request",
  },
};

export const ERROR_CATALOGUE: Readonly<Record<string, Entry>> = Object.freeze({
  ...CONNECTLY_CODES,
  ...CONNECTLY_TYPES,
  ...CLIENT_CODES,
  ...META_CODES,
});

// Unknown codes are not marked retryable: repeating a request we do not understand risks duplicate sends.
const UNKNOWN: Entry = {
  title: "Unrecognised error",
  cause: "The message could not be processed for a reason this dashboard does not recognise.",
  action: `Check the details, correct anything that looks wrong and try again. ${CONTACT_CONNECTLY}`,
  retryable: false,
  kind: "unknown",
};

function clean(value: string | number | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  const text = String(value).trim();
  return text === "" ? null : text;
}

function lookup(raw: string | null, prefix: string): { key: string; entry: Entry } | null {
  if (raw === null) return null;
  const upper = raw.toUpperCase();
  for (const key of [raw, upper, `${prefix}${upper}`]) {
    const entry = Object.hasOwn(ERROR_CATALOGUE, key) ? ERROR_CATALOGUE[key] : undefined;
    if (entry) return { key, entry };
  }
  return null;
}

/**
 * Meta's per-user marketing limit ("Held back by WhatsApp"). The contract does not say how it reaches us; decided
 * here: as the error `code` "131049" (string or number) of a send refusal or a `delivery_failed` webhook, which
 * explainUpstreamError keeps as the stored code "131049". Campaign policy: never retried at once; one retry after
 * a configurable delay when that policy is on (lib/campaigns/policies/send-policies.ts).
 */
export const MARKETING_USER_LIMIT_CODE = "131049";

const GENERIC_REFUSALS = new Set([
  "ERROR_CODE_UNSPECIFIED",
  "ERROR_TYPE_INVALID_REQUEST",
  "ERROR_CODE_INVALID_REQUEST",
]);

/** The error that means the customer opted out (§4.1): the contact is marked opted out, whichever way it came. */
const CUSTOMER_OPTED_OUT = "ERROR_CODE_MESSAGE_CUSTOMER_OPTED_OUT";
// Meta's own code for "this person has stopped marketing messages", passed through by some payloads.
const OPT_OUT_CODES = new Set([CUSTOMER_OPTED_OUT, "131050"]);

export function isCustomerOptOut(error: { code?: string | number | null } | null | undefined): boolean {
  const code = error?.code;
  return (
    (typeof code === "string" || typeof code === "number") &&
    OPT_OUT_CODES.has(String(code).trim().toUpperCase())
  );
}

/**
 * A send refused at request time, explained for the customer it was for. A 400 for a customer known only by a
 * BSUID carries a generic code upstream ([GB]: "not available yet"); unless it names a cause of its own, it is
 * explained as {@link BSUID_SENDS_NOT_ENABLED} instead of "Unrecognised error" or "Unspecified error".
 */
export function explainSendRefusal(
  error: {
    status: number | null;
    code?: string | number | null;
    body?: {
      code?: string | number | null;
      type?: string | null;
      message?: string | null;
      userTitle?: string | null;
    } | null;
  },
  recipient: { phoneless: boolean },
): ErrorExplanation {
  const explanation = explainUpstreamError({ ...error.body, code: error.code });
  const generic = explanation.kind === "unknown" || GENERIC_REFUSALS.has(explanation.code);
  if (!recipient.phoneless || error.status !== 400 || !generic) return explanation;
  const upstream = clean(error.body?.message);
  const entry = ERROR_CATALOGUE[BSUID_SENDS_NOT_ENABLED]!;
  return {
    code: BSUID_SENDS_NOT_ENABLED,
    ...entry,
    cause: upstream ? `${entry.cause} Upstream message: "${upstream}"` : entry.cause,
  };
}

export function explainUpstreamError(
  input:
    | {
        code?: string | number | null;
        type?: string | null;
        message?: string | null;
        userTitle?: string | null;
      }
    | null
    | undefined,
): ErrorExplanation {
  // Numbers and numeric strings meet here: 131026 and "131026" are the same code.
  const rawCode = clean(input?.code);
  const byCode = lookup(rawCode, "ERROR_CODE_");
  if (byCode) return { code: byCode.key, ...byCode.entry };

  const rawType = clean(input?.type);
  const byType = lookup(rawType, "ERROR_TYPE_");
  const message = clean(input?.message);
  const base = byType?.entry ?? UNKNOWN;

  // Unrecognised codes keep the raw code and upstream wording so support can still act on them.
  const details = [
    rawCode ? `Error code: ${rawCode}.` : null,
    rawType && !byType ? `Error type: ${rawType}.` : null,
    message ? `Upstream message: "${message}"` : null,
  ].filter((part): part is string => part !== null);

  let title = base.title;
  if (!byType) {
    const userTitle = clean(input?.userTitle);
    if (userTitle && userTitle !== rawCode) title = userTitle;
    else if (rawCode) title = `${UNKNOWN.title} (code ${rawCode})`;
  }

  return {
    ...base,
    code: rawCode ?? byType?.key ?? rawType ?? "UNKNOWN",
    title,
    cause: [base.cause, ...details].join(" "),
  };
}
