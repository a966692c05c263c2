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

test("a photo with GPS offers its place as the location; garbage never does", async ({ browser }) => {
  const phone = await browser.newContext({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true, locale: "nl-BE" });
  const page = await phone.newPage();
  await page.goto("/");
  const offer = page.getByRole("button", { name: /Gebruik de plaats waar de foto genomen is/ });
  // A photo without GPS offers nothing (after hydration: the thumbnail shows it was handled).
  await expect(async () => {
    await page.locator("#photo-input").setInputFiles(require("path").join(__dirname, "..", "fixtures", "orient3.jpg"));
    await expect(page.locator("ul.photos li img")).toHaveCount(1, { timeout: 1000 });
  }).toPass({ timeout: 20_000 });
  await expect(offer).toHaveCount(0);
  // Taken at 50.8150 N 5.1820 E (EXIF): offered, and taken as the report's location.
  await page.locator("#photo-input").setInputFiles(require("path").join(__dirname, "..", "fixtures", "small-gps.jpg"));
  await expect(page.locator("ul.photos li img")).toHaveCount(2);
  await offer.click();
  await expect(page.getByTestId("location")).toContainText("Locatie gekozen");
  await expect(page.locator(".photo-place")).toHaveText("✓ De plaats van de foto is de locatie van de melding.");
  await expect.poll(() => page.evaluate(() => {
    const m = document.getElementById("pickmap")._meldpuntMap;
    let at = null;
    m.eachLayer((l) => { if (l.getLatLng && l.options.draggable) at = l.getLatLng(); });
    return at && [at.lat.toFixed(4), at.lng.toFixed(4)].join(",");
  })).toBe("50.8150,5.1820");
  // Hostile EXIF (random bytes after a JPEG's EXIF header) and cut-off files never give a place.
  const found = await page.evaluate(async () => {
    const hits = [];
    for (let i = 0; i < 300; i++) {
      const b = new Uint8Array(4000);
      crypto.getRandomValues(b);
      b.set([0xff, 0xd8, 0xff, 0xe1, 0x0f, 0xa0, 0x45, 0x78, 0x69, 0x66, 0, 0], 0);
      const at = await window.Meldpunt.gpsOf(new Blob([b]));
      if (at) hits.push(at);
    }
    return hits;
  });
  expect(found).toEqual([]);
  await phone.close();
});
