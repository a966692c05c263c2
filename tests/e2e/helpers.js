// Shared steps of the end-to-end specs: staff sign-in through the API, reports made through the
// agents' intake, and waiting until the service worker controls a page.
const base = require("@playwright/test");
const { request, expect } = base;

// The specs' `test`: every page a spec opens is watched, and a Content-Security-Policy
// violation (an inline script, a handler attribute, a host the policy does not name) fails it.
const test = base.test.extend({
  context: async ({ context }, use) => {
    const violations = [];
    const watch = (page) => page.on("console", (m) => {
      if (m.type() === "error" && /Content Security Policy/i.test(m.text())) violations.push(m.text());
    });
    context.pages().forEach(watch);
    context.on("page", watch);
    await use(context);
    expect(violations, "Content-Security-Policy violations").toEqual([]);
  },
});

const BASE_URL = process.env.BASE_URL || "http://127.0.0.1:3000";

// An API client signed in as a staff member (cookies kept in the context).
async function staffApi(email, password, baseURL = BASE_URL) {
  const api = await request.newContext({ baseURL });
  const r = await api.post("/login", { form: { email, password }, maxRedirects: 0 });
  expect(r.status()).toBe(303);
  return api;
}

// A report registered by an agent (no rate limit, unlike the public form); answers its reference.
async function intake(agent, description, lat = 50.8166, lon = 5.1866) {
  const r = await agent.post("/api/v1/staff/intake", {
    data: { channel: "phone", category: "road_damage", lat, lon, description, contact: { consent: true } },
  });
  expect(r.status(), await r.text()).toBe(201);
  return (await r.json()).ref;
}

// A workflow action with the version read just before (If-Match).
async function act(api, reference, action) {
  const got = await api.get(`/api/v1/staff/reports/${reference}`);
  const r = await api.post(`/api/v1/staff/reports/${reference}/actions`, {
    data: action, headers: { "If-Match": got.headers()["etag"] },
  });
  expect(r.status(), await r.text()).toBe(204);
}

async function staffReport(api, reference) {
  return (await api.get(`/api/v1/staff/reports/${reference}`)).json();
}

// Waits until the service worker is active and controls the page (reloading once if needed).
async function controlled(page) {
  await page.evaluate(() => navigator.serviceWorker.ready);
  if (!(await page.evaluate(() => !!navigator.serviceWorker.controller))) {
    await page.reload();
  }
  await expect.poll(() => page.evaluate(() => !!navigator.serviceWorker.controller), { timeout: 20_000 }).toBe(true);
}

// A member of staff at a desk (Dutch, 1280×900 unless told), signed in through the sign-in
// page as a person does; answers the page they land on.
async function staffPage(browser, email, password, viewport = { width: 1280, height: 900 }) {
  const context = await browser.newContext({ viewport, locale: "nl-BE" });
  const page = await context.newPage();
  await page.goto("/login");
  await page.getByLabel("E-mail").fill(email);
  await page.getByLabel("Wachtwoord").fill(password);
  await page.getByRole("button", { name: "Aanmelden" }).click();
  await page.waitForURL((url) => url.pathname !== "/login");
  return page;
}

// A TCP port free on 127.0.0.1 right now (for a browser's debugging port or a second server).
function freePort() {
  return new Promise((resolve) => {
    const s = require("net").createServer().listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

// Signs a crew member in on the tablet's crew page.
async function crewLogin(page, email, password) {
  await page.goto("/crew");
  await page.getByLabel("E-mail").fill(email);
  await page.getByLabel("Wachtwoord").fill(password);
  await page.getByRole("button", { name: "Aanmelden" }).click();
  await expect(page.locator("[data-crew-offline]")).toBeVisible();
}

// Chooses a category in the agents' intake as an agent does: part of its name, then Enter.
async function intakeCategory(page, text, code) {
  const box = page.locator("#intake-category-search");
  await box.fill(text);
  await expect(page.locator("#intake-category-list [role=option]").first()).toBeVisible();
  await box.press("Enter");
  await expect(page.locator("#intake-category")).toHaveValue(code);
}

// Chooses a category on the report form, clicking until the island is hydrated and reacts.
async function chooseCategory(page, code) {
  const button = page.locator(`button.category[data-code="${code}"]`);
  await expect(async () => {
    await button.click();
    await expect(button).toHaveAttribute("aria-checked", "true", { timeout: 500 });
  }).toPass({ timeout: 20_000 });
}

// The mails the test command's SMTP server received so far, oldest first, soft line breaks of
// quoted-printable joined.
function mails() {
  const fs = require("fs");
  const path = require("path");
  const dir = process.env.E2E_MAILDIR;
  if (!dir || !fs.existsSync(dir)) return [];
  return fs.readdirSync(dir).filter((f) => f.endsWith(".eml")).sort()
    .map((f) => fs.readFileSync(path.join(dir, f), "utf8").replace(/=\r?\n/g, ""));
}

module.exports = {
  test, expect, mails, BASE_URL, freePort, staffApi, staffPage, intake, act, staffReport, controlled, crewLogin, chooseCategory, intakeCategory,
};
