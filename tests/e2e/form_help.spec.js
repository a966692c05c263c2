// The report form helps before sending: errors in plain Dutch next to each field, location by
// GPS or by address, open reports nearby ("already reported?"), and a language switch.
const { test, expect } = require("./helpers");

test("the form explains what is missing, finds the place and shows nearby open reports", async ({ browser, request }) => {
  // An open report at the market square, reported earlier by someone else.
  const created = await request.post("/api/v1/reports", {
    multipart: { report: JSON.stringify({ category: "street_lighting", lat: 50.8166, lon: 5.1866, description: "Lamp op de markt is stuk" }) },
  });
  expect(created.status()).toBe(201);
  const existing = (await created.json()).ref;

  const phone = await browser.newContext({
    viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true, locale: "nl-BE",
    geolocation: { latitude: 50.81665, longitude: 5.18665 }, permissions: ["geolocation"],
  });
  const page = await phone.newPage();
  await page.goto("/");
  const lamp = page.locator('button.category[data-code="street_lighting"]');
  await expect(lamp).toBeVisible();
  const submit = page.getByRole("button", { name: "Melding versturen" });
  // Wait for hydration, then send the empty form.
  await expect(async () => {
    await submit.click();
    await expect(page.locator(".field-error").first()).toBeVisible({ timeout: 500 });
  }).toPass({ timeout: 20_000 });
  await expect(page.locator(".field-error")).toHaveText([
    "Kies een categorie.",
    "Kies de plaats op de kaart, met uw locatie of via een adres.",
    "Beschrijf het probleem (maximaal 4000 tekens).",
  ]);

  await lamp.click();
  await page.getByRole("button", { name: /Gebruik mijn locatie/ }).click();
  await expect(page.getByTestId("location")).toContainText("Locatie gekozen");
  // The GPS fix is named after the nearest address of the register, 8 m away.
  await expect(page.getByTestId("location")).toContainText("bij Grote Markt 24, 3800 Sint-Truiden");
  const nearby = page.locator(".nearby");
  await expect(nearby).toContainText("Al gemeld in de buurt?");
  await expect(nearby.getByRole("link", { name: existing })).toBeVisible();

  // Or by address.
  await page.locator("#address-search").fill("grote mark 5");
  await page.getByRole("button", { name: "Grote Markt 5, 3800 Sint-Truiden" }).click();
  await expect(page.getByTestId("location")).toContainText("Grote Markt 5");

  // A bad e-mail address is named next to its field; nothing is sent.
  await page.locator("#description").fill("Nog een lamp stuk");
  await page.getByLabel("E-mail").fill("niet-geldig");
  await submit.click();
  await expect(page.locator(".field-error")).toHaveText(["Dit is geen geldig e-mailadres."]);

  await page.getByRole("link", { name: "FR" }).click();
  await expect(page.locator("h1")).toContainText("Signalez un problème");
  await expect(page.locator("html")).toHaveAttribute("lang", "fr-BE");
  await phone.close();
});
