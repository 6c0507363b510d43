import type { WindowState } from "../messaging/window";
import type { AutomatedMessageConfig, TemplateRef } from "./schemas";

// The one decision every automated message goes through (welcome, away, CSAT): a session message while the
// customer's 24-hour window is open, the configured template when it is closed, or nothing. Never a session
// message Connectly would refuse. Pure.

/**
 * A session message needs this much window left: the send goes through the send budget and the network first,
 * and a message that reaches Connectly a moment after the window closed is refused.
 */
export const SESSION_SAFETY_MARGIN_MS = 60_000;

export type AutomatedSend =
  | { kind: "session"; text: string }
  | { kind: "template"; template: TemplateRef }
  | { kind: "skip"; reason: "disabled" | "window_closed_no_template" | "nothing_configured" };

export function chooseAutomatedSend(window: WindowState, config: AutomatedMessageConfig): AutomatedSend {
  if (!config.enabled) return { kind: "skip", reason: "disabled" };
  const text = config.text?.trim() ? config.text.trim() : null;
  if (window.open && window.msLeft > SESSION_SAFETY_MARGIN_MS && text) return { kind: "session", text };
  // A template is allowed at any time: the closed window's answer, and the open window's when no text is set.
  if (config.template) return { kind: "template", template: config.template };
  return { kind: "skip", reason: text ? "window_closed_no_template" : "nothing_configured" };
}
