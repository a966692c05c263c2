// Lighthouse 12 on a phone (its mobile defaults: a mid-range phone on slow 4G, simulated) in
// Debian's Chromium, on the pages citizens and crews open most, in Dutch. The map tiles come from
// the test's own tile server (tests/tile_server.py), so only the page itself is judged. Every
// page must score performance ≥ 95, accessibility 100, best practices 100 and SEO ≥ 95. Each
// page is judged on the median by performance of five runs (one run's timings vary: the first page
// of a fresh browser once took 2.4 s to paint where it takes 0.9 s). Runs stop once three agree
// on the minimum: the median of five then meets it or misses it whatever the other two would
// score, so a page that passes three times in a row costs three runs, not five. The judged run is
// the third best by performance of those made (the median's verdict); the table printed at the
// end gives its scores and figures, and every run's performance. Accessibility, best practices
// and SEO do not depend on timing: they are judged on each page's first run, which runs every
// category, and the runs after it run only performance (which spares the accessibility audit's
// seconds a run).
//
// The phone is simulated: Lighthouse runs the page on this machine and stretches its main-thread
// work by a CPU slowdown multiplier, 4 by default. Its authors chose 4 for a host whose benchmark
// index (Lighthouse's own measure of the host, `lhr.environment.benchmarkIndex`) is about 1,500
// (their calibration maps 1,533 to 4x), and they warn that a host under 1,000 makes every page
// look slower than it is. This machine measures 700 to 1,300 from one minute to the next. So
// each page is judged with the host's index of the moment, the median of the last five times it
// was measured the way Lighthouse measures it (its benchmark in a fresh tab): five times before
// the first page, then once by every Lighthouse run before it loads its page. The multiplier is
// that index over the phone's, 1,533 / 4: the same phone on a slow host as on a fast one, at
// least 1x (a phone no faster than this machine) and at most Lighthouse's default 4x. The table
// shows the index and the multiplier each page was judged with.
const { chromium } = require("@playwright/test");
const { test, expect, staffApi, freePort } = require("./helpers");

const MINIMUM = { performance: 95, accessibility: 100, "best-practices": 100, seo: 95 };
const RUNS = 5;
const MAJORITY = Math.ceil(RUNS / 2);
const PHONE_INDEX = 1533 / 4;
const HOST_SAMPLES = 5;

// This machine's benchmark index, measured before the first page: Lighthouse's own benchmark,
// each time in a fresh tab as Lighthouse runs it, five times.
async function hostSamples(browser, benchmark) {
  const context = await browser.newContext();
  const samples = [];
  try {
    for (let i = 0; i < HOST_SAMPLES; i++) {
      const page = await context.newPage();
      samples.push(await page.evaluate(`(${benchmark})()`));
      await page.close();
    }
  } finally {
    await context.close();
  }
  return samples;
}

// The median of the last five samples.
function hostIndex(samples) {
  const last = samples.slice(-HOST_SAMPLES).sort((a, b) => a - b);
  return last[Math.floor(last.length / 2)];
}

// The session cookie of a signed-in member of staff, for Lighthouse to send.
async function sessionCookie(email, password) {
  const api = await staffApi(email, password);
  const state = await api.storageState();
  await api.dispose();
  const session = state.cookies.find((c) => /meldpunt_session$/.test(c.name));
  expect(session, `${email} has a session`).toBeTruthy();
  return `${session.name}=${session.value}`;
}

// Why a category missed its minimum: the audits that lost points, with what they found.
function losses(lhr, category) {
  return lhr.categories[category].auditRefs
    .filter((ref) => ref.weight > 0 && lhr.audits[ref.id].score !== null && lhr.audits[ref.id].score < 1)
    .map((ref) => {
      const audit = lhr.audits[ref.id];
      const items = ((audit.details && audit.details.items) || []).slice(0, 3)
        .map((i) => JSON.stringify(i.node ? i.node.snippet : i.url || i.source || i).slice(0, 160));
      return `  ${ref.id} (${audit.score}) ${audit.displayValue || ""} ${items.join(" | ")}`;
    });
}

// Tagged @timing: scripts/test runs it when nothing else runs (see there).
test("the main pages score as a phone user needs in Lighthouse", { tag: "@timing" }, async ({ request }) => {
  test.setTimeout(600_000);
  const made = await request.post("/api/v1/reports", {
    multipart: { report: JSON.stringify({ category: "street_lighting", lat: 50.8163, lon: 5.1872, description: "Lantaarnpaal brandt niet meer", contact: { email: "lighthouse@example.org", consent: true } }) },
  });
  expect(made.status(), await made.text()).toBe(201);
  const report = await made.json();
  const crew = await sessionCookie("crew@e2e.test", "e2e crew password");
  const planner = await sessionCookie("planner@e2e.test", "e2e planner password");
  const pages = [
    ["form", "/"], ["map", "/kaart"], ["figures", "/cijfers"], ["report", `/r/${report.ref}`],
    ["tracking", new URL(report.tracking_url, "http://x").pathname], ["complaint", "/complaint"],
    ["login", "/login"], ["crew", "/crew", crew], ["planner", "/planner", planner],
  ];

  const { default: lighthouse } = await import("lighthouse");
  const { pageFunctions } = await import("lighthouse/core/lib/page-functions.js");
  const { throttling } = await import("lighthouse/core/config/constants.js");
  const port = await freePort();
  const browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: [`--remote-debugging-port=${port}`, "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  const table = [];
  const failures = [];
  try {
    const samples = await hostSamples(browser, pageFunctions.computeBenchmarkIndex.toString());
    for (const [name, path, cookie] of pages) {
      const headers = { "Accept-Language": "nl-BE,nl;q=0.9" };
      if (cookie) headers.Cookie = cookie;
      const host = hostIndex(samples);
      const multiplier = Math.min(throttling.mobileSlow4G.cpuSlowdownMultiplier, Math.max(1, host / PHONE_INDEX));
      const runs = [];
      const met = (lhr) => Math.round(lhr.categories.performance.score * 100) >= MINIMUM.performance;
      const agree = () => Math.max(runs.filter(met).length, runs.filter((r) => !met(r)).length) >= MAJORITY;
      while (runs.length < RUNS && !agree()) {
        const result = await lighthouse(new URL(path, test.info().project.use.baseURL).href, {
          port, output: "json", logLevel: "error", extraHeaders: headers,
          throttling: { ...throttling.mobileSlow4G, cpuSlowdownMultiplier: multiplier },
          // Audits that weigh nothing in any score and cost seconds a run: the page's screenshots
          // and the back/forward cache check (which leaves the page and comes back).
          disableFullPageScreenshot: true, skipAudits: ["bf-cache", "screenshot-thumbnails", "final-screenshot"],
          onlyCategories: runs.length === 0 ? Object.keys(MINIMUM) : ["performance"],
        });
        expect(result && result.lhr, `Lighthouse ran on ${path}`).toBeTruthy();
        const ran = result.lhr;
        expect(ran.runtimeError, `${path}: ${ran.runtimeError && ran.runtimeError.message}`).toBeFalsy();
        runs.push(ran);
        samples.push(ran.environment.benchmarkIndex);
      }
      const judged = [...runs].sort((a, b) => b.categories.performance.score - a.categories.performance.score);
      const lhr = judged[MAJORITY - 1];
      const scores = {};
      for (const [id, min] of Object.entries(MINIMUM)) {
        const from = id === "performance" ? lhr : runs[0];
        scores[id] = Math.round(from.categories[id].score * 100);
        if (scores[id] < min) failures.push(`${name} ${path}: ${id} ${scores[id]} < ${min}\n${losses(from, id).join("\n")}`);
      }
      const ms = (id) => Math.round(lhr.audits[id].numericValue);
      table.push({
        page: name, ...scores, "FCP ms": ms("first-contentful-paint"), "LCP ms": ms("largest-contentful-paint"),
        "TBT ms": ms("total-blocking-time"), CLS: Number(lhr.audits["cumulative-layout-shift"].numericValue.toFixed(3)),
        "KB": Math.round(lhr.audits["total-byte-weight"].numericValue / 1024),
        "runs": runs.map((r) => Math.round(r.categories.performance.score * 100)).join("/"),
        "host index": Math.round(host), "CPU x": Number(multiplier.toFixed(2)),
      });
    }
  } finally {
    await browser.close();
  }
  console.log("Lighthouse 12, mobile (simulated slow 4G, CPU calibrated to this host), nl:");
  console.table(table);
  expect(failures, failures.join("\n\n")).toEqual([]);
});
