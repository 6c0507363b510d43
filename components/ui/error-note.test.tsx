import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { ErrorNote } from "./card";
import { EmptyState } from "./empty-state";

describe("ErrorNote (every failed list load)", () => {
  it("says what failed with the server's message, as an alert, in a box by default", () => {
    const html = renderToStaticMarkup(<ErrorNote what="contacts" error={new Error("timeout")} />);
    expect(html).toContain('role="alert"');
    expect(html).toContain("Could not load contacts: timeout");
    expect(html).toContain("bg-danger-soft");
    expect(html).not.toContain("Retry");
  });

  it("offers Retry only when given onRetry, and drops the box when plain", () => {
    const html = renderToStaticMarkup(
      <ErrorNote plain className="p-6" what="the team" error="Forbidden" onRetry={() => undefined} />,
    );
    expect(html).toContain("Could not load the team: Forbidden");
    expect(html).toMatch(/<button[^>]*>Retry<\/button>/);
    expect(html).not.toContain("bg-danger-soft");
    expect(html).toContain("p-6");
  });

  it("puts children after the message", () => {
    const html = renderToStaticMarkup(
      <ErrorNote what="this contact" error={new Error("boom")}>
        <strong>Back</strong>
      </ErrorNote>,
    );
    expect(html).toMatch(/Could not load this contact: boom.*<strong>Back<\/strong>/);
  });
});

describe("EmptyState", () => {
  it("draws a dashed border unless bare", () => {
    expect(renderToStaticMarkup(<EmptyState title="None">hint</EmptyState>)).toContain("border-dashed");
    const bare = renderToStaticMarkup(
      <EmptyState bare title="None">
        hint
      </EmptyState>,
    );
    expect(bare).not.toContain("border-dashed");
    expect(bare).toContain("None");
    expect(bare).toContain("hint");
  });
});
