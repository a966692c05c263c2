// The public map shows the reports in view as the server clusters them, filters open/all and by
// category, and goes to an address picked from the register; a group zooms in when tapped, and
// a report's popup links to its page. Makes its own reports, so it runs in any order.
const { test, expect } = require("./helpers");
const { staffApi, intake, act } = require("./helpers");

test("the public map clusters reports, filters open/all and by category, and goes to an address", async ({ page }) => {
  const agent = await staffApi("agent@e2e.test", "e2e agent password");
  const coordinator = await staffApi("coordinator@e2e.test", "e2e coordinator password");
  await intake(agent, `Kaart open ${Date.now()}`, 50.8161, 5.1861);
  const closed = await intake(agent, `Kaart gesloten ${Date.now()}`, 50.8171, 5.1871);
  await act(coordinator, closed, { action: "reject", reason: "Geen probleem van de stad" });
  await page.setViewportSize({ width: 360, height: 740 });
  await page.goto("/kaart?lang=nl");
  const map = page.locator("#reportsmap");
  await expect(map).toHaveAttribute("data-total", /^[1-9]\d*$/);
  const open = Number(await map.getAttribute("data-total"));
  await page.getByLabel("Alle meldingen").check();
  await expect(async () => {
    expect(Number(await map.getAttribute("data-total"))).toBeGreaterThan(open);
  }).toPass({ timeout: 10_000 });
  const all = Number(await map.getAttribute("data-total"));
  // One marker per cluster; the clusters' numbers and the single dots add up to the total.
  await expect(page.locator(".leaflet-marker-icon").first()).toBeVisible();
  expect(await page.locator(".leaflet-marker-icon").count()).toBe(Number(await map.getAttribute("data-clusters")));
  const grouped = (await page.locator(".cluster-marker").allTextContents()).reduce((n, t) => n + Number(t), 0);
  expect(grouped + await page.locator(".dot-marker").count()).toBe(all);

  // A category: only its reports (the intake's are road damage).
  await page.getByLabel("Categorie").selectOption("road_damage");
  await expect(async () => {
    const n = Number(await map.getAttribute("data-total"));
    expect(n).toBeGreaterThanOrEqual(2);
    expect(n).toBeLessThanOrEqual(all);
  }).toPass({ timeout: 10_000 });

  // Going to an address: typed, picked from the list, the map is at street level there.
  const address = page.getByLabel("Naar een adres");
  await address.fill("Grote Markt 2");
  await expect(page.locator("#map-address-list li").first()).toBeVisible();
  await address.press("Enter");
  await expect.poll(() => page.evaluate(() => document.getElementById("reportsmap")._meldpuntMap.getZoom())).toBe(18);

  // Tapping groups zooms in until the reports are single dots; a dot's popup leads to the report.
  await page.evaluate(() => document.getElementById("reportsmap")._meldpuntMap.setView([50.8166, 5.1866], 13));
  for (let i = 0; i < 8 && (await page.locator(".dot-marker").count()) === 0; i++) {
    const before = await map.getAttribute("data-clusters");
    await page.locator(".cluster-marker").first().dispatchEvent("click");
    await expect(async () => {
      expect(await map.getAttribute("data-clusters")).not.toBe(before);
    }).toPass({ timeout: 10_000 }).catch(() => {});
  }
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.locator(".dot-marker").first().click();
  const link = page.locator(".leaflet-popup-content a");
  await expect(link).toHaveText(/^M-\d{4}-\d{6}$/);
  await expect(page.locator(".leaflet-popup-content")).toContainText("Wegdek");
  const reference = await link.textContent();
  await link.click();
  await expect(page.locator("article.report")).toHaveAttribute("data-ref", reference);
});
