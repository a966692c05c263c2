// The public map loads the reports in view by bounding box and filters open/all; a marker's
// popup links to the report page. Makes its own open and closed report, so it runs in any order.
const { test, expect } = require("./helpers");
const { staffApi, intake, act } = require("./helpers");

test("the public map shows reports in view and filters by open or all", async ({ page }) => {
  const agent = await staffApi("agent@e2e.test", "e2e agent password");
  const coordinator = await staffApi("coordinator@e2e.test", "e2e coordinator password");
  await intake(agent, `Kaart open ${Date.now()}`, 50.8161, 5.1861);
  const closed = await intake(agent, `Kaart gesloten ${Date.now()}`, 50.8171, 5.1871);
  await act(coordinator, closed, { action: "reject", reason: "Geen probleem van de stad" });
  await page.setViewportSize({ width: 360, height: 740 });
  await page.goto("/kaart?lang=nl");
  const map = page.locator("#reportsmap");
  await expect(map).toHaveAttribute("data-count", /^\d+$/);
  const open = Number(await map.getAttribute("data-count"));
  await page.getByLabel("Alle meldingen").check();
  await expect(async () => {
    expect(Number(await map.getAttribute("data-count"))).toBeGreaterThan(open);
  }).toPass({ timeout: 10_000 });
  await expect(page.locator(".leaflet-marker-icon").first()).toBeVisible();
  const markers = await page.locator(".leaflet-marker-icon").count();
  expect(markers).toBe(Number(await map.getAttribute("data-count")));
  // Markers may overlap; a dispatched click reaches the one asked for.
  await page.locator(".leaflet-marker-icon").first().dispatchEvent("click");
  const link = page.locator(".leaflet-popup-content a");
  await expect(link).toHaveText(/^M-\d{4}-\d{6}$/);
  const reference = await link.textContent();
  await link.click();
  await expect(page.locator("article.report")).toHaveAttribute("data-ref", reference);
});
