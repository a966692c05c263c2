// Every page, public and staff, in Dutch, French and English, on a phone and on a tablet,
// checked by axe-core against WCAG 2.1 A/AA and 2.2's target size: no violation on any of them.
// The table printed at the end gives the count per page, the figures of the closing notes.
const { test, expect, mails, staffApi, act } = require("./helpers");
const { AxeBuilder } = require("@axe-core/playwright");

const LANGS = ["nl", "fr", "en"];
const VIEWPORTS = {
  phone: { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true },
  tablet: { viewport: { width: 800, height: 1280 }, isMobile: true, hasTouch: true },
};

// Data the pages show: a report with its tracking link, a complaint and an appointment.
async function fixtures(request) {
  const made = await request.post("/api/v1/reports", {
    multipart: { report: JSON.stringify({ category: "road_damage", lat: 50.8166, lon: 5.1866, description: "Put in het fietspad bij de markt", contact: { email: "axe@example.org", consent: true } }) },
  });
  expect(made.status(), await made.text()).toBe(201);
  const report = await made.json();
  const filed = await request.post("/api/v1/complaints", {
    multipart: { complaint: { name: "complaint", mimeType: "application/json", buffer: Buffer.from(JSON.stringify({
      description: "Aan het loket kreeg ik geen uitleg bij de weigering.", happened_on: new Date(Date.now() - 2 * 864e5).toISOString().slice(0, 10),
      department: "onthaal", expectation: "Een verklaring.", name: "An Peeters", email: "klacht@example.org",
    })) } },
  });
  expect(filed.status(), await filed.text()).toBe(201);
  const complaint = (await filed.json()).ref;
  const from = new Date().toISOString().slice(0, 10);
  const to = new Date(Date.now() + 10 * 864e5).toISOString().slice(0, 10);
  const slots = (await (await request.get(`/api/v1/appointments/slots?type=strafregister&from=${from}&to=${to}`)).json())
    .filter((s) => s.free > 0);
  // Another spec (or this one's earlier run) may have taken a time: the answer names the next.
  const book = (start) => request.post("/api/v1/appointments", {
    data: { type: "strafregister", start, name: "An Peeters", email: "afspraak@example.org" },
  });
  let booked = await book(slots[slots.length - 1].start);
  if (booked.status() === 409) booked = await book((await booked.json()).next[0]);
  expect(booked.status(), await booked.text()).toBe(201);
  const manage = new URL((await booked.json()).manage_url, "http://x").pathname;
  // A closed report's mail: "is it fixed?" and the follower's own page (the stop link's).
  const email = `axe-${Date.now()}@example.org`;
  const closed = await request.post("/api/v1/reports", {
    multipart: { report: JSON.stringify({ category: "road_damage", lat: 50.8166, lon: 5.1866, description: "Verzakte rijweg bij de kerk", contact: { email, consent: true } }) },
  });
  expect(closed.status(), await closed.text()).toBe(201);
  const coordinator = await staffApi("coordinator@e2e.test", "e2e coordinator password");
  await act(coordinator, (await closed.json()).ref, { action: "reject", reason: "Privé-eigendom: de eigenaar is verwittigd." });
  const mailed = () => mails().find((m) => m.includes(`To: ${email}`) && m.includes("/feedback/"));
  await expect.poll(() => !!mailed(), { timeout: 20_000 }).toBe(true);
  const feedback = mailed().match(/\/feedback\/[0-9a-f]{40}/)[0];
  const follow = mailed().match(/\/follow\/[0-9a-f]{32,40}/)[0];
  // The city's question to a reporter: the page its mail leads to.
  const asked = await request.post("/api/v1/reports", {
    multipart: { report: JSON.stringify({ category: "road_damage", lat: 50.8166, lon: 5.1866, description: "Put in de weg", contact: { email: `q-${email}`, consent: true } }) },
  });
  expect(asked.status(), await asked.text()).toBe(201);
  await act(coordinator, (await asked.json()).ref, { action: "ask_reporter", question: "Aan welke kant van de straat?", pause: true });
  const question = () => mails().find((m) => m.includes(`To: q-${email}`) && m.includes("/vraag/"));
  await expect.poll(() => !!question(), { timeout: 20_000 }).toBe(true);
  const vraag = question().match(/\/vraag\/[0-9a-f]{40}/)[0];
  return { reference: report.ref, track: new URL(report.tracking_url, "http://x").pathname, complaint, manage, feedback, follow, vraag };
}

function pages({ reference, track, complaint, manage, feedback, follow, vraag }) {
  return {
    public: ["/", "/kaart", `/r/${reference}`, track, "/info", "/info/uittreksel-strafregister", "/appointments",
      "/appointments?type=strafregister", manage, "/complaint", "/login", "/crew", "/cijfers", "/mijn-meldingen", "/buurt", "/no-such-page",
      `${feedback}?fixed=no`, follow, vraag],
    "coordinator@e2e.test": ["/queue", "/search?q=fietspad", `/staff/r/${reference}`],
    "agent@e2e.test": ["/intake", "/contact", "/handovers", "/desk", "/knowledge"],
    "crew@e2e.test": ["/crew", `/crew/r/${reference}`],
    "planner@e2e.test": ["/planner", "/planner/stats", `/planner/annual?year=${new Date().getFullYear()}`, "/contactcenter"],
    "klachten@e2e.test": ["/complaints", "/complaints/new", `/complaints/${complaint}`, "/complaints/report"],
    "admin@e2e.test": ["/admin"],
  };
}

const PASSWORDS = {
  "coordinator@e2e.test": "e2e coordinator password", "agent@e2e.test": "e2e agent password",
  "crew@e2e.test": "e2e crew password", "planner@e2e.test": "e2e planner password",
  "klachten@e2e.test": "e2e complaints_officer password", "admin@e2e.test": "e2e admin password",
};

let shared;
test.beforeAll(async ({ request }) => { shared = await fixtures(request); });

// Two pages are checked at once, each by its own tab: while one waits for the network to go
// quiet, axe works on the other (axe takes about a second a page, most of a page's time, and this
// machine has two cores). Each tab signs in as the member of staff it needs when it first does.
const LANES = 2;

async function check(browser, options, jobs, device, table, found) {
  const tabs = new Map();
  const tab = async (who) => {
    if (!tabs.has(who)) {
      const context = await browser.newContext({ ...options, locale: "nl-BE" });
      if (who !== "public") {
        const r = await context.request.post("/login", { form: { email: who, password: PASSWORDS[who] }, maxRedirects: 0 });
        expect(r.status(), who).toBe(303);
      }
      tabs.set(who, { context, page: await context.newPage() });
    }
    return tabs.get(who).page;
  };
  try {
    for (let job = jobs.shift(); job; job = jobs.shift()) {
      const { who, path, lang } = job;
      const page = await tab(who);
      const url = `${path}${path.includes("?") ? "&" : "?"}lang=${lang}`;
      await page.goto(url);
      await page.waitForLoadState("networkidle", { timeout: 5_000 }).catch(() => {});
      const result = await new AxeBuilder({ page })
        .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"])
        .analyze();
      table.push({ page: path, lang, violations: result.violations.length, nodes: result.violations.reduce((n, v) => n + v.nodes.length, 0) });
      for (const v of result.violations) {
        found.push(`${device} ${lang} ${path}: ${v.id} (${v.impact}, ${v.nodes.length}×) ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(" | ")}`);
      }
    }
  } finally {
    for (const { context } of tabs.values()) await context.close();
  }
}

for (const [device, options] of Object.entries(VIEWPORTS)) {
  test(`every page passes axe on a ${device} in nl, fr and en`, async ({ browser }) => {
    test.setTimeout(600_000);
    const found = [];
    const table = [];
    // One queue for both tabs: each takes the next page when it is done with its last.
    const jobs = Object.entries(pages(shared)).flatMap(([who, paths]) =>
      paths.flatMap((path) => LANGS.map((lang) => ({ who, path, lang }))));
    const all = jobs.length;
    await Promise.all(Array.from({ length: LANES }, () => check(browser, options, jobs, device, table, found)));
    expect(table.length, "every page was checked").toBe(all);
    console.log(`axe on a ${device}: ${table.length} pages checked, ${found.length} violations`);
    console.table(table.filter((row) => row.violations > 0));
    expect(found, found.join("\n")).toEqual([]);
  });
}

test("on a phone the keyboard and the screen are used well: skip link, one stop for the tiles, a short header", async ({ browser }) => {
  const phone = await browser.newContext({ ...VIEWPORTS.phone, locale: "nl-BE" });
  // Counts the location requests a page makes on its own.
  await phone.addInitScript(() => {
    window.__locates = 0;
    if (navigator.geolocation) {
      navigator.geolocation.getCurrentPosition = function () { window.__locates += 1; };
    }
  });
  const page = await phone.newPage();
  await page.goto("/?lang=nl");
  const header = await page.locator(".topbar").boundingBox();
  expect(header.height / 740, "the header's share of the screen").toBeLessThan(0.15);

  // The first Tab reaches the skip link, which leads to the content.
  await page.keyboard.press("Tab");
  const skip = page.getByRole("link", { name: "Naar de inhoud" });
  await expect(skip).toBeFocused();
  await expect(skip).toBeInViewport();

  // The category tiles are one tab stop; arrow keys choose, once the island is hydrated.
  const tiles = page.locator("button.category");
  await expect(tiles.first()).toHaveAttribute("tabindex", "0");
  await expect(tiles.nth(1)).toHaveAttribute("tabindex", "-1");
  await expect(async () => {
    await tiles.first().focus();
    await page.keyboard.press("ArrowRight");
    await expect(tiles.nth(0)).toHaveAttribute("aria-checked", "true", { timeout: 500 });
  }).toPass({ timeout: 20_000 });
  await page.keyboard.press("ArrowRight");
  await expect(tiles.nth(1)).toHaveAttribute("aria-checked", "true");
  await expect(tiles.nth(1)).toBeFocused();
  await expect(tiles.nth(1)).toHaveAttribute("tabindex", "0");
  await expect(tiles.nth(0)).toHaveAttribute("tabindex", "-1");
  await page.keyboard.press("ArrowLeft");
  await page.keyboard.press("ArrowLeft");
  await expect(tiles.last()).toHaveAttribute("aria-checked", "true");
  await expect(tiles.last()).toBeFocused();

  // The crew's page asks for the location only when the crew asks for it.
  const r = await phone.request.post("/login", { form: { email: "crew@e2e.test", password: "e2e crew password" }, maxRedirects: 0 });
  expect(r.status()).toBe(303);
  await page.goto("/crew?lang=nl");
  await page.waitForLoadState("networkidle", { timeout: 5_000 }).catch(() => {});
  expect(await page.evaluate(() => window.__locates)).toBe(0);
  await page.locator("details.field-report summary").click();
  await expect.poll(() => page.evaluate(() => window.__locates)).toBe(1);
  await phone.close();
});
