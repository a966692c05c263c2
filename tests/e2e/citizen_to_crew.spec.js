// A citizen reports a pothole on a phone, a crew member marks it done on a tablet, and the
// citizen's tracking page shows "done".
const { test, expect } = require("./helpers");
const path = require("path");
const { chooseCategory } = require("./helpers");

// A 12 MP phone photo (2.8 MB, EXIF orientation 6): the browser must shrink it before upload.
const PHOTO = path.join(__dirname, "..", "fixtures", "phone-12mp-gps-orient6.jpg");
const PHOTO_BYTES = require("fs").statSync(PHOTO).size;

test("citizen reports on a phone, crew marks it done on a tablet, citizen sees done", async ({ browser }) => {
  const phone = await browser.newContext({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true, locale: "nl-BE" });
  const page = await phone.newPage();
  // Record how many bytes of photo the page hands to the upload.
  await page.addInitScript(() => {
    const send = XMLHttpRequest.prototype.send;
    XMLHttpRequest.prototype.send = function (body) {
      if (body instanceof FormData) {
        window.__photoBytes = body.getAll("photo").reduce((n, blob) => n + blob.size, 0);
      }
      return send.call(this, body);
    };
  });
  await page.goto("/");
  await expect(page.locator("h1")).toContainText("Meld een probleem");

  // Wait until the page is hydrated: the category buttons react.
  await chooseCategory(page, "road_damage");

  // Location by tapping the map (works without tiles).
  const map = page.locator("#pickmap");
  await map.scrollIntoViewIfNeeded();
  await map.click({ position: { x: 150, y: 120 } });
  await expect(page.getByTestId("location")).toContainText("Locatie gekozen");

  await page.locator("#description").fill("Diepe put in het fietspad, gevaarlijk bij regen.");
  await page.locator("#photo-input").setInputFiles(PHOTO);
  await expect(page.locator(".photos img")).toHaveCount(1);

  // Slow the upload down so the progress bar is visible.
  const cdp = await phone.newCDPSession(page);
  await cdp.send("Network.enable");
  await cdp.send("Network.emulateNetworkConditions", { offline: false, latency: 50, downloadThroughput: 1_000_000, uploadThroughput: 150_000 });
  await page.getByRole("button", { name: "Melding versturen" }).click();
  await expect(page.locator(".progress progress")).toBeVisible();
  await cdp.send("Network.emulateNetworkConditions", { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });

  const reference = await page.getByTestId("reference").textContent({ timeout: 45_000 });
  expect(reference).toMatch(/^M-\d{4}-\d{6}$/);
  const uploaded = await page.evaluate(() => window.__photoBytes);
  expect(uploaded).toBeGreaterThan(0);
  expect(uploaded).toBeLessThan(PHOTO_BYTES / 2);
  // Upright and within 1600 px: the phone photo was taken in portrait.
  const api = await (await page.request.get(`/api/v1/reports/${reference}`)).json();
  expect([api.photos[0].width, api.photos[0].height]).toEqual([1200, 1600]);
  await page.getByRole("link", { name: "Open mijn melding" }).click();
  await expect(page.locator("article.report")).toHaveAttribute("data-ref", reference);
  await expect(page.locator(".status-line")).toContainText("Nieuw");
  await expect(page.locator(".photo-grid img")).toHaveCount(1);
  const trackingUrl = page.url();

  // A coordinator gives it to the crew's team (team 1, made by the test command).
  const office = await browser.newContext();
  const login = await office.request.post("/login", { form: { email: "coordinator@e2e.test", password: "e2e coordinator password" }, maxRedirects: 0 });
  expect(login.status()).toBe(303);
  const etag = (await office.request.get(`/api/v1/staff/reports/${reference}`)).headers()["etag"];
  const assigned = await office.request.post(`/api/v1/staff/reports/${reference}/actions`, {
    data: { action: "assign", team_id: 1, priority: 2 }, headers: { "If-Match": etag },
  });
  expect(assigned.status()).toBe(204);
  await office.close();

  // The crew, on a landscape tablet.
  const tablet = await browser.newContext({ viewport: { width: 1024, height: 768 }, hasTouch: true, locale: "nl-BE" });
  const crew = await tablet.newPage();
  await crew.goto("/crew");
  await crew.getByLabel("E-mail").fill("crew@e2e.test");
  await crew.getByLabel("Wachtwoord").fill("e2e crew password");
  await crew.getByRole("button", { name: "Aanmelden" }).click();
  await crew.getByRole("link", { name: new RegExp(`· ${reference}`) }).click();
  await crew.getByLabel("Opgelost").check();
  await crew.getByLabel("Notitie").fill("Put gevuld met asfalt.");
  await crew.getByRole("button", { name: "Opslaan" }).click();
  await expect(crew.getByRole("status")).toContainText("Opgeslagen");

  // The citizen looks again.
  await page.goto(trackingUrl);
  await expect(page.locator(".status-line")).toContainText("Opgelost");
  await expect(page.locator(".timeline")).toContainText("Put gevuld met asfalt.");
  await phone.close();
  await tablet.close();
});
