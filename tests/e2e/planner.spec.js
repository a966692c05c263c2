// A planner filters the map of all reports and sees the count change, opens the dashboard,
// and prints the annual report to PDF (checked with poppler's pdfinfo and pdftotext).
const { test, expect, staffPage } = require("./helpers");
const { execFileSync } = require("child_process");
const fs = require("fs");
const os = require("os");
const path = require("path");

const number = (s) => Number(String(s).replace(/\D/g, ""));

test("a planner filters the map, reads the dashboard and prints the annual report", async ({ browser }) => {
  const page = await staffPage(browser, "planner@e2e.test", "e2e planner password", { width: 1280, height: 900 });
  await expect(page).toHaveURL(/\/planner$/);

  const total = page.getByTestId("planner-total");
  await expect(total).not.toHaveText("…");
  const all = number(await total.textContent());
  expect(all).toBeGreaterThan(0);
  await expect(page.locator(".cluster-marker, .dot-marker").first()).toBeVisible();
  // The map takes the screen's height; a legend says what the colours mean.
  expect((await page.locator("#planner-map").boundingBox()).height).toBeGreaterThan(700);
  await expect(page.locator("[data-legend]")).toContainText("Nieuw");
  await page.locator("[data-colour]").selectOption("category");
  await expect(page.locator("[data-legend-category] li").first()).toBeVisible();
  await expect(page.locator("[data-legend]")).toBeHidden();
  await page.locator("[data-colour]").selectOption("status");
  await expect(page.locator("[data-legend]")).toBeVisible();

  // A filter applies at once, and the address and export links keep it.
  await page.locator('input[name="status"][value="new"]').check();
  await expect.poll(async () => number(await total.textContent())).toBeLessThan(all);
  const fresh = number(await total.textContent());
  expect(page.url()).toContain("status=new");
  await expect(page.locator('a[data-export="geojson"]')).toHaveAttribute("href", /status=new/);
  // The same count through the API.
  const api = await page.evaluate(async () => {
    const el = document.getElementById("planner-map");
    return Number(el.dataset.total);
  });
  expect(api).toBe(fresh);
  await page.locator('input[name="status"][value="new"]').uncheck();
  await expect.poll(async () => number(await total.textContent())).toBe(all);
  await page.locator("[data-heat]").check();
  await expect(page.locator(".leaflet-overlay-pane canvas")).toBeVisible();

  // The dashboard: numbers, charts with labels, a table view.
  await page.getByRole("link", { name: "Statistieken" }).click();
  await expect(page.locator('[data-kpi="total"]')).not.toHaveText("0");
  await expect(page.locator('svg[role="img"]').first()).toBeVisible();
  await page.locator(".chart summary").first().click();
  await expect(page.locator(".chart table").first()).toBeVisible();
  // The places with most reports are on a map with streets, numbered as the list is; a marker's
  // popup leads to a report there. The plain plan is for print only.
  const hotspots = page.locator('[data-map="hotspots"]');
  await expect(hotspots.locator(".leaflet-tile-loaded").first()).toBeVisible();
  const places = await page.locator(".hotspots ol li").count();
  expect(places).toBeGreaterThan(0);
  await expect(hotspots.locator(".rank-marker")).toHaveCount(places);
  await expect(page.locator("svg.hotspot-map")).toBeHidden();
  await hotspots.locator(".rank-marker").first().click();
  await expect(hotspots.locator(".leaflet-popup-content a")).toHaveAttribute("href", /^\/staff\/r\/M-/);
  // Leaflet names its close button in English; the page's language replaces it.
  await expect(hotspots.locator(".leaflet-popup-close-button")).toHaveAttribute("aria-label", "Sluiten");
  // Chart text keeps one size whatever the width of its column (no 30 px labels on a wide page).
  const sizes = await page.evaluate(() => Array.from(document.querySelectorAll(".chart-label:not(.small)"))
    .map((t) => t.getBoundingClientRect().height));
  expect(Math.max(...sizes)).toBeLessThan(22);

  // The annual report, printed by Chromium.
  await page.goto("/planner/annual?year=2026");
  await expect(page.locator("article.annual-report")).toBeVisible();
  const annualSizes = await page.evaluate(() => Array.from(document.querySelectorAll(".chart-label:not(.small)"))
    .map((t) => t.getBoundingClientRect().height));
  expect(Math.max(...annualSizes)).toBeLessThan(22);
  const reports2026 = (await page.locator('tr[data-key="total"] td').first().textContent()).trim();
  expect(Number(reports2026)).toBeGreaterThan(0);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "meldpunt-pdf-"));
  const file = path.join(dir, "jaarverslag.pdf");
  await page.emulateMedia({ media: "print" });
  await page.pdf({ path: file, format: "A4", printBackground: true });
  const info = execFileSync("pdfinfo", [file]).toString();
  const pages = Number(info.match(/Pages:\s+(\d+)/)[1]);
  expect(pages).toBeGreaterThanOrEqual(5);
  expect(pages).toBeLessThanOrEqual(12);
  const text = execFileSync("pdftotext", ["-layout", file, "-"]).toString();
  expect(text).toContain("Jaarverslag meldingen 2026");
  expect(text).toMatch(new RegExp(`Meldingen\\s+${reports2026}\\s`));
  expect(text).toContain("Klachten");
  expect(text).not.toContain("Afdrukken / PDF");
  fs.rmSync(dir, { recursive: true, force: true });
  await page.context().close();
});
