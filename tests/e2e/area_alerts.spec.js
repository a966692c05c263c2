// Area alerts on a phone: a citizen asks for mails about new reports in a district, confirms
// with the mailed link (the real SMTP server of the test command), gets one mail for a new
// report there and none for one elsewhere, and stops with one click from the mail's header.
const { test, expect, mails } = require("./helpers");

test("a citizen subscribes to a district, confirms, hears of a report there only, and stops with one click", async ({ browser, request }) => {
  test.setTimeout(120_000);
  const email = `buurt-${Date.now()}@example.org`;
  const theirs = () => mails().filter((m) => m.includes(`To: ${email}`));
  const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: "nl-BE" });
  const page = await phone.newPage();
  await page.goto("/");
  await page.getByRole("link", { name: "Meldingen in mijn buurt" }).click();
  await expect(page.getByRole("heading", { name: "Meldingen in mijn buurt" })).toBeVisible();
  await page.getByLabel("In deze deelgemeente").check();
  await page.getByRole("combobox", { name: "Deelgemeente" }).selectOption({ label: "Velm" });
  await page.getByLabel("Uw e-mailadres").fill(email);
  await page.screenshot({ path: test.info().outputPath("alerts-form.png"), fullPage: true });
  await page.getByRole("button", { name: "Vraag het alarm aan" }).click();
  await expect(page.locator("[data-alerts-asked]")).toContainText("Bekijk uw mailbox");

  await expect.poll(() => theirs().length, { timeout: 20_000 }).toBe(1);
  const link = theirs()[0].match(/https?:\/\/\S+\/buurt\/[0-9a-f]{40}/)[0];
  await page.goto(link.replace(/^https?:\/\/[^/]+/, ""));
  await expect(page.locator("[data-alert-state]")).toContainText("Nog niet bevestigd");
  await page.getByRole("button", { name: "Bevestig het alarm" }).click();
  await expect(page.locator("[data-alert-state]")).toContainText("Het alarm staat aan");

  // A report elsewhere, then one in Velm: one mail, about the one in Velm.
  const make = async (lat, lon, description) => {
    const r = await request.post("/api/v1/reports", {
      multipart: { report: JSON.stringify({ category: "graffiti", lat, lon, description }) },
    });
    expect(r.status(), await r.text()).toBe(201);
    return (await r.json()).ref;
  };
  const elsewhere = await make(50.8020, 5.2250, "Graffiti op de kerkmuur in Brustem");
  const there = await make(50.7770, 5.1270, "Graffiti op het bushokje in Velm");
  await expect.poll(() => theirs().length, { timeout: 20_000 }).toBe(2);
  const alert = theirs()[1];
  expect(alert).toContain(there);
  expect(alert).not.toContain(elsewhere);

  // One click from the mail program (RFC 8058), then nothing more.
  const stop = alert.match(/List-Unsubscribe: <([^>]+)>/)[1];
  const r = await request.post(new URL(stop).pathname, { form: { "List-Unsubscribe": "One-Click" } });
  expect(r.status()).toBe(200);
  await make(50.7775, 5.1275, "Nog meer graffiti in Velm");
  await page.reload();
  await expect(page.locator("[data-alert-state]")).toContainText("Het alarm staat uit");
  await page.waitForTimeout(2_000);
  expect(theirs().length).toBe(2);
  await phone.close();
});
