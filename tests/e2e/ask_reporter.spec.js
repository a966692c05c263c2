// The city asks, the reporter answers: a coordinator asks the reporter a question from the
// staff report page; the reporter gets it by mail (the real SMTP server of the test command),
// answers on a phone with text and a photo (a wrong file first: refused, the text kept); the
// queue flags the answer, and the report page shows it with the photo, for staff only.
const path = require("path");
const { test, expect, mails, staffApi, staffPage } = require("./helpers");

const FIXTURES = path.join(__dirname, "..", "fixtures");

test("a coordinator asks the reporter a question and the reporter answers with a photo", async ({ browser }) => {
  test.setTimeout(120_000);
  const agent = await staffApi("agent@e2e.test", "e2e agent password");
  const email = `vraag-${Date.now()}@example.org`;
  const r = await agent.post("/api/v1/staff/intake", {
    data: {
      channel: "phone", category: "road_damage", lat: 50.8166, lon: 5.1866,
      description: "Put in de straat, ergens aan de school", contact: { email, consent: true },
    },
  });
  expect(r.status(), await r.text()).toBe(201);
  const reference = (await r.json()).ref;
  const theirs = () => mails().filter((m) => m.includes(`To: ${email}`));

  // At the desk: the question, with the deadline paused, from "other actions".
  const desk = await staffPage(browser, "coordinator@e2e.test", "e2e coordinator password");
  await desk.goto(`/staff/r/${reference}`);
  await desk.getByText("Andere acties").click();
  const ask = desk.locator("form[data-action=ask_reporter]");
  await ask.getByLabel("Uw vraag (de melder krijgt ze per e-mail)").fill("Aan welke kant van de straat is de put? Een foto helpt ons.");
  await expect(ask.getByLabel(/Termijn pauzeren/)).toBeChecked();
  await ask.getByRole("button", { name: "Vraag stellen aan de melder" }).click();
  await expect(desk.getByTestId("questions")).toContainText("Wacht op antwoord");
  await expect(desk.locator("[data-paused]").first()).toContainText("Termijn gepauzeerd");

  await expect.poll(() => theirs().filter((m) => m.includes("/vraag/")).length, { timeout: 20_000 }).toBe(1);
  const link = theirs().find((m) => m.includes("/vraag/")).match(/https?:\/\/\S+\/vraag\/[0-9a-f]{40}/)[0];

  // On the phone: a file that is no photo is refused next to the field, the text stays.
  const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: "nl-BE" });
  const page = await phone.newPage();
  await page.goto(link.replace(/^https?:\/\/[^/]+/, ""));
  await expect(page.getByRole("heading", { name: "Een vraag over uw melding" })).toBeVisible();
  await expect(page.locator("[data-question]")).toContainText("Aan welke kant");
  const text = page.getByLabel("Uw antwoord");
  await text.fill("Aan de kant van de bakker, voor nummer 12.");
  const photos = page.getByLabel(/Foto's/);
  await photos.setInputFiles(path.join(FIXTURES, "not-an-image.jpg"));
  await page.getByRole("button", { name: "Antwoord versturen" }).click();
  await expect(page.locator("[data-moved-error]")).toBeVisible();
  await expect(text).toHaveValue("Aan de kant van de bakker, voor nummer 12.");
  await photos.setInputFiles(path.join(FIXTURES, "small-gps.jpg"));
  await page.screenshot({ path: test.info().outputPath("answer-phone.png"), fullPage: true });
  await page.getByRole("button", { name: "Antwoord versturen" }).click();
  await expect(page.locator("[data-answer-sent]")).toContainText("Bedankt voor uw antwoord");

  // Back at the desk: the queue flags it; the page shows the answer and its photo.
  await desk.goto("/queue");
  const row = desk.locator("tr", { has: desk.getByRole("link", { name: reference }) });
  await expect(row.locator("[data-answer-waiting]")).toHaveText("Antwoord van de melder");
  await row.getByRole("link", { name: reference }).click();
  await expect(desk.getByTestId("questions")).toContainText("voor nummer 12");
  await expect(desk.locator(".photo-grid .caption")).toContainText("Bij antwoord van de melder");
  await expect(desk.locator("[data-paused]")).toHaveCount(0);
  await desk.screenshot({ path: test.info().outputPath("answer-desk.png"), fullPage: true });
  await phone.close();
  await desk.context().close();
});
