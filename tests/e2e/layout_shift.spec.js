// Nothing on a page moves while it loads: a citizen on a slow phone who starts reading, or reaches
// for a button, must not see it jump away. Every public page (and the sign-in page) is opened on a
// phone whose processor is four times slower than this machine's (Chromium's own CPU throttling),
// and every layout shift the browser reports while the page loads is counted, whether or not it
// follows an input (Lighthouse sometimes counts a shift and sometimes not; this test always does).
const { test, expect } = require("./helpers");

const PAGES = ["/", "/kaart", "/cijfers", "/complaint", "/login", "/info", "/appointments", "/buurt", "/mijn-meldingen"];

for (const path of PAGES) {
  // Tagged @timing: scripts/test runs it when nothing else runs (see there).
  test(`${path} does not move while it loads on a slow phone`, { tag: "@timing" }, async ({ browser }) => {
    const context = await browser.newContext({
      locale: "nl-BE", viewport: { width: 360, height: 740 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true,
    });
    try {
      const page = await context.newPage();
      const cdp = await context.newCDPSession(page);
      await cdp.send("Emulation.setCPUThrottlingRate", { rate: 4 });
      await page.addInitScript(() => {
        window.__shifts = [];
        new PerformanceObserver((list) => {
          for (const shift of list.getEntries()) {
            window.__shifts.push({
              value: shift.value,
              moved: shift.sources.map((s) => s.node ? `${s.node.nodeName.toLowerCase()}.${s.node.className || ""}` : "(gone)"),
            });
          }
        }).observe({ type: "layout-shift", buffered: true });
      });
      await page.goto(path, { waitUntil: "load" });
      // Late arrivals (the map's tiles, the outbox, hydration) get two seconds to land.
      await page.waitForTimeout(2000);
      const shifts = await page.evaluate(() => window.__shifts);
      const total = shifts.reduce((sum, s) => sum + s.value, 0);
      expect(total, `${path} moved: ${JSON.stringify(shifts)}`).toBeLessThan(0.01);
    } finally {
      await context.close();
    }
  });
}
