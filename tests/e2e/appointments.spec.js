// The ContactCenter's public side end to end, on a phone: a citizen finds the answer for
// "strafblad" on /info, books an appointment from the article in a few taps, gets the
// confirmation by mail (the real SMTP server of the test command), cancels with the link
// from that mail, and the counter's list of the day shows it cancelled.
const { test, expect, mails } = require("./helpers");

test("a citizen finds the answer, books on a phone and cancels with the link from the mail", async ({ browser }) => {
  test.setTimeout(90_000);
  const email = `burger-${Date.now()}@example.org`;
  const phone = await browser.newContext({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true, locale: "nl-BE" });
  const page = await phone.newPage();
  await page.goto("/info");
  await page.getByLabel("Waarover gaat uw vraag?").fill("strafblad");
  await page.getByRole("button", { name: "Zoeken" }).click();
  await page.getByRole("link", { name: "Uittreksel uit het strafregister" }).click();
  await expect(page.getByRole("heading", { name: "Uittreksel uit het strafregister" })).toBeVisible();
  await expect(page.getByText("Uw identiteitskaart.")).toBeVisible();
  await page.getByRole("link", { name: "Afspraak maken" }).click();
  await expect(page.getByRole("heading", { name: "Afspraak maken" })).toBeVisible();
  // The first day with room is chosen, its first free time too: name and address remain.
  await expect(page.locator('input[name="start"]').first()).toBeChecked();
  await page.getByLabel("Naam").fill("An Peeters");
  await page.getByLabel("E-mailadres").fill(email);
  expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
  await page.getByRole("button", { name: "Afspraak bevestigen" }).click();
  await expect(page.getByRole("heading", { name: "Uw afspraak is geboekt" })).toBeVisible();
  const reference = (await page.locator("[data-appointment-ref]").textContent()).trim();
  expect(reference).toMatch(/^A-\d{6}$/);
  await page.screenshot({ path: test.info().outputPath("appointment-phone.png") });

  // The confirmation mail carries the private link and the calendar file.
  let mail;
  await expect.poll(() => {
    mail = mails().find((m) => m.includes(email) && m.includes(reference));
    return !!mail;
  }, { timeout: 20_000 }).toBe(true);
  expect(mail).toContain("afspraak.ics");
  const link = mail.match(/https?:\/\/[^\s]+\/appointments\/manage\/[0-9a-f]{40}/)[0];
  await page.goto(link);
  await expect(page.getByRole("heading", { name: "Uw afspraak" })).toBeVisible();
  await page.getByRole("button", { name: "Afspraak annuleren" }).click();
  await expect(page.getByText("Deze afspraak is geannuleerd.").first()).toBeVisible();

  // At the counter, the day's list shows it cancelled.
  const desk = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "nl-BE" });
  const agent = await desk.newPage();
  await agent.goto("/login");
  await agent.getByLabel("E-mail").fill("agent@e2e.test");
  await agent.getByLabel("Wachtwoord").fill("e2e agent password");
  await agent.getByRole("button", { name: "Aanmelden" }).click();
  const when = await page.locator("[data-when]").textContent();
  const [d, m, y] = when.match(/(\d{2})\/(\d{2})\/(\d{4})/).slice(1);
  await agent.goto(`/desk?service=burgerzaken&day=${y}-${m}-${d}`);
  const row = agent.locator(`tr[data-appointment="${reference}"]`);
  await expect(row).toHaveAttribute("data-status", "cancelled");
  await expect(row).toContainText("An Peeters");
});
