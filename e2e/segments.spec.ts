import { expect, type APIRequestContext, type Page } from "@playwright/test";
import { test, injectInbound, newPhone, sentRequests } from "./fixtures";

// Labels, bulk actions, segments and follow-ups through the real UI: label a conversation from the thread (by
// keyboard) and filter the inbox by it; build a segment with a live count and send a campaign to it; open a
// follow-up campaign from a campaign's analytics.

async function createLabel(api: APIRequestContext, name: string, color = "violet"): Promise<string> {
  const res = await api.post("/api/labels", { data: { name, color } });
  expect(res.status(), await res.text()).toBe(201);
  return ((await res.json()) as { label: { id: string } }).label.id;
}

async function conversationOf(
  api: APIRequestContext,
  q: string,
): Promise<{ id: string; contact: { id: string } }> {
  const res = await api.get(`/api/conversations?q=${encodeURIComponent(q)}`);
  const { conversations } = (await res.json()) as {
    conversations: { id: string; contact: { id: string } }[];
  };
  expect(conversations).toHaveLength(1);
  return conversations[0] as { id: string; contact: { id: string } };
}

async function fillVariables(page: Page) {
  const sources = page.getByLabel("Value from");
  await sources.nth(0).selectOption("fixed");
  await page.getByLabel("Text").nth(0).fill("Dr. Rivera");
  await sources.nth(1).selectOption("contact:name");
  await sources.nth(2).selectOption("fixed");
  await page.getByLabel("Text").nth(1).fill("June 20");
  await sources.nth(3).selectOption("fixed");
  await page.getByLabel("Text").nth(2).fill("10:30");
}

test("label a conversation from the thread by keyboard, filter the inbox by it, and act on a selection", async ({
  page,
}) => {
  const run = newPhone().slice(-6);
  const labelName = `Billing ${run}`;
  const api = page.request;
  await createLabel(api, labelName, "amber");
  const ana = `Ana ${run}`;
  const ben = `Ben ${run}`;
  await injectInbound(api, { from: newPhone(), name: ana, text: "My invoice is wrong" });
  await injectInbound(api, { from: newPhone(), name: ben, text: "Hello there" });

  await page.goto("/inbox");
  await expect(page.getByTestId("live-state")).toHaveAttribute("data-state", "live");
  await page.getByTestId("conversation-row").filter({ hasText: ana }).click();
  await expect(page.getByTestId("thread-title")).toHaveText(ana);
  // L opens the picker; type to filter, Enter puts the label on, Escape closes.
  await page.locator("body").press("l");
  const filterBox = page.getByLabel("Filter labels");
  await expect(filterBox).toBeFocused();
  await filterBox.fill(labelName);
  await filterBox.press("Enter");
  await expect(page.getByTestId("thread-labels").getByTestId("label-chip")).toHaveText(labelName);
  await filterBox.press("Escape");
  await expect(
    page.getByTestId("conversation-row").filter({ hasText: ana }).getByTestId("label-chip"),
  ).toHaveText(labelName);

  // The filter: only the labelled conversation, and the URL keeps it.
  await page.getByTestId("label-filter").selectOption({ label: labelName });
  await expect(page).toHaveURL(/label=/);
  await expect(page.getByTestId("conversation-row").filter({ hasText: ben })).toHaveCount(0);
  await expect(page.getByTestId("conversation-row").filter({ hasText: ana })).toHaveCount(1);
  await page.screenshot({ path: "test-results/labels-inbox-desktop.png" });
  await page.reload();
  await expect(page.getByTestId("label-filter")).toHaveValue(/.+/);
  await expect(page.getByTestId("conversation-row")).toHaveCount(1);

  // Bulk: select both customers (all labels again), mark them pending: they leave the Open list.
  await page.getByTestId("label-filter").selectOption({ label: "All labels" });
  await page.getByRole("checkbox", { name: `Select ${ana}` }).click();
  await page.getByRole("checkbox", { name: `Select ${ben}` }).click();
  await expect(page.getByTestId("bulk-bar")).toContainText("2 selected");
  await page.getByLabel("Set status of selected").selectOption("PENDING");
  await expect(page.getByTestId("bulk-notice")).toContainText("2 of 2");
  await expect(page.getByTestId("conversation-row").filter({ hasText: run })).toHaveCount(0);
  await page.getByRole("tab", { name: /Pending/ }).click();
  await expect(page.getByTestId("conversation-row").filter({ hasText: run })).toHaveCount(2);

  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: "test-results/labels-inbox-phone.png" });
});

test("build a segment with a live count and launch a campaign to it", async ({ page }) => {
  test.setTimeout(120_000);
  const run = newPhone().slice(-6);
  const api = page.request;
  const labelName = `Spring ${run}`;
  const labelId = await createLabel(api, labelName, "emerald");
  const people = [`Cara ${run}`, `Dev ${run}`];
  const phones = [newPhone(), newPhone()];
  for (const [i, name] of people.entries()) {
    await injectInbound(api, { from: phones[i], name, text: "hi" });
    const c = await conversationOf(api, name);
    const labelled = await api.post(`/api/contacts/${c.contact.id}/labels`, { data: { add: [labelId] } });
    expect(labelled.ok(), await labelled.text()).toBe(true);
  }

  await page.goto("/segments");
  await page.getByTestId("new-segment").click();
  const editor = page.getByTestId("segment-editor");
  await editor.getByLabel("Name").fill(`Spring promo ${run}`);
  await editor.getByRole("button", { name: "Condition" }).click();
  await editor.getByLabel("Label", { exact: true }).selectOption({ label: labelName });
  await expect(editor.getByTestId("segment-count-value")).toHaveText("2");
  await page.screenshot({ path: "test-results/segments-builder-desktop.png" });
  await editor.getByRole("button", { name: "Save segment" }).click();
  const row = page.getByTestId("segment-row").filter({ hasText: `Spring promo ${run}` });
  await expect(row).toBeVisible();
  await row.getByRole("link", { name: "Send a campaign" }).click();

  await expect(page.getByLabel("Campaign name")).toHaveValue(`Spring promo ${run}`);
  await page.getByLabel("Campaign name").press("Enter");
  await page.getByRole("button", { name: "Use appointment_reminder (en_US)" }).click();
  await expect(page.getByLabel("Segment", { exact: true })).toHaveValue(/.+/);
  await expect(page.getByTestId("segment-audience-count")).toContainText("2 contacts would receive it now");
  await page.getByRole("button", { name: "Continue to variables" }).click();
  await fillVariables(page);
  await page.getByRole("button", { name: "Use the segment (2 now)" }).click();
  await expect(page.getByTestId("review-segments")).toContainText("2 from segment");
  await expect(page.getByTestId("review-recipients")).toHaveText("2");
  await page.getByRole("button", { name: "Send to 2 recipients" }).click();
  await page
    .getByRole("dialog", { name: "Send to 2 recipients now?" })
    .getByRole("button", { name: "Send to 2" })
    .click();
  await expect(page.getByTestId("campaign-status")).toHaveAttribute("data-status", /RUNNING|COMPLETED/);
  await expect
    .poll(
      async () => (await sentRequests(api)).filter((r) => phones.includes(String(r.body.number))).length,
      { timeout: 20_000 },
    )
    .toBe(2);
});

test("a campaign's analytics opens a follow-up campaign to its did-not-read segment", async ({ page }) => {
  test.setTimeout(120_000);
  const run = newPhone().slice(-6);
  const api = page.request;
  const name = `Follow-up source ${run}`;
  const created = await api.post("/api/campaigns", { data: { name } });
  const { campaign } = (await created.json()) as { campaign: { id: string } };
  await api.patch(`/api/campaigns/${campaign.id}`, {
    data: { templateName: "appointment_reminder", language: "en_US" },
  });
  const settings = {
    delimiter: ",",
    addressColumn: "phone",
    defaultCountry: null,
    variables: {
      header_text: { kind: "fixed", value: "Dr. Rivera" },
      body_1: { kind: "column", column: "name" },
      body_2: { kind: "fixed", value: "June 1" },
      body_3: { kind: "fixed", value: "10:30" },
    },
  };
  const csv = `phone,name\n${newPhone()},Eve ${run}\n${newPhone()},Finn ${run}\n`;
  const imported = await api.post(
    `/api/campaigns/${campaign.id}/audience/csv?settings=${encodeURIComponent(JSON.stringify(settings))}`,
    {
      headers: { "content-type": "text/csv" },
      data: Buffer.from(csv),
    },
  );
  expect(imported.status(), await imported.text()).toBe(201);
  expect((await api.post(`/api/campaigns/${campaign.id}/launch`, { data: {} })).ok()).toBe(true);

  await page.goto(`/campaigns/${campaign.id}`);
  await page.getByRole("button", { name: "Follow up: did not read" }).click();
  await expect(page).toHaveURL(/\/campaigns\/new\?segment=/);
  await expect(page.getByLabel("Campaign name")).toHaveValue(`${name} · Did not read`);
  await page.getByLabel("Campaign name").press("Enter");
  await page.getByRole("button", { name: "Use appointment_reminder (en_US)" }).click();
  await expect(page.getByRole("radio", { name: /Segment/ })).toBeChecked();
  await expect(page.getByLabel("Segment", { exact: true }).locator("option:checked")).toHaveText(
    `${name} · Did not read`,
  );
  await expect(page.getByTestId("segment-audience-count")).toContainText("contacts would receive it now");
  await page.screenshot({ path: "test-results/follow-up-builder-desktop.png" });
});
