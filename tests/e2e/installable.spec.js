// The app is installable (Chromium itself says so), and a new version replaces the old
// service worker cleanly: the old one serves until the person reloads, then only new files.
const { chromium } = require("@playwright/test");
const { test, expect } = require("./helpers");
const { spawn } = require("child_process");
const fs = require("fs");
const os = require("os");
const path = require("path");
const { controlled, freePort } = require("./helpers");

test("Chromium finds the app installable", async ({ baseURL }) => {
  // A real profile: Chromium does not offer installing in an incognito-like context.
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), "meldpunt-profile-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-background-networking", "--disable-component-update", "--disable-gpu"],
    baseURL,
  });
  const page = context.pages()[0] || (await context.newPage());
  await page.goto("/");
  await controlled(page);
  const cdp = await context.newCDPSession(page);
  const { installabilityErrors } = await cdp.send("Page.getInstallabilityErrors");
  expect(installabilityErrors).toEqual([]);
  const manifest = await cdp.send("Page.getAppManifest");
  expect(manifest.errors).toEqual([]);
  expect(manifest.url).toMatch(/\/manifest\.webmanifest\?lang=(nl|fr|en)$/);
  const parsed = JSON.parse(manifest.data);
  expect(parsed.icons.map((i) => i.purpose)).toContain("maskable");
  await context.close();
  fs.rmSync(profile, { recursive: true, force: true });
});

// A Meldpunt of its own (own port, database and release label), so its service worker can be
// replaced without touching the other specs.
async function startServer(port, dir, release) {
  const env = {
    ...process.env,
    MELDPUNT_ADDR: `127.0.0.1:${port}`,
    MELDPUNT_DATABASE_URL: `sqlite://${dir}/update.db`,
    MELDPUNT_DATA_DIR: `${dir}/data`,
    MELDPUNT_RELEASE: release,
  };
  delete env.MELDPUNT_SMTP_URL;
  const child = spawn(path.join(__dirname, "..", "..", "target", "release", "meldpunt"), ["serve"], { env, stdio: "ignore" });
  for (let i = 0; i < 100; i++) {
    const ok = await fetch(`http://127.0.0.1:${port}/api/v1/categories`).then((r) => r.ok, () => false);
    if (ok) return child;
    await new Promise((r) => setTimeout(r, 200));
  }
  child.kill();
  throw new Error("server did not start");
}

function stopServer(child) {
  return new Promise((resolve) => {
    child.once("exit", resolve);
    child.kill("SIGINT");
  });
}

function workerVersion(page) {
  return page.evaluate(() => new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = (e) => resolve(e.data);
    navigator.serviceWorker.controller.postMessage({ type: "version" }, [channel.port2]);
  }));
}

test("a new version replaces the old service worker cleanly", async ({ browser }) => {
  test.setTimeout(120_000);
  const port = await freePort();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "meldpunt-update-"));
  let server = await startServer(port, dir, "one");
  const context = await browser.newContext({ baseURL: `http://127.0.0.1:${port}`, locale: "nl-BE" });
  try {
    const page = await context.newPage();
    await page.goto("/");
    await controlled(page);
    const v1 = await workerVersion(page);

    await stopServer(server);
    server = await startServer(port, dir, "two");
    await page.evaluate(() => navigator.serviceWorker.getRegistration().then((r) => r.update()));
    await expect(page.locator(".update-bar")).toBeVisible({ timeout: 30_000 });
    // Until the person chooses, the old version keeps serving this page.
    expect(await workerVersion(page)).toBe(v1);

    // The new worker takes over and the page reloads itself once.
    await Promise.all([
      page.waitForEvent("framenavigated", { timeout: 30_000 }),
      page.locator(".update-bar button").click(),
    ]);
    await page.waitForLoadState("load");
    await controlled(page);
    const v2 = await workerVersion(page);
    expect(v2).not.toBe(v1);
    await expect(page.locator('meta[name="meldpunt-version"]')).toHaveAttribute("content", v2);
    const shells = await page.evaluate(() => caches.keys().then((k) => k.filter((n) => n.startsWith("meldpunt-shell-"))));
    expect(shells).toEqual([`meldpunt-shell-${v2}`]);
    const versioned = await page.evaluate(() => Array.from(document.scripts).map((s) => s.src).filter((s) => s.includes("?v=")));
    expect(versioned.length).toBeGreaterThan(0);
    for (const src of versioned) expect(src).toContain(`?v=${v2}`);

    // Offline, the form opens from the new version's cache.
    await context.setOffline(true);
    await page.reload();
    await expect(page.locator("h1").first()).toContainText("Meld een probleem");
    await context.setOffline(false);
  } finally {
    await context.close();
    await stopServer(server);
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
