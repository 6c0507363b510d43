import AxeBuilder from "@axe-core/playwright";
import { expect, type Page } from "@playwright/test";

// Shared by the accessibility and keyboard specs: the axe scan (WCAG 2.0/2.1 A and AA; serious and critical
// violations fail, with the rule, the elements and the advice in the message).

const TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

/** Scans the page as it is now; a soft failure per page, so one run lists every page's problems. */
export async function expectNoSeriousViolations(
  page: Page,
  where: string,
  options: { only?: "contrast" } = {},
) {
  // The dark theme changes colours only: its pages are checked for contrast (the other rules gave their verdict on
  // the same markup in the light theme), which keeps the scan of every page in a few minutes.
  const builder = new AxeBuilder({ page });
  const results = await (
    options.only === "contrast" ? builder.withRules(["color-contrast"]) : builder.withTags(TAGS)
  ).analyze();
  const serious = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  const message = serious
    .map((v) => {
      const nodes = v.nodes
        .slice(0, 6)
        .map((n) => {
          const detail = n.failureSummary?.split("\n").slice(1, 2).join(" ").trim();
          return `      ${n.target.join(" ")}${detail ? `  (${detail})` : ""}`;
        })
        .join("\n");
      const more = v.nodes.length > 6 ? `\n      … and ${v.nodes.length - 6} more` : "";
      return `  [${v.impact}] ${v.id}: ${v.help} (${v.helpUrl})\n${nodes}${more}`;
    })
    .join("\n");
  expect.soft(serious.length, `accessibility violations on ${where}:\n${message}`).toBe(0);
}
