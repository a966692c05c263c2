// A developer at the city's partner reads the API's documentation in the browser: the page
// is served by Meldpunt (Swagger UI vendored from npm, its own script, no CDN, under the
// page's Content-Security-Policy) and shows the operations of the OpenAPI document.
const { test, expect } = require("./helpers");

test("the API docs page shows the operations, with nothing from elsewhere", async ({ page }) => {
  const requested = [];
  const problems = [];
  page.on("request", (r) => requested.push(r.url()));
  page.on("console", (m) => { if (m.type() === "error") problems.push(m.text()); });
  page.on("pageerror", (e) => problems.push(String(e)));
  await page.goto("/api/docs");
  await expect(page.getByRole("heading", { name: /Meldpunt API/ })).toBeVisible();
  const report = page.locator(".opblock-summary", { hasText: "/api/v1/reports/{ref}" });
  await expect(report).toBeVisible();
  await report.click();
  await expect(page.locator(".parameters").getByText("M-2026-000123")).toBeVisible();
  const origin = new URL(page.url()).origin;
  expect(requested.filter((u) => !u.startsWith(origin) && !u.startsWith("data:"))).toEqual([]);
  expect(problems).toEqual([]);
});
