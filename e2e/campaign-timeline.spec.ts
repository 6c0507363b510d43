import { expect, type APIRequestContext } from "@playwright/test";
import { test, injectInbound, newPhone, sentRequests } from "./fixtures";

// One customer, one timeline: a customer answers a campaign message; the inbox shows the campaign message in
// their thread, their reply quoting it, and the contact panel lists the campaign with its outcome. And the
// review step explains left-out rows on screen and lets the user include numbers the phone library doubts.

/** A draft of appointment_reminder with a CSV audience, through the API (the builder has its own spec). */
async function draftWithCsv(api: APIRequestContext, name: string, csv: string): Promise<string> {
  const created = await api.post("/api/campaigns", { data: { name } });
  expect(created.status(), await created.text()).toBe(201);
  const { campaign } = (await created.json()) as { campaign: { id: string } };
  const updated = await api.patch(`/api/campaigns/${campaign.id}`, {
    data: { templateName: "appointment_reminder", language: "en_US" },
  });
  expect(updated.ok(), await updated.text()).toBe(true);
  const settings = {
    delimiter: ",",
    addressColumn: "phone",
    defaultCountry: null,
    variables: {
      header_text: { kind: "fixed", value: "Dr. Rivera" },
      body_1: { kind: "column", column: "name" },
      body_2: { kind: "column", column: "date" },
      body_3: { kind: "fixed", value: "10:30" },
    },
  };
  const imported = await api.post(
    `/api/campaigns/${campaign.id}/audience/csv?settings=${encodeURIComponent(JSON.stringify(settings))}`,
    {
      headers: { "content-type": "text/csv" },
      data: Buffer.from(csv),
    },
  );
  expect(imported.status(), await imported.text()).toBe(201);
  return campaign.id;
}

test("a campaign reply in the inbox shows the campaign message it answers; the contact panel lists the campaign", async ({
  page,
}) => {
  test.setTimeout(120_000); // a campaign send and its webhooks on a loaded machine
  const phone = newPhone();
  const name = `E2E timeline ${phone.slice(-6)}`;
  const customer = `Rita ${phone.slice(-4)}`;
  const api = page.request;

  const campaignId = await draftWithCsv(api, name, `phone,name,date\n${phone},${customer},June 12\n`);
  const launched = await api.post(`/api/campaigns/${campaignId}/launch`, { data: {} });
  expect(launched.ok(), await launched.text()).toBe(true);

  // The send goes out; before any reply the customer is in no inbox list.
  let upstreamId = "";
  await expect
    .poll(
      async () => {
        const sent = (await sentRequests(api)).find((r) => r.body.campaignName === name) as
          { id?: string } | undefined;
        upstreamId = sent?.id ?? "";
        return upstreamId;
      },
      { timeout: 15_000 },
    )
    .not.toBe("");
  await page.goto("/inbox");
  await expect(page.getByTestId("live-state")).toHaveAttribute("data-state", "live");
  await expect(page.getByTestId("conversation-row").filter({ hasText: customer })).toHaveCount(0);

  // The customer answers by quoting the campaign message.
  await injectInbound(api, {
    from: phone,
    name: customer,
    text: "Yes, I'll be there",
    replyToId: upstreamId,
  });
  const row = page.getByTestId("conversation-row").filter({ hasText: customer });
  await expect(row).toBeVisible();
  await row.click();

  const campaignBubble = page.locator(
    '[data-testid="message"][data-direction="OUTBOUND"][data-kind="template"]',
  );
  await expect(campaignBubble).toHaveCount(1);
  await expect(campaignBubble).toContainText(name); // the campaign tag
  await expect(campaignBubble).toContainText(
    `Hi ${customer}, this is a reminder of your appointment on June 12 at 10:30.`,
  );
  const reply = page
    .locator('[data-testid="message"][data-direction="INBOUND"]')
    .filter({ hasText: "Yes, I'll be there" });
  const quote = reply.getByTestId("quoted-message");
  await expect(quote).toContainText(`Campaign · ${name}`);
  await expect(quote).toContainText(`Hi ${customer}, this is a reminder`);

  // The contact panel lists the campaign with its outcome.
  if ((await page.getByTestId("contact-panel").count()) === 0)
    await page.getByRole("button", { name: "Show contact details" }).click();
  const campaigns = page.getByTestId("contact-campaigns");
  await expect(campaigns).toContainText(name);
  await expect(campaigns.getByTestId("campaign-outcome")).toContainText(/Sent|Delivered|Read/);
  await expect(campaigns.getByTestId("campaign-outcome")).toContainText("replied");

  await page.screenshot({ path: "test-results/campaign-timeline-desktop.png" });
  await page.setViewportSize({ width: 390, height: 844 });
  // A phone shows one column at a time: the list first, then the conversation in its place.
  await page.goto("/inbox");
  await page.getByTestId("conversation-row").filter({ hasText: customer }).click();
  await expect(page.getByTestId("quoted-message")).toBeVisible();
  await page.screenshot({ path: "test-results/campaign-timeline-phone.png" });
});

test("the review step summarises left-out rows and includes doubted numbers on request", async ({ page }) => {
  const phone = newPhone();
  // +44 7700 900xxx: the right length, in a range never assigned (Ofcom's drama numbers).
  const doubted = `+44 7700 900${phone.slice(-3)}`;
  const csv = `phone,name,date\n${phone},Vera,June 12\n${doubted},Walt,June 13\n12345,Xena,June 14\n`;
  const id = await draftWithCsv(page.request, `E2E review ${phone.slice(-6)}`, csv);

  await page.goto(`/campaigns/new?id=${id}`);
  await expect(page.getByTestId("review-recipients")).toHaveText("1");
  const summary = page.getByTestId("rejection-summary");
  await expect(summary).toContainText("1 number not known to be assigned");
  await expect(summary).toContainText(
    `Row 3: "${doubted}" has the length of a GB number but is not in a range known to be assigned`,
  );
  await expect(summary).toContainText('Row 4: "12345" is not a phone number');
  const warning = page.getByTestId("unverified-warning");
  await expect(warning).toBeVisible();
  await page.screenshot({ path: "test-results/review-unverified-desktop.png", fullPage: true });

  await warning.getByRole("button", { name: "Include them anyway" }).click();
  await expect(page.getByTestId("review-recipients")).toHaveText("2");
  await expect(warning).toHaveCount(0);
  await expect(summary).not.toContainText("not known to be assigned");
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: "test-results/review-unverified-phone.png", fullPage: true });
});
