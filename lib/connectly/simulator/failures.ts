export type DeliveryStatus = "sent" | "delivered" | "read" | "delivery_failed";

export interface FailureRule {
  /** Last two digits of the recipient's phone number (or of a BSUID's numeric tail). */
  suffix: string;
  /** Webhook statuses emitted, in order, each `statusDelayMs` apart. */
  statuses: readonly DeliveryStatus[];
  /** Error carried by the `delivery_failed` step. */
  error?: { code: string; type: string; message: string };
  description: string;
}

export const DEFAULT_STATUSES: readonly DeliveryStatus[] = ["sent", "delivered", "read"];

/**
 * Deterministic outcomes by recipient number, for tests and demos. They apply to template and
 * session sends alike; the send itself is accepted (200) and the outcome arrives by webhook,
 * which is how opt-outs and limits surface from the real API after Meta processes the message.
 */
const FAILURE_RULES: readonly FailureRule[] = [
  {
    suffix: "91",
    statuses: ["sent", "delivery_failed"],
    error: {
      code: "ERROR_CODE_MESSAGE_PHONE_NUMBER_INVALID",
      type: "ERROR_TYPE_INVALID_REQUEST",
      message: "recipient phone number is not a valid WhatsApp account",
    },
    description: "sent, then delivery_failed: phone number invalid",
  },
  {
    suffix: "92",
    statuses: ["delivery_failed"],
    error: {
      code: "ERROR_CODE_MESSAGE_CUSTOMER_OPTED_OUT",
      type: "ERROR_TYPE_INVALID_REQUEST",
      message: "customer opted out of template messages",
    },
    description: "delivery_failed: customer opted out",
  },
  {
    suffix: "93",
    statuses: ["delivery_failed"],
    error: {
      code: "ERROR_CODE_BUSINESS_REACHED_LIMITS",
      type: "ERROR_TYPE_INVALID_REQUEST",
      message: "business reached its messaging limits",
    },
    description: "delivery_failed: business reached limits",
  },
  {
    suffix: "94",
    statuses: ["delivery_failed"],
    error: {
      code: "ERROR_CODE_UNSPECIFIED",
      type: "ERROR_TYPE_UNSPECIFIED",
      message: "internal error, please retry",
    },
    description: "delivery_failed: unspecified (transient)",
  },
  {
    suffix: "97",
    statuses: ["delivery_failed"],
    error: {
      code: "131049",
      type: "ERROR_TYPE_RATE_LIMIT_EXCEEDED",
      message: "message not delivered to maintain healthy ecosystem engagement",
    },
    description: "delivery_failed: Meta's per-user marketing limit (131049)",
  },
  { suffix: "95", statuses: ["sent", "delivered"], description: "delivered, never read" },
  { suffix: "96", statuses: ["sent"], description: "sent only" },
];

/** The rule for a recipient (E.164 phone, bare BSUID or `bsuid:` form), or undefined for the happy path. */
export function failureRuleFor(recipient: string): FailureRule | undefined {
  const digits = /(\d\d)$/.exec(recipient)?.[1];
  return digits ? FAILURE_RULES.find((rule) => rule.suffix === digits) : undefined;
}

export interface SyncFailureRule {
  suffix: string;
  httpStatus: number;
  code: string;
  type: string;
  message: string;
  /** Only for template sends (template input errors). */
  templateOnly?: boolean;
}

/**
 * Failures answered at send time (strict profile): the same kinds of failure as the webhook ones above can
 * come back synchronously from the real API, as a 4xx carrying the error object (§1.5). Nothing is sent.
 */
const SYNC_FAILURE_RULES: readonly SyncFailureRule[] = [
  {
    suffix: "81",
    httpStatus: 400,
    code: "ERROR_CODE_MESSAGE_PHONE_NUMBER_INVALID",
    type: "ERROR_TYPE_INVALID_REQUEST",
    message: "recipient phone number is not a valid WhatsApp account",
  },
  {
    suffix: "82",
    httpStatus: 400,
    code: "ERROR_CODE_MESSAGE_CUSTOMER_OPTED_OUT",
    type: "ERROR_TYPE_FAILED_PRECONDITION",
    message: "customer opted out of template messages",
  },
  {
    suffix: "83",
    httpStatus: 429,
    code: "ERROR_CODE_BUSINESS_REACHED_LIMITS",
    type: "ERROR_TYPE_RATE_LIMIT_EXCEEDED",
    message: "business reached its messaging limits",
  },
  {
    suffix: "84",
    httpStatus: 400,
    code: "ERROR_CODE_MESSAGE_TEMPLATE_INPUT_INVALID",
    type: "ERROR_TYPE_INVALID_REQUEST",
    message: "template parameters rejected by WhatsApp",
    templateOnly: true,
  },
];

export function syncFailureFor(
  recipient: string,
  endpoint: "template" | "session",
): SyncFailureRule | undefined {
  const digits = /(\d\d)$/.exec(recipient)?.[1];
  const rule = digits ? SYNC_FAILURE_RULES.find((r) => r.suffix === digits) : undefined;
  return rule && (!rule.templateOnly || endpoint === "template") ? rule : undefined;
}

/** Plain-text table for the CLI banner. */
export function formatFailureRules(): string {
  const rows = FAILURE_RULES.map((rule) => {
    const code = rule.error ? ` (${rule.error.code})` : "";
    return `  …${rule.suffix}  ${rule.statuses.join(" → ")}${code}`;
  });
  const sync = SYNC_FAILURE_RULES.map(
    (rule) => `  …${rule.suffix}  HTTP ${rule.httpStatus} at send time (${rule.code}; strict profile)`,
  );
  return [...rows, `  other  ${DEFAULT_STATUSES.join(" → ")}`, ...sync].join("\n");
}
