import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import {
  BSUID_SENDS_NOT_ENABLED,
  ERROR_CATALOGUE,
  explainSendRefusal,
  explainUpstreamError,
} from "./error-catalogue";

// Contract §4.1, parsed from the contract itself: ../shared/connectly-api.md beside the repository (CI keeps a copy
// of shared/ there). CONNECTLY_API_DOC points elsewhere, e.g. in a worktree whose parent has no shared/.
const CONTRACT_PATH =
  process.env.CONNECTLY_API_DOC ?? path.resolve(__dirname, "../../../shared/connectly-api.md");

function contractErrorCodes(): string[] {
  if (!existsSync(CONTRACT_PATH)) {
    throw new Error(
      `The upstream contract is not at ${CONTRACT_PATH}: the error-catalogue test compares against its §4.1. ` +
        "Put a copy of shared/ beside the repository (../shared/connectly-api.md) or set CONNECTLY_API_DOC.",
    );
  }
  const text = readFileSync(CONTRACT_PATH, "utf8");
  const start = text.search(/^### 4\.1 /m);
  if (start < 0) throw new Error(`${CONTRACT_PATH} has no "### 4.1" section`);
  const body = text.slice(text.indexOf("\n", start) + 1);
  const end = body.search(/^#{1,3} /m); // the next heading (§4.2)
  const section = end < 0 ? body : body.slice(0, end);
  // Table rows: | `ERROR_CODE_...` | meaning |
  return [...section.matchAll(/^\|\s*`(ERROR_CODE_[A-Z0-9_]+)`\s*\|/gm)].map((m) => m[1]!);
}

const CONTRACT_ERROR_CODES = contractErrorCodes();

const META_CODES = [
  0, 3, 4, 10, 100, 190, 368, 470, 80007, 130429, 130472, 130497, 131000, 131005, 131008, 131009, 131016,
  131021, 131026, 131031, 131037, 131042, 131045, 131047, 131048, 131049, 131050, 131051, 131052, 131053,
  131056, 131057, 132000, 132001, 132005, 132007, 132012, 132015, 132016, 132068, 132069, 133010, 135000,
];

const CLIENT_CODES = [
  "UPSTREAM_TIMEOUT",
  "UPSTREAM_UNREACHABLE",
  "UPSTREAM_RATE_LIMITED",
  "UPSTREAM_SERVER_ERROR",
];

describe("ERROR_CATALOGUE", () => {
  it.each([...CONTRACT_ERROR_CODES, ...CLIENT_CODES, ...META_CODES.map(String)])(
    "has an entry for %s",
    (code) => {
      const entry = ERROR_CATALOGUE[code];
      expect(entry).toBeDefined();
      expect(entry?.title.trim()).not.toBe("");
      expect(entry?.title).not.toBe(code);
      expect(entry?.cause.trim()).not.toBe("");
      expect(entry?.action.trim()).not.toBe("");
    },
  );

  it("reads the contract's code list (§4.1 has 18 codes)", () => {
    expect(CONTRACT_ERROR_CODES).toHaveLength(18);
    expect(new Set(CONTRACT_ERROR_CODES).size).toBe(18);
    expect(CONTRACT_ERROR_CODES).toContain("ERROR_CODE_MESSAGE_OUTSIDE_OF_ELIGIBILITY_WINDOW");
  });

  it("has no ERROR_CODE_* entry the contract does not list", () => {
    const extra = Object.keys(ERROR_CATALOGUE).filter(
      (c) => c.startsWith("ERROR_CODE_") && !CONTRACT_ERROR_CODES.includes(c),
    );
    expect(extra).toEqual([]);
  });
});

describe("explainUpstreamError", () => {
  it.each(META_CODES)("treats %i and its string form alike", (code) => {
    const fromNumber = explainUpstreamError({ code });
    const fromString = explainUpstreamError({ code: String(code) });
    expect(fromNumber).toEqual(fromString);
    expect(fromNumber.code).toBe(String(code));
    expect(fromNumber.kind).not.toBe("unknown");
  });

  it("tolerates whitespace and lower case in codes", () => {
    expect(explainUpstreamError({ code: " 131026 " }).code).toBe("131026");
    expect(explainUpstreamError({ code: "error_code_message_text_empty" }).code).toBe(
      "ERROR_CODE_MESSAGE_TEXT_EMPTY",
    );
  });

  it.each([
    ["ERROR_CODE_MESSAGE_OUTSIDE_OF_ELIGIBILITY_WINDOW", "window"],
    ["ERROR_CODE_MESSAGE_CUSTOMER_NO_CONVERSATION_INITIATION", "window"],
    ["131047", "window"],
    ["131026", "recipient"],
    ["131050", "recipient"],
    ["132000", "template"],
    ["132012", "template"],
    ["ERROR_CODE_MESSAGE_TEMPLATE_INPUT_INVALID", "template"],
    ["130429", "rate_limit"],
    ["UPSTREAM_RATE_LIMITED", "rate_limit"],
    ["UPSTREAM_SERVER_ERROR", "transient"],
    ["131031", "account"],
  ])("classifies %s as %s", (code, kind) => {
    expect(explainUpstreamError({ code }).kind).toBe(kind);
  });

  it("tells agents to use a template when the window is closed", () => {
    const explanation = explainUpstreamError({ code: "ERROR_CODE_MESSAGE_OUTSIDE_OF_ELIGIBILITY_WINDOW" });
    expect(explanation.action).toMatch(/approved template/);
  });

  it.each([
    ["UPSTREAM_TIMEOUT", true],
    ["UPSTREAM_UNREACHABLE", true],
    ["UPSTREAM_RATE_LIMITED", true],
    ["UPSTREAM_SERVER_ERROR", true],
    ["ERROR_CODE_UNSPECIFIED", true],
    ["4", true],
    ["80007", true],
    ["130429", true],
    ["131000", true],
    ["131016", true],
    ["131049", true],
    ["131056", true],
    ["131057", true],
    ["131026", false],
    ["131047", false],
    ["131048", false],
    ["131050", false],
    ["130472", false],
    ["132000", false],
    ["132001", false],
    ["132012", false],
    ["132016", false],
    ["190", false],
    ["ERROR_CODE_MESSAGE_OUTSIDE_OF_ELIGIBILITY_WINDOW", false],
    ["ERROR_CODE_MESSAGE_CUSTOMER_OPTED_OUT", false],
    ["ERROR_CODE_MESSAGE_TEMPLATE_NOT_FOUND", false],
    ["ERROR_CODE_PHONE_NUMBER_BAD_FORMAT", false],
    ["ERROR_CODE_BUSINESS_REACHED_LIMITS", false],
  ] as const)("%s retryable=%s", (code, retryable) => {
    expect(explainUpstreamError({ code }).retryable).toBe(retryable);
  });

  it.each([
    ["ERROR_TYPE_AUTHENTICATION", "account", false],
    ["AUTHENTICATION", "account", false],
    ["ERROR_TYPE_INVALID_REQUEST", "request", false],
    ["ERROR_TYPE_DEADLINE_EXCEEDED", "window", false],
    ["ERROR_TYPE_UNSPECIFIED", "transient", true],
  ] as const)("falls back on type %s when the code is missing", (type, kind, retryable) => {
    const explanation = explainUpstreamError({ type, message: "boom" });
    expect(explanation).toMatchObject({ kind, retryable });
    expect(explanation.cause).toContain("boom");
  });

  it("falls back on the type for an unknown code and still names the code", () => {
    const explanation = explainUpstreamError({
      code: "ERROR_CODE_SOMETHING_NEW",
      type: "ERROR_TYPE_INVALID_REQUEST",
      message: "field x is bad",
    });
    expect(explanation.kind).toBe("request");
    expect(explanation.code).toBe("ERROR_CODE_SOMETHING_NEW");
    expect(explanation.cause).toContain("ERROR_CODE_SOMETHING_NEW");
    expect(explanation.cause).toContain("field x is bad");
  });

  it("explains an unknown code generically, mentioning the code and message", () => {
    const explanation = explainUpstreamError({ code: 999999, message: "Something odd" });
    expect(explanation).toMatchObject({ code: "999999", kind: "unknown", retryable: false });
    expect(explanation.title).toContain("999999");
    expect(explanation.title).not.toBe("999999");
    expect(explanation.cause).toContain("999999");
    expect(explanation.cause).toContain("Something odd");
  });

  it("uses the upstream userTitle for unknown codes when there is one", () => {
    const explanation = explainUpstreamError({ code: "X_NEW", userTitle: "Recipient paused" });
    expect(explanation.title).toBe("Recipient paused");
    expect(explanation.cause).toContain("X_NEW");
  });

  it("mentions an unknown type", () => {
    const explanation = explainUpstreamError({ type: "ERROR_TYPE_QUOTA", message: "nope" });
    expect(explanation.kind).toBe("unknown");
    expect(explanation.code).toBe("ERROR_TYPE_QUOTA");
    expect(explanation.cause).toContain("ERROR_TYPE_QUOTA");
  });

  it.each([null, undefined, {}, { code: "", type: " " }])("handles empty input %j", (input) => {
    const explanation = explainUpstreamError(input);
    expect(explanation).toMatchObject({ code: "UNKNOWN", kind: "unknown", retryable: false });
    expect(explanation.title).not.toBe("");
  });

  it("prefers the code over the type", () => {
    const explanation = explainUpstreamError({
      code: "ERROR_CODE_MESSAGE_OUTSIDE_OF_ELIGIBILITY_WINDOW",
      type: "ERROR_TYPE_DEADLINE_EXCEEDED",
    });
    expect(explanation.code).toBe("ERROR_CODE_MESSAGE_OUTSIDE_OF_ELIGIBILITY_WINDOW");
  });

  it("ignores inherited object keys", () => {
    expect(explainUpstreamError({ code: "constructor" }).kind).toBe("unknown");
    expect(explainUpstreamError({ code: "toString" }).kind).toBe("unknown");
  });
});

describe("explainSendRefusal", () => {
  const generic = {
    status: 400,
    code: "ERROR_CODE_UNSPECIFIED",
    body: { type: "ERROR_TYPE_INVALID_REQUEST", message: "not available yet" },
  };

  it("explains a generic 400 for a phone-less customer as BSUID sends not enabled, keeping the upstream words", () => {
    const e = explainSendRefusal(generic, { phoneless: true });
    expect(e).toMatchObject({ code: BSUID_SENDS_NOT_ENABLED, retryable: false, kind: "account" });
    expect(e.cause).toContain('Upstream message: "not available yet"');
  });

  it("leaves a phone customer's refusal, a specific cause and a non-400 as they are", () => {
    expect(explainSendRefusal(generic, { phoneless: false }).code).toBe("ERROR_CODE_UNSPECIFIED");
    expect(
      explainSendRefusal({ ...generic, code: "ERROR_CODE_MESSAGE_CUSTOMER_OPTED_OUT" }, { phoneless: true })
        .code,
    ).toBe("ERROR_CODE_MESSAGE_CUSTOMER_OPTED_OUT");
    expect(explainSendRefusal({ ...generic, status: 503 }, { phoneless: true }).code).toBe(
      "ERROR_CODE_UNSPECIFIED",
    );
  });

  it("an unknown code for a phone-less customer is explained too", () => {
    expect(
      explainSendRefusal({ status: 400, code: null, body: { message: "nope" } }, { phoneless: true }).code,
    ).toBe(BSUID_SENDS_NOT_ENABLED);
  });
});
