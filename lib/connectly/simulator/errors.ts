import { newTraceId } from "./ids";

/** The contract's error object (§1.5); also the `statusUpdate.error` of failed deliveries. */
export interface ConnectlyErrorObject {
  message: string;
  type: string;
  code: string;
  userTitle: string;
  userMessage: string;
  cntTraceId: string;
  details: Record<string, unknown>;
}

// userTitle texts paraphrase the §4.1 code table.
const USER_TITLES: Record<string, string> = {
  ERROR_CODE_INVALID_SENDER_ID: "The sender phone number is not valid.",
  ERROR_CODE_PHONE_NUMBER_BAD_FORMAT: "The recipient phone number is badly formatted.",
  ERROR_CODE_MESSAGE_ATTACHMENTS_NUMBER_INVALID: "Only one attachment per message is supported.",
  ERROR_CODE_MESSAGE_TEXT_EMPTY: "The message text is empty.",
  ERROR_CODE_MESSAGE_TEMPLATE_NOT_FOUND: "No approved template with this name and language.",
  ERROR_CODE_MESSAGE_TEMPLATE_INPUT_INVALID: "The template parameters are invalid.",
  ERROR_CODE_MESSAGE_ATTACHMENT_EMPTY: "The attachment URL is empty.",
  ERROR_CODE_MESSAGE_ATTACHMENT_INVALID: "The attachment URL cannot be parsed.",
  ERROR_CODE_MESSAGE_OUTSIDE_OF_ELIGIBILITY_WINDOW:
    "More than 24 hours passed since the customer last wrote; use a template.",
  ERROR_CODE_BUSINESS_REACHED_LIMITS: "The channel is restricted: too many messages were blocked or flagged.",
  ERROR_CODE_MESSAGE_PHONE_NUMBER_INVALID: "The recipient phone number is invalid.",
  ERROR_CODE_MESSAGE_CUSTOMER_OPTED_OUT: "The customer opted out of template messages.",
  ERROR_CODE_MESSAGE_CUSTOMER_NO_CONVERSATION_INITIATION:
    "The customer never started a conversation; use a template.",
  ERROR_CODE_UNSPECIFIED: "Unexpected error.",
};

export function errorObject(code: string, type: string, message: string): ConnectlyErrorObject {
  const cntTraceId = newTraceId();
  return {
    message,
    type,
    code,
    userTitle: USER_TITLES[code] ?? "Request failed.",
    userMessage: `If the problem persists, contact Connectly support with trace id ${cntTraceId}.`,
    cntTraceId,
    details: {},
  };
}

/** Thrown by validators and handlers; the server turns it into an HTTP error response. */
export class SimulatorError extends Error {
  constructor(
    readonly httpStatus: number,
    readonly code: string,
    message: string,
    readonly type: string = "ERROR_TYPE_INVALID_REQUEST",
  ) {
    super(message);
    this.name = "SimulatorError";
  }

  toObject(): ConnectlyErrorObject {
    return errorObject(this.code, this.type, this.message);
  }
}

/** 400 with ERROR_TYPE_INVALID_REQUEST, the most common failure. */
export function invalid(code: string, message: string): SimulatorError {
  return new SimulatorError(400, code, message);
}
