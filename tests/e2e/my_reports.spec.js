// "Mijn meldingen" on a phone: a citizen reports, finds the report under "sent from this
// device" on the form page, asks for the list of every report made with the address, opens it
// with the mailed link (the real SMTP server of the test command) and closes it again.
const { test, expect, mails, chooseCategory } = require("./helpers");

test("a citizen finds reports sent from the phone and, by a mailed link, every report made with the address", async ({ browser }) => {
  test.setTimeout(120_000);
  const email = `mijn-${Date.now()}@example.org`;
  const theirs = () => mails().filter((m) => m.includes(`To: ${email}`));
  // One report made earlier with the same address, from another device.
  const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: "nl-BE" });
  const page = await phone.newPage();
  const earlier = await page.request.post("/api/v1/reports", {
    multipart: { report: JSON.stringify({ category: "graffiti", lat: 50.8166, lon: 5.1866, description: "Graffiti op de muur van de school", contact: { email, consent: true } }) },
  });
  expect(earlier.status()).toBe(201);
  const other = (await earlier.json()).ref;

  // A report from this phone.
  await page.goto("/");
  await chooseCategory(page, "road_damage");
  const map = page.locator("#pickmap");
  await map.scrollIntoViewIfNeeded();
  await map.click({ position: { x: 150, y: 120 } });
  await expect(page.getByTestId("location")).toContainText("Locatie gekozen");
  await page.locator("#description").fill("Losliggende stoeptegel voor de bakker.");
  await page.getByLabel("E-mail", { exact: true }).fill(email);
  await page.getByRole("button", { name: "Melding versturen" }).click();
  const reference = await page.getByTestId("reference").textContent({ timeout: 45_000 });

  // Back on the form: the phone lists what it sent, under the form.
  await page.goto("/");
  const here = page.locator("#sent-here");
  await expect(here.getByRole("heading", { name: "Verstuurd vanaf dit toestel" })).toBeVisible();
  await expect(here.locator(`[data-sent="${reference}"]`)).toBeVisible();
  await expect(here.locator(`[data-sent="${other}"]`)).toHaveCount(0);
  // What was sent at once is not announced again at the top.
  await expect(page.locator("#outbox")).toBeHidden();
  await here.scrollIntoViewIfNeeded();
  await page.screenshot({ path: test.info().outputPath("sent-here.png") });

  // Every report made with the address, through the mailed link.
  await here.getByRole("link", { name: /Mijn meldingen/ }).click();
  await expect(page).toHaveURL(/\/mijn-meldingen$/);
  await page.getByLabel("Uw e-mailadres").fill(email);
  await page.getByRole("button", { name: "Stuur mij de link" }).click();
  await expect(page.locator("[data-mine-outcome]")).toContainText("24 uur");
  await expect.poll(() => theirs().filter((m) => m.includes("/mijn-meldingen/")).length, { timeout: 20_000 }).toBe(1);
  const link = theirs().find((m) => m.includes("/mijn-meldingen/")).match(/https?:\/\/\S+\/mijn-meldingen\/[0-9a-f]{40}/)[0];
  await page.goto(link);
  await page.getByRole("button", { name: "Toon mijn meldingen" }).click();
  await expect(page).toHaveURL(/\/mijn-meldingen$/);
  const list = page.locator(".my-report-list");
  await expect(list.locator(`[data-ref="${reference}"]`)).toContainText("Door u gemeld");
  await expect(list.locator(`[data-ref="${other}"]`)).toContainText("Graffiti");
  await page.screenshot({ path: test.info().outputPath("my-reports.png"), fullPage: true });
  await list.locator(`[data-ref="${other}"]`).getByRole("link", { name: other }).click();
  await expect(page.locator("article.report")).toHaveAttribute("data-ref", other);

  // Closing the list on this phone; the used link opens nothing again.
  await page.goto("/mijn-meldingen");
  await page.getByRole("button", { name: "Sluit het overzicht" }).click();
  await expect(page.locator("[data-mine-outcome]")).toContainText("gesloten");
  await page.goto(link);
  await page.getByRole("button", { name: "Toon mijn meldingen" }).click();
  await expect(page.locator("[data-mine-error]")).toContainText("al gebruikt of verlopen");
  await phone.close();
});
