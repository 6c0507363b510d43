import { flowPairKey, MAX_FLOW_CHUNK_SIZE } from "../flow-sendouts";
import { invalid, SimulatorError } from "./errors";
import { isRecord, parseTemplateNumber, parseTemplateSender, type Identity } from "./validate";

// Flows (contract §8): what the Flow Builder would hold. `send/campaigns` starts a flow per entry only when the
// named flow (and version) is published; otherwise the whole sendout is refused with 409 (§8.1).

export interface FlowDefinition {
  name: string;
  published: boolean;
  /** Published versions; an entry without campaignVersion runs the latest. */
  versions: string[];
  /** Messages one run sends (each gets its own delivery-status webhooks); 1–5. */
  messages: number;
  /** Variables every entry must give (the real API's are defined per flow in its UI). */
  variables: string[];
}

const DEFAULT_FLOW: FlowDefinition = {
  name: "welcome_flow",
  published: true,
  versions: ["1"],
  messages: 2,
  variables: [],
};
const DRAFT_FLOW: FlowDefinition = {
  name: "draft_flow",
  published: false,
  versions: ["1"],
  messages: 1,
  variables: [],
};

export class FlowStore {
  private readonly flows = new Map<string, FlowDefinition>();

  constructor() {
    this.seed();
  }

  seed(): void {
    this.flows.clear();
    for (const flow of [DEFAULT_FLOW, DRAFT_FLOW])
      this.flows.set(flow.name, { ...flow, versions: [...flow.versions], variables: [...flow.variables] });
  }

  list(): FlowDefinition[] {
    return [...this.flows.values()];
  }

  get(name: string): FlowDefinition | undefined {
    return this.flows.get(name);
  }

  /** `POST /sim/flows`: defines or replaces a flow; answers the problem, or null. */
  define(input: unknown): string | null {
    if (!isRecord(input) || typeof input.name !== "string" || input.name.trim() === "")
      return "give { name, published?, versions?, messages?, variables? }";
    const versions = input.versions ?? ["1"];
    if (
      !Array.isArray(versions) ||
      versions.length === 0 ||
      !versions.every((v) => typeof v === "string" && v !== "")
    )
      return "versions must be a non-empty list of strings";
    const messages = input.messages ?? 1;
    if (typeof messages !== "number" || !Number.isInteger(messages) || messages < 1 || messages > 5)
      return "messages must be 1 to 5";
    const variables = input.variables ?? [];
    if (!Array.isArray(variables) || !variables.every((v) => typeof v === "string"))
      return "variables must be a list of names";
    if (input.published !== undefined && typeof input.published !== "boolean")
      return "published must be true or false";
    this.flows.set(input.name, {
      name: input.name,
      published: input.published ?? true,
      versions: versions as string[],
      messages,
      variables: variables as string[],
    });
    return null;
  }
}

export interface ParsedFlowEntry {
  index: number;
  /** The raw client, echoed in the answer. */
  client: string;
  /** null when the client is not a valid phone/BSUID: that entry alone is rejected. */
  identity: Identity | null;
  identityError: SimulatorError | null;
  campaignName: string;
  campaignVersion?: string;
  sender?: string;
  variables: Record<string, string>;
  scheduledAtMs?: number;
}

/**
 * The request's shape (§8.2). Problems with the request itself (no entries, too many, an entry that is not an
 * object, a missing or ill-typed field, a client + campaign pair twice) refuse it whole with 400; a client that
 * is not a valid number is that entry's problem (answered per entry).
 */
export function parseSendout(body: Record<string, unknown>): ParsedFlowEntry[] {
  const { entries } = body;
  if (!Array.isArray(entries) || entries.length === 0)
    throw invalid("ERROR_CODE_UNSPECIFIED", "entries must be a non-empty list");
  if (entries.length > MAX_FLOW_CHUNK_SIZE)
    throw invalid(
      "ERROR_CODE_UNSPECIFIED",
      `at most ${MAX_FLOW_CHUNK_SIZE} entries per request, got ${entries.length}`,
    );
  const pairs = new Map<string, number>();
  return entries.map((raw, index) => {
    const at = `entries[${index}]`;
    if (!isRecord(raw)) throw invalid("ERROR_CODE_UNSPECIFIED", `${at} must be an object`);
    const { client, campaignName, campaignVersion, variables, scheduledAt } = raw;
    if (typeof client !== "string" || client.trim() === "")
      throw invalid("ERROR_CODE_PHONE_NUMBER_BAD_FORMAT", `${at}.client is required`);
    if (typeof campaignName !== "string" || campaignName.trim() === "")
      throw invalid("ERROR_CODE_UNSPECIFIED", `${at}.campaignName is required`);
    if (campaignVersion !== undefined && (typeof campaignVersion !== "string" || campaignVersion === "")) {
      throw invalid("ERROR_CODE_UNSPECIFIED", `${at}.campaignVersion must be a non-empty string`);
    }
    if (
      variables !== undefined &&
      (!isRecord(variables) || !Object.values(variables).every((v) => typeof v === "string"))
    ) {
      throw invalid("ERROR_CODE_UNSPECIFIED", `${at}.variables must be an object of strings`);
    }
    let scheduledAtMs: number | undefined;
    if (scheduledAt !== undefined) {
      scheduledAtMs =
        typeof scheduledAt === "string" &&
        /^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:\d\d)$/.test(scheduledAt)
          ? Date.parse(scheduledAt)
          : NaN;
      if (Number.isNaN(scheduledAtMs))
        throw invalid(
          "ERROR_CODE_UNSPECIFIED",
          `${at}.scheduledAt must be an ISO 8601 date-time, e.g. 2023-12-07T08:00:00Z`,
        );
    }
    const sender = parseTemplateSender(raw.sender);
    const pair = flowPairKey({ client: client.trim(), campaignName, campaignVersion });
    const earlier = pairs.get(pair);
    if (earlier !== undefined) {
      throw invalid(
        "ERROR_CODE_UNSPECIFIED",
        `${at} repeats client ${client} for campaign ${campaignName} (entries[${earlier}]): each client + campaign pair must be unique within a request`,
      );
    }
    pairs.set(pair, index);
    let identity: Identity | null = null;
    let identityError: SimulatorError | null = null;
    try {
      identity = parseTemplateNumber(client);
    } catch (error) {
      if (!(error instanceof SimulatorError)) throw error;
      identityError = error;
    }
    return {
      index,
      client,
      identity,
      identityError,
      campaignName,
      ...(campaignVersion !== undefined ? { campaignVersion: campaignVersion as string } : {}),
      ...(sender ? { sender } : {}),
      variables: (variables ?? {}) as Record<string, string>,
      ...(scheduledAtMs !== undefined ? { scheduledAtMs } : {}),
    };
  });
}

/** 409 unless every named flow (and version) is published: the whole sendout is refused (§8.1). */
export function checkPublished(flows: FlowStore, entries: ParsedFlowEntry[]): void {
  for (const entry of entries) {
    const flow = flows.get(entry.campaignName);
    const version = entry.campaignVersion;
    if (!flow || !flow.published || (version !== undefined && !flow.versions.includes(version))) {
      const what = version !== undefined ? `${entry.campaignName} (version ${version})` : entry.campaignName;
      const why = !flow
        ? "does not exist"
        : !flow.published
          ? "is not published"
          : "has no such published version";
      throw new SimulatorError(
        409,
        "ERROR_CODE_UNSPECIFIED",
        `campaign ${what} ${why}: publish it in the Flow Builder before sending`,
        "ERROR_TYPE_FAILED_PRECONDITION",
      );
    }
  }
}
