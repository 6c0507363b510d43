import { describe, expect, it } from "vitest";
import { windowState, WINDOW_MS } from "../messaging/window";
import { chooseAutomatedSend, SESSION_SAFETY_MARGIN_MS } from "./choose-automated-send";

const now = Date.parse("2026-12-07T12:00:00Z");
const ago = (ms: number) => new Date(now - ms);
const template = { name: "we_are_closed", language: "en" };
const open = windowState(ago(60_000), now);
const closed = windowState(ago(WINDOW_MS + 1), now);
const never = windowState(null, now);
const almostClosed = windowState(ago(WINDOW_MS - SESSION_SAFETY_MARGIN_MS + 1), now);

describe("chooseAutomatedSend", () => {
  it.each([
    [
      "open window, text → session",
      open,
      { enabled: true, text: "Hello", template },
      { kind: "session", text: "Hello" },
    ],
    [
      "open window, text only → session",
      open,
      { enabled: true, text: "Hello", template: null },
      { kind: "session", text: "Hello" },
    ],
    [
      "open window, template only → template",
      open,
      { enabled: true, text: null, template },
      { kind: "template", template },
    ],
    [
      "open window, blank text, template → template",
      open,
      { enabled: true, text: "   ", template },
      { kind: "template", template },
    ],
    [
      "closed window, template → template",
      closed,
      { enabled: true, text: "Hello", template },
      { kind: "template", template },
    ],
    [
      "closed window, no template → skip",
      closed,
      { enabled: true, text: "Hello", template: null },
      { kind: "skip", reason: "window_closed_no_template" },
    ],
    [
      "never opened, template → template",
      never,
      { enabled: true, text: "Hello", template },
      { kind: "template", template },
    ],
    [
      "never opened, no template → skip",
      never,
      { enabled: true, text: "Hello", template: null },
      { kind: "skip", reason: "window_closed_no_template" },
    ],
    [
      "last minute of the window → template",
      almostClosed,
      { enabled: true, text: "Hello", template },
      { kind: "template", template },
    ],
    [
      "last minute of the window, no template → skip",
      almostClosed,
      { enabled: true, text: "Hello", template: null },
      { kind: "skip", reason: "window_closed_no_template" },
    ],
    [
      "disabled → skip",
      open,
      { enabled: false, text: "Hello", template },
      { kind: "skip", reason: "disabled" },
    ],
    [
      "nothing configured → skip",
      open,
      { enabled: true, text: null, template: null },
      { kind: "skip", reason: "nothing_configured" },
    ],
  ] as const)("%s", (_name, window, config, expected) => {
    expect(chooseAutomatedSend(window, { ...config })).toEqual(expected);
  });

  it("trims the text it sends", () => {
    expect(chooseAutomatedSend(open, { enabled: true, text: "  Hi  ", template: null })).toEqual({
      kind: "session",
      text: "Hi",
    });
  });
});
