import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { RouteError } from "./route-error";

describe("RouteError (every error.tsx)", () => {
  it("names the page, offers a retry and a way out, quotes the digest and never the message", () => {
    const error = Object.assign(new Error("secret SQL detail"), { digest: "1234567" });
    const html = renderToStaticMarkup(<RouteError error={error} retry={() => undefined} what="the inbox" />);
    expect(html).toContain("Something went wrong while showing the inbox");
    expect(html).toContain(">Try again</button>");
    expect(html).toContain('href="/"');
    expect(html).toContain("Reference 1234567");
    expect(html).not.toContain("secret SQL detail");
  });

  it.each([["a string"], [null], [42]])("copes with a thrown non-Error %j", (thrown) => {
    const html = renderToStaticMarkup(<RouteError error={thrown} retry={() => undefined} what="this page" />);
    expect(html).toContain("Try again");
    expect(html).not.toContain("Reference");
  });
});
