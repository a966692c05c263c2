// A category asks its own questions: the citizen on a phone sees only the chosen category's,
// is told in Dutch which one still needs an answer, and finds the answer on the report page;
// a planner filters the map by the answer; the agent's intake form shows the same question for
// the chosen category only.
const { test, expect, chooseCategory, intakeCategory, staffPage } = require("./helpers");

test("the citizen answers the category's question and sees the answer on the report", async ({ browser }) => {
  const phone = await browser.newContext({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true, locale: "nl-BE" });
  const page = await phone.newPage();
  await page.goto("/");
  const question = page.getByRole("group", { name: "Welke container werd niet geledigd?" });
  await chooseCategory(page, "road_damage");
  await expect(question).toBeHidden();
  await chooseCategory(page, "waste_not_collected");
  await expect(question).toBeVisible();

  const map = page.locator("#pickmap");
  await map.scrollIntoViewIfNeeded();
  await map.click({ position: { x: 150, y: 120 } });
  await page.locator("#description").fill("De PMD-zakken staan er nog.");
  await page.getByRole("button", { name: "Melding versturen" }).click();
  const error = page.locator(".category-questions .field-error");
  await expect(error).toHaveText("Beantwoord deze vraag: Welke container werd niet geledigd?");

  await question.getByLabel("PMD").check();
  await expect(error).toHaveCount(0);
  await page.getByRole("button", { name: "Melding versturen" }).click();
  const reference = await page.getByTestId("reference").textContent();
  expect(reference).toMatch(/^M-\d{4}-\d{6}$/);

  await page.goto(`/r/${reference}`);
  const answers = page.locator("dl.answers");
  await expect(answers).toContainText("Welke container werd niet geledigd?");
  await expect(answers).toContainText("PMD");
  await phone.close();

  // A planner filters the map by that answer: the export link carries the filter and holds
  // the report, and another answer leaves it out.
  const planner = await staffPage(browser, "planner@e2e.test", "e2e planner password", { width: 1280, height: 900 });
  await expect(planner).toHaveURL(/\/planner$/);
  const filter = planner.getByRole("group", { name: /Afval niet opgehaald/ });
  await filter.getByLabel("PMD").check();
  await expect.poll(() => planner.url()).toContain("answer=container%3Apmd");
  const geojson = planner.locator('a[data-export="geojson"]');
  await expect(geojson).toHaveAttribute("href", /answer=container%3Apmd/);
  const references = async () => {
    const body = await (await planner.request.get(await geojson.getAttribute("href"))).json();
    return body.features.map((f) => f.properties.ref);
  };
  expect(await references()).toContain(reference);
  await filter.getByLabel("PMD").uncheck();
  await filter.getByLabel("Glas").check();
  await expect(geojson).toHaveAttribute("href", /answer=container%3Aglass/);
  expect(await references()).not.toContain(reference);
  await planner.context().close();
});

test("the agent's intake shows the chosen category's questions only", async ({ browser }) => {
  const page = await staffPage(browser, "agent@e2e.test", "e2e agent password", { width: 1280, height: 800 });
  await page.goto("/intake");
  const question = page.getByRole("group", { name: "Welke container werd niet geledigd?" });
  await intakeCategory(page, "sluik", "illegal_dumping");
  await expect(question).toBeHidden();
  await intakeCategory(page, "niet opgehaald", "waste_not_collected");
  await expect(question).toBeVisible();
  await page.context().close();
});
