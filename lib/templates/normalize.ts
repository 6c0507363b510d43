// How upstream's template categories, statuses and rejection reasons map onto ours (contract §7). Pure: shared
// by the sync service, the read models and the library UI.

export const TEMPLATE_CATEGORIES = ["MARKETING", "UTILITY", "AUTHENTICATION"] as const;
export type TemplateCategoryName = (typeof TEMPLATE_CATEGORIES)[number];

export const TEMPLATE_STATUSES = ["APPROVED", "PENDING", "REJECTED", "UNKNOWN"] as const;
export type TemplateStatusName = (typeof TEMPLATE_STATUSES)[number];

const LONG_CATEGORY_PREFIX = "MESSAGE_TEMPLATE_GROUP_CATEGORY_";

// Meta's pre-2023 categories, still returned for old templates. Meta folded the transactional ones into
// UTILITY and OTP into AUTHENTICATION when it moved to three categories.
const LEGACY_CATEGORIES: Record<string, TemplateCategoryName> = {
  TRANSACTIONAL: "UTILITY",
  ACCOUNT_UPDATE: "UTILITY",
  PAYMENT_UPDATE: "UTILITY",
  PERSONAL_FINANCE_UPDATE: "UTILITY",
  SHIPPING_UPDATE: "UTILITY",
  RESERVATION_UPDATE: "UTILITY",
  ISSUE_RESOLUTION: "UTILITY",
  APPOINTMENT_UPDATE: "UTILITY",
  TRANSPORTATION_UPDATE: "UTILITY",
  TICKET_UPDATE: "UTILITY",
  ALERT_UPDATE: "UTILITY",
  AUTO_REPLY: "UTILITY",
  OTP: "AUTHENTICATION",
};

/** `MARKETING`, `MESSAGE_TEMPLATE_GROUP_CATEGORY_MARKETING`, `account_update`... to ours; null if unknown. */
export function normalizeCategory(raw: string | null | undefined): TemplateCategoryName | null {
  if (!raw) return null;
  let value = raw.trim().toUpperCase();
  if (value.startsWith(LONG_CATEGORY_PREFIX)) value = value.slice(LONG_CATEGORY_PREFIX.length);
  if ((TEMPLATE_CATEGORIES as readonly string[]).includes(value)) return value as TemplateCategoryName;
  return LEGACY_CATEGORIES[value] ?? null;
}

/** The long enum that create/template takes (§7.1). */
export function upstreamCategory(category: TemplateCategoryName): string {
  return `${LONG_CATEGORY_PREFIX}${category}`;
}

/** `MESSAGE_TEMPLATE_STATUS_APPROVED` or `APPROVED` to ours; anything else is UNKNOWN (the raw value is kept). */
export function normalizeStatus(raw: string | null | undefined): TemplateStatusName {
  const value = (raw ?? "")
    .trim()
    .toUpperCase()
    .replace(/^MESSAGE_TEMPLATE_STATUS_/, "");
  return value === "APPROVED" || value === "PENDING" || value === "REJECTED" ? value : "UNKNOWN";
}

/** Readable form of a raw status we do not model, e.g. MESSAGE_TEMPLATE_STATUS_PAUSED -> "paused". */
export function describeRawStatus(raw: string): string {
  return (
    raw
      .replace(/^MESSAGE_TEMPLATE_STATUS_/, "")
      .replace(/_/g, " ")
      .toLowerCase() || "unknown"
  );
}

export const CATEGORY_LABELS: Record<TemplateCategoryName, string> = {
  MARKETING: "Marketing",
  UTILITY: "Utility",
  AUTHENTICATION: "Authentication",
};

// Meta's rejection reasons (the `rejected_reason` values Connectly passes through) in words a campaign manager
// can act on.
const REJECTION_REASONS: Record<string, { title: string; detail: string }> = {
  INVALID_FORMAT: {
    title: "Formatting problem",
    detail:
      "Meta found a formatting problem: check for variables at the very start or end of the body, missing examples, unbalanced {{ }} or too many line breaks.",
  },
  ABUSIVE_CONTENT: {
    title: "Content not allowed",
    detail: "Meta judged the content abusive or threatening. Rewrite the wording and submit it again.",
  },
  PROMOTIONAL: {
    title: "Promotional content in a non-marketing category",
    detail:
      "The text reads as marketing. Submit it again in the Marketing category, or remove the promotional wording.",
  },
  INCORRECT_CATEGORY: {
    title: "Wrong category",
    detail:
      "The content does not match the chosen category. Pick the category that fits and submit it again.",
  },
  TAG_CONTENT_MISMATCH: {
    title: "Category does not match the content",
    detail:
      "The content does not match the chosen category. Pick the category that fits and submit it again.",
  },
  SCAM: {
    title: "Looks like a scam",
    detail:
      "Meta flagged the wording as possibly misleading. Make the sender and purpose clear and submit it again.",
  },
  NONE: {
    title: "No reason given",
    detail:
      "Meta rejected the template without a reason. Review it against WhatsApp's template guidelines and submit it again.",
  },
};

/** Plain words for a rejection reason; unknown codes are shown as they came, so nothing is hidden. */
export function explainRejection(reason: string | null | undefined): {
  code: string;
  title: string;
  detail: string;
} {
  const code = (reason ?? "").trim().toUpperCase() || "NONE";
  const known = REJECTION_REASONS[code];
  if (known) return { code, ...known };
  return {
    code,
    title: code
      .replace(/_/g, " ")
      .toLowerCase()
      .replace(/^./, (c) => c.toUpperCase()),
    detail:
      "Meta rejected the template for this reason. Review it against WhatsApp's template guidelines and submit a corrected version.",
  };
}
