// "Is het opgelost?" on a phone and at the coordinator's desk: the closing mail's "no" link
// (the real SMTP server of the test command) opens the answer page with "no" marked; the
// reporter adds a score and a comment; the report comes back in the coordinator's queue,
// marked; the coordinator reopens it and the reporter gets that by mail.
const { test, expect, mails, staffApi, staffPage, act } = require("./helpers");

test("a reporter answers 'not fixed' from the mail, the coordinator reopens and the reporter is told", async ({ browser }) => {
  test.setTimeout(90_000);
  const agent = await staffApi("agent@e2e.test", "e2e agent password");
  const coordinator = await staffApi("coordinator@e2e.test", "e2e coordinator password");
  const email = `melder-${Date.now()}@example.org`;
  const r = await agent.post("/api/v1/staff/intake", {
    data: {
      channel: "phone", category: "road_damage", lat: 50.8166, lon: 5.1866,
      description: "Put in het fietspad aan de school", contact: { email, consent: true },
    },
  });
  expect(r.status(), await r.text()).toBe(201);
  const reference = (await r.json()).ref;
  const theirs = () => mails().filter((m) => m.includes(`To: ${email}`));
  await act(coordinator, reference, { action: "accept" });
  await act(coordinator, reference, { action: "done", note: "Hersteld" });
  await expect.poll(() => theirs().filter((m) => m.includes("/feedback/")).length, { timeout: 20_000 }).toBe(1);
  const done = theirs().find((m) => m.includes("/feedback/")).replace(/=3D/g, "=");
  const no = done.match(/https?:\/\/\S+\/feedback\/[0-9a-f]{40}\?fixed=no/)[0];

  // On the phone: "no" is marked already; a score, a comment and one button.
  const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: "nl-BE" });
  const page = await phone.newPage();
  await page.goto(no.replace(/^https?:\/\/[^/]+/, ""));
  await expect(page.getByRole("heading", { name: "Is het probleem opgelost?" })).toBeVisible();
  await expect(page.getByLabel("Nee, het is niet opgelost")).toBeChecked();
  await page.getByLabel("2", { exact: true }).check();
  await page.getByLabel("Wilt u nog iets kwijt?").fill("De put is er nog, dieper zelfs.");
  await page.screenshot({ path: test.info().outputPath("feedback-phone.png"), fullPage: true });
  await page.getByRole("button", { name: "Verstuur" }).click();
  await expect(page.locator("[data-feedback-sent]")).toContainText("heropenen");

  // The coordinator finds it in the queue, marked, and reopens it with a note.
  const desk = await staffPage(browser, "coordinator@e2e.test", "e2e coordinator password");
  await desk.goto("/queue");
  const row = desk.locator("tr", { has: desk.getByRole("link", { name: reference }) });
  await expect(row.locator("[data-reopen-asked]")).toHaveText("vraagt om te heropenen");
  await row.getByRole("link", { name: reference }).click();
  await expect(desk.getByTestId("feedback")).toContainText("De put is er nog, dieper zelfs.");
  await expect(desk.getByTestId("feedback")).toContainText("2/5");
  const reopen = desk.locator("form.next[data-action=reopen]");
  await expect(desk.locator("form.next[data-action=decline_reopen]")).toBeVisible();
  await reopen.locator("textarea[name=note]").fill("We komen volgende week terug.");
  await reopen.getByRole("button", { name: "Heropenen" }).click();
  await expect(desk.locator("h1 .badge")).toContainText("Aanvaard");

  await expect.poll(() => theirs().filter((m) => m.includes("volgende week terug")).length, { timeout: 20_000 }).toBe(1);
  await phone.close();
  await desk.context().close();
});
