// A citizen with no network: the report and its 3 photos wait on the phone (IndexedDB) and
// arrive exactly once when the network returns, also after the page was reloaded offline.
const { test, expect } = require("./helpers");
const path = require("path");
const { controlled, chooseCategory } = require("./helpers");

const FIXTURES = path.join(__dirname, "..", "fixtures");
const PHOTOS = ["small-gps.jpg", "orient3.jpg", "photo.webp"].map((f) => path.join(FIXTURES, f));
const PHONE = { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true, locale: "nl-BE" };

// Reports on the server with this description (the public map API, around the start point).
async function arrived(request, description) {
  const fc = await (await request.get("/api/v1/reports?bbox=5.0,50.7,5.4,50.9")).json();
  return fc.features.filter((f) => f.properties.description === description);
}

async function fillReport(page, description) {
  await chooseCategory(page, "road_damage");
  const map = page.locator("#pickmap");
  await map.scrollIntoViewIfNeeded();
  await map.click({ position: { x: 150, y: 120 } });
  await page.locator("#description").fill(description);
  await page.locator("#photo-input").setInputFiles(PHOTOS);
  await expect(page.locator(".photos img")).toHaveCount(3);
}

for (const reload of [false, true]) {
  test(`a report made offline arrives once with its 3 photos${reload ? " after a reload offline" : ""}`, async ({ browser, request }) => {
    const phone = await browser.newContext(PHONE);
    const page = await phone.newPage();
    await page.goto("/");
    await controlled(page);
    const description = `Offline gemeld ${reload ? "en herladen" : "zonder netwerk"} ${Date.now()}`;

    await phone.setOffline(true);
    await expect(page.locator(".offline-bar")).toBeVisible();
    await fillReport(page, description);
    await page.getByRole("button", { name: "Melding versturen" }).click();
    await expect(page.getByTestId("queued")).toContainText("Bewaard op je toestel");
    await expect(page.locator("#outbox li[data-state]")).toHaveCount(1);
    await expect(page.locator("#outbox li[data-state]")).toHaveAttribute("data-state", "waiting");
    await expect(page.locator("#outbox")).toContainText("3 foto's");
    expect(await arrived(request, description)).toHaveLength(0);

    if (reload) {
      await page.reload();
      await expect(page.locator("h1").first()).toContainText("Meld een probleem");
      await expect(page.locator("#outbox li[data-state]")).toHaveCount(1);
      await expect(page.locator("#outbox")).toContainText(description.slice(0, 30));
    }

    await phone.setOffline(false);
    const reference = await page.getByTestId("outbox-ref").textContent({ timeout: 30_000 });
    expect(reference).toMatch(/^M-\d{4}-\d{6}$/);
    await expect(page.locator("#outbox li[data-state='waiting'], #outbox li[data-state='sending']")).toHaveCount(0);

    const found = await arrived(request, description);
    expect(found).toHaveLength(1);
    expect(found[0].properties.ref).toBe(reference);
    const report = await (await request.get(`/api/v1/reports/${reference}`)).json();
    expect(report.photos).toHaveLength(3);
    // Nothing of the report stays on the phone but its reference and tracking link.
    const left = await page.evaluate(() => window.MeldpuntOutbox.listReports().then((l) => l.length));
    expect(left).toBe(0);
    await phone.close();
  });
}

test("a report the server refuses stays on the phone with the reason, and can be fixed", async ({ browser, request }) => {
  const phone = await browser.newContext(PHONE);
  const page = await phone.newPage();
  await page.goto("/");
  await controlled(page);
  const description = `Foto geweigerd ${Date.now()}`;
  await phone.setOffline(true);
  await fillReport(page, description);
  // One photo the server will refuse: not an image at all.
  await page.evaluate(async () => {
    const list = await window.MeldpuntOutbox.listReports();
    if (list.length) throw new Error("outbox not empty");
  });
  await page.getByRole("button", { name: "Melding versturen" }).click();
  await expect(page.getByTestId("queued")).toBeVisible();
  await page.evaluate(async () => {
    const [item] = await window.MeldpuntOutbox.listReports();
    const db = await new Promise((ok) => { const o = indexedDB.open("meldpunt"); o.onsuccess = () => ok(o.result); });
    item.photos[1] = new Blob(["<html>not a photo</html>"], { type: "image/jpeg" });
    await new Promise((ok) => { const t = db.transaction("reports", "readwrite"); t.objectStore("reports").put(item); t.oncomplete = ok; });
  });
  await phone.setOffline(false);
  const failed = page.locator("#outbox li[data-state='failed']");
  await expect(failed).toBeVisible({ timeout: 30_000 });
  await expect(failed).toContainText("niet aanvaard");
  expect(await arrived(request, description)).toHaveLength(0);
  // Leave out the refused photo: the rest is sent.
  await failed.getByRole("button", { name: "Foto weglaten" }).nth(1).click();
  const reference = await page.getByTestId("outbox-ref").textContent({ timeout: 30_000 });
  const report = await (await request.get(`/api/v1/reports/${reference}`)).json();
  expect(report.photos).toHaveLength(2);
  expect(await arrived(request, description)).toHaveLength(1);
  await phone.close();
});
