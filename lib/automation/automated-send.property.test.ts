import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { windowState, WINDOW_MS } from "../messaging/window";
import { runAutomatedSend, type AutomatedSendDeps } from "./automated-send";
import { SESSION_SAFETY_MARGIN_MS } from "./choose-automated-send";
import type { AutomatedMessageConfig } from "./schemas";

// Property: whatever the window, the configuration and the delay before the send reaches Connectly (up to the
// safety margin: the send budget and the network), no automated send is attempted outside an open window unless it
// is a template; a disabled automation sends nothing; a template goes only where one is configured.

const NOW = Date.parse("2026-12-07T12:00:00Z");

const configArb: fc.Arbitrary<AutomatedMessageConfig> = fc.record({
  enabled: fc.boolean(),
  text: fc.option(fc.oneof(fc.constant("   "), fc.string({ minLength: 1, maxLength: 40 })), { nil: null }),
  template: fc.option(fc.constant({ name: "we_are_closed", language: "en" }), { nil: null }),
});
// Last customer message: none, or anywhere from 3 days ago to now, with extra weight right at the window's edge.
const lastInboundArb = fc.option(
  fc.oneof(
    fc.integer({ min: 0, max: 3 * WINDOW_MS }),
    fc.integer({ min: WINDOW_MS - 3 * SESSION_SAFETY_MARGIN_MS, max: WINDOW_MS + SESSION_SAFETY_MARGIN_MS }),
  ),
  { nil: null },
);

describe("automated sends and the 24-hour window (property)", () => {
  it("never attempts a session message outside an open window", async () => {
    await fc.assert(
      fc.asyncProperty(
        lastInboundArb,
        configArb,
        fc.integer({ min: 0, max: SESSION_SAFETY_MARGIN_MS }),
        fc.constantFrom("welcome", "away", "csat" as const),
        async (agoMs, config, sendDelayMs, purpose) => {
          const lastInboundAt = agoMs === null ? null : new Date(NOW - agoMs);
          const attempts: { kind: "session" | "template"; windowOpenAtSend: boolean }[] = [];
          let clock = NOW;
          const deps: AutomatedSendDeps = {
            now: () => new Date(clock),
            lastInboundAt: () => Promise.resolve(lastInboundAt),
            sendSession: () => {
              clock += sendDelayMs; // the send reaches Connectly this much later
              attempts.push({ kind: "session", windowOpenAtSend: windowState(lastInboundAt, clock).open });
              return Promise.resolve({ id: "m1" });
            },
            sendTemplate: () => {
              attempts.push({ kind: "template", windowOpenAtSend: windowState(lastInboundAt, clock).open });
              return Promise.resolve({ id: "m2" });
            },
          };
          const outcome = await runAutomatedSend(deps, {
            conversationId: "c1",
            purpose,
            config,
            idempotencyKey: "automation:test:c1",
          });

          expect(attempts.length).toBeLessThanOrEqual(1);
          for (const attempt of attempts) {
            if (attempt.kind === "session") expect(attempt.windowOpenAtSend).toBe(true);
            else expect(config.template).not.toBeNull();
          }
          if (!config.enabled) expect(attempts).toEqual([]);
          expect(outcome.decision.kind === "skip").toBe(attempts.length === 0);
        },
      ),
      { numRuns: 2000, seed: 16 },
    );
  });
});
