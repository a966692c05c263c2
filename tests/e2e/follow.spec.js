// Following a report without an account, on a phone: a citizen asks on the report's page,
// confirms with the link mailed to them (the real SMTP server of the test command), gets the
// next status by mail, and stops with the mail's one-click link as a mail program sends it.
const { test, expect, mails, staffApi, intake, act } = require("./helpers");

test("a citizen follows a report from its page, confirms by mail, gets the status and stops with one click", async ({ browser }) => {
  test.setTimeout(90_000);
  const agent = await staffApi("agent@e2e.test", "e2e agent password");
  const coordinator = await staffApi("coordinator@e2e.test", "e2e coordinator password");
  const reference = await intake(agent, "Verzakte stoeptegels aan de bushalte");
  const email = `volger-${Date.now()}@example.org`;
  const theirs = () => mails().filter((m) => m.includes(`To: ${email}`));

  const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: "nl-BE" });
  const page = await phone.newPage();
  await page.goto(`/r/${reference}`);
  const section = page.locator("#follow");
  await expect(section.getByRole("heading", { name: "Volg deze melding" })).toBeVisible();
  await section.getByLabel("Uw e-mailadres").fill(email);
  await section.getByRole("button", { name: "Volg" }).click();
  await expect(page.locator("[data-follow-outcome]")).toContainText("bevestig met de link");
  await page.screenshot({ path: test.info().outputPath("follow-asked.png") });

  // The confirmation link; its page confirms only with the button.
  await expect.poll(() => theirs().length, { timeout: 20_000 }).toBe(1);
  const link = theirs()[0].match(/https?:\/\/\S+\/follow\/[0-9a-f]{40}/)[0];
  await page.goto(link);
  await page.getByRole("button", { name: "Bevestig" }).click();
  await expect(page).toHaveURL(new RegExp(`/r/${reference}\\?follow=confirmed`));
  await expect(page.locator("[data-follow-outcome]")).toContainText("Bevestigd");

  // The next status comes by mail, with a one-click stop for the mail program.
  await act(coordinator, reference, { action: "accept" });
  await expect.poll(() => theirs().length, { timeout: 20_000 }).toBe(2);
  const status = theirs()[1];
  expect(status).toContain("Aanvaard");
  const stop = status.match(/List-Unsubscribe: <([^>]+)>/)[1];
  expect(status).toContain("List-Unsubscribe-Post: List-Unsubscribe=One-Click");
  const r = await page.request.post(stop, { form: { "List-Unsubscribe": "One-Click" } });
  expect(r.status()).toBe(200);
  await act(coordinator, reference, { action: "done", note: "Hersteld" });
  await page.waitForTimeout(1500);
  expect(theirs()).toHaveLength(2);
  await phone.close();
});
