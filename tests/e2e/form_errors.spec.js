// Nothing typed is lost and every problem is said where the person looks, in Dutch: the
// citizen's form sums its problems up by the button and moves focus to the first; photos the
// phone cannot use are marked on their own thumbnail and never sent; an agent's intake refused
// by the server keeps what was typed and says why next to the address.
const path = require("path");
const { test, expect, chooseCategory, intakeCategory, staffPage } = require("./helpers");

const FIXTURES = path.join(__dirname, "..", "fixtures");

test("the citizen sees a summary by the button, focus on the first problem, and bad photos marked", async ({ browser, request }) => {
  const phone = await browser.newContext({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true, locale: "nl-BE" });
  const page = await phone.newPage();
  await page.goto("/");
  const submit = page.getByRole("button", { name: "Melding versturen" });
  const summary = page.locator("[data-error-summary]");
  await expect(async () => {
    await submit.click();
    await expect(summary).toBeVisible({ timeout: 500 });
  }).toPass({ timeout: 20_000 });
  await expect(summary).toContainText("Nog niet verstuurd. Kijk dit na:");
  await expect(summary.locator("li")).toHaveText([
    "Kies een categorie.",
    "Kies de plaats op de kaart, met uw locatie of via een adres.",
    "Beschrijf het probleem (maximaal 4000 tekens).",
  ]);
  // Focus went to the first problem: the category choice, scrolled into view.
  const focused = page.locator(":focus");
  await expect(focused).toHaveClass(/category/);
  await expect(focused).toBeInViewport();

  // Each error goes as soon as its field is fixed.
  await chooseCategory(page, "graffiti");
  await expect(summary.locator("li")).toHaveCount(2);
  await page.locator("#description").fill("Tags op de gevel van de bibliotheek.");
  await expect(summary.locator("li")).toHaveCount(1);
  const map = page.locator("#pickmap");
  await map.scrollIntoViewIfNeeded();
  await map.click({ position: { x: 150, y: 120 } });
  await expect(summary).toHaveCount(0);

  // A HEIC photo and a text file named .jpg are refused on the phone, each on its thumbnail.
  await page.locator("#photo-input").setInputFiles([
    path.join(FIXTURES, "iphone.heic"),
    path.join(FIXTURES, "not-an-image.jpg"),
    path.join(FIXTURES, "small-gps.jpg"),
  ]);
  const bad = page.locator("[data-bad-photo]");
  await expect(bad).toHaveCount(2);
  await expect(bad.nth(0)).toContainText("iphone.heic: HEIC-foto's kunnen we niet lezen.");
  await expect(bad.nth(1)).toContainText("not-an-image.jpg: Dit bestand is geen foto (JPEG, PNG of WebP).");
  await expect(page.locator(".photos img")).toHaveCount(1);
  await bad.nth(1).getByRole("button", { name: "Verwijderen" }).click();
  await expect(bad).toHaveCount(1);

  // The report goes with the one good photo only.
  await submit.click();
  const reference = (await page.getByTestId("reference").textContent()).trim();
  const report = await (await request.get(`/api/v1/reports/${reference}`)).json();
  expect(report.photos).toHaveLength(1);
  await phone.close();
});

test("an agent's refused intake keeps the typed call and says why next to the address", async ({ browser }) => {
  const page = await staffPage(browser, "agent@e2e.test", "e2e agent password", { width: 1280, height: 800 });
  await page.goto("/intake");
  await intakeCategory(page, "sluik", "illegal_dumping");
  // Typed, not picked from the suggestions, and not in the register.
  const address = page.locator("#intake-address");
  await address.fill("Nergensstraat 999");
  await page.keyboard.press("Escape");
  const description = page.locator('textarea[name="description"]');
  await description.fill("Matras naast de glasbol, al drie dagen.");
  await page.locator('input[name="contact_phone"]').fill("011 70 21 00");
  await page.locator("#intake").evaluate((form) => form.requestSubmit());

  const error = page.locator("#intake .field-error");
  await expect(error).toHaveText("Dit adres staat niet in het adressenregister. Kies een suggestie of duid de plaats aan op de kaart.");
  await expect(address).toHaveAttribute("aria-invalid", "true");
  await expect(address).toBeFocused();
  expect(new URL(page.url()).pathname).toBe("/intake");
  expect(new URL(page.url()).search).toBe("");
  // What the agent typed is all still there.
  await expect(description).toHaveValue("Matras naast de glasbol, al drie dagen.");
  await expect(page.locator('input[name="contact_phone"]')).toHaveValue("011 70 21 00");
  await expect(page.locator("#intake-category")).toHaveValue("illegal_dumping");
  // Changing the address takes the message away.
  await address.fill("Stationsstraat 3");
  await expect(error).toHaveCount(0);
  await page.context().close();
});
