// The back office end to end: an agent registers a phoned-in report with the keyboard only, a
// coordinator assigns it, a crew on a portrait tablet marks it done with an after-photo, and
// the caller's mailbox (a real SMTP server started by the test command) receives the update.
const { test, expect, intakeCategory, staffPage, mails } = require("./helpers");
const fs = require("fs");
const path = require("path");

const PHOTO = path.join(__dirname, "..", "fixtures", "small-gps.jpg");

test("agent registers a call by keyboard, coordinator assigns, crew closes it, caller is mailed", async ({ browser }) => {
  test.setTimeout(90_000);
  const caller = `beller-${Date.now()}@example.org`;

  // The agent, on a desktop, never touching the mouse.
  const desk = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "nl-BE" });
  const agent = await desk.newPage();
  await agent.goto("/login");
  // The e-mail field has the focus on arrival (autofocus, which the browser applies with the
  // first rendering: typing before it loses the first letters).
  await expect(agent.getByLabel("E-mail")).toBeFocused();
  await agent.keyboard.type("agent@e2e.test");
  await agent.keyboard.press("Tab");
  await agent.keyboard.type("e2e agent password");
  await agent.keyboard.press("Enter");
  await expect(agent).toHaveURL(/\/intake$/);
  // The category is a search box: part of the name (no accents, no icon) and Tab.
  await expect(agent.locator("#intake-category-search")).toBeFocused();
  await agent.keyboard.type("sluik");
  await expect(agent.locator("#intake-category-list [role=option]")).toHaveText(["🚯 Sluikstort"]);
  await agent.keyboard.press("Tab");
  await expect(agent.locator("#intake-category")).toHaveValue("illegal_dumping");
  await expect(agent.locator("#intake-category-search")).toHaveValue("🚯 Sluikstort");
  await expect(agent.locator("#intake-address")).toBeFocused();
  await agent.keyboard.type("Stationstraat 1"); // typo on purpose
  await expect(agent.locator("#intake-suggestions [role=option]").first()).toHaveText("Stationsstraat 1, 3800 Sint-Truiden");
  await agent.keyboard.press("Enter");
  await expect(agent.locator("#intake-address")).toHaveValue("Stationsstraat 1, 3800 Sint-Truiden");
  await expect(agent.locator("#intake-lat")).not.toHaveValue("");
  await agent.keyboard.press("Tab");
  // Skip "follow" buttons if open reports of this kind are nearby (none in a fresh database).
  await expect(agent.locator('textarea[name="description"]')).toBeFocused();
  await agent.keyboard.type("Matras en zetel op het voetpad.");
  await agent.keyboard.press("Tab");
  await agent.keyboard.type("Jan Beller");
  await agent.keyboard.press("Tab");
  await agent.keyboard.type("011 70 21 00");
  await agent.keyboard.press("Tab");
  await agent.keyboard.type(caller);
  await agent.keyboard.press("Enter");
  const notice = agent.getByRole("status");
  await expect(notice).toContainText("Melding geregistreerd");
  const reference = (await notice.locator('a[href^="/staff/r/"]').textContent()).trim();
  expect(reference).toMatch(/^M-\d{4}-\d{6}$/);
  // The report tab leads back to the caller's contact, with what it produced.
  await expect(notice.getByRole("link", { name: "terug naar het contact" }))
    .toHaveAttribute("href", `/contact?reference=${reference}&outcome=report_made`);

  // A neighbour calls about the same dumping: the agent sees the open report nearby and adds
  // the caller as a follower instead of registering it twice.
  const neighbour = `buur-${Date.now()}@example.org`;
  await agent.goto("/intake");
  await intakeCategory(agent, "sluikstort", "illegal_dumping");
  await agent.locator("#intake-address").fill("Stationsstraat 3");
  await agent.locator("#intake-suggestions [role=option]").first().click();
  const follow = agent.getByRole("button", { name: `Beller volgt ${reference}` });
  await expect(follow).toBeVisible();
  await agent.locator('input[name="contact_email"]').fill(neighbour);
  await follow.focus();
  await agent.keyboard.press("Enter");
  await expect(agent.getByRole("status")).toContainText(`Beller volgt nu ${reference}`);

  // Found again by the caller's phone number, written differently.
  await agent.goto(`/search?q=${encodeURIComponent("+32 11 70 21 00")}`);
  await expect(agent.locator("table.reports")).toContainText(reference);

  // The coordinator assigns it to the crew's team with priority 1.
  const coordinator = await staffPage(browser, "coordinator@e2e.test", "e2e coordinator password", { width: 1280, height: 900 });
  await expect(coordinator).toHaveURL(/\/queue$/);
  await coordinator.getByRole("link", { name: reference }).click();
  // The page leads with the usual next steps for a new report; the rest is one click away, and
  // each note says whether it is e-mailed.
  await expect(coordinator.locator("form.act.next")).toHaveCount(2);
  await expect(coordinator.locator('form.act.next[data-action="accept"] .mail-hint')).toContainText(/gemaild \(melder en volgers: 2\)/);
  await expect(coordinator.locator('form[data-action="reject"]')).toBeHidden();
  await coordinator.getByText("Andere acties").click();
  await expect(coordinator.locator('form[data-action="reject"]')).toBeVisible();
  await expect(coordinator.locator('form[data-action="note"] .mail-hint')).toHaveText("Alleen voor medewerkers: nooit gemaild of publiek.");
  const assign = coordinator.locator('form[data-action="assign"]');
  await assign.getByLabel("Ploeg").selectOption({ label: "E2E ploeg" });
  await assign.getByLabel("Prioriteit").selectOption("1");
  await assign.getByRole("button", { name: "Toewijzen" }).click();
  await expect(coordinator.getByRole("status")).toContainText("Opgeslagen");
  await expect(coordinator.locator(".staff-report h1 .badge")).toHaveText("Ingepland");

  // The crew, on a portrait tablet.
  const tablet = await browser.newContext({ viewport: { width: 768, height: 1024 }, hasTouch: true, locale: "nl-BE" });
  const crew = await tablet.newPage();
  await crew.goto("/crew");
  await crew.getByLabel("E-mail").fill("crew@e2e.test");
  await crew.getByLabel("Wachtwoord").fill("e2e crew password");
  await crew.getByRole("button", { name: "Aanmelden" }).click();
  const item = crew.locator(".worklist li", { hasText: reference });
  await expect(item).toContainText("P1");
  // The card names the category; the compact Navigate button names its report for screen readers.
  await expect(item.getByRole("link", { name: `Navigeer ${reference}` })).toHaveAttribute("href", /^geo:/);
  await expect(crew.locator('[data-map="worklist"] .dot-marker')).toHaveCount(await crew.locator(".worklist li").count());
  await crew.screenshot({ path: test.info().outputPath("crew-portrait.png") });
  await item.getByRole("link", { name: new RegExp(`Sluikstort · ${reference}`) }).click();
  await crew.getByLabel("Opgelost").check();
  await crew.getByLabel("Notitie").fill("Sluikstort opgeruimd.");
  await crew.locator('input[name="photo"]').setInputFiles(PHOTO);
  await crew.getByRole("button", { name: "Opslaan" }).click();
  await expect(crew.getByRole("status")).toContainText("Opgeslagen");
  await expect(crew.locator(".photo-grid img")).toHaveCount(1);

  // The caller's mailbox: the receipt, then one message per status change, the last "Opgelost".
  await expect.poll(() => mails().filter((m) => m.includes(caller) && m.includes("Opgelost")).length, { timeout: 20_000 }).toBe(1);
  const done = mails().find((m) => m.includes(caller) && m.includes("Opgelost"));
  expect(done).toContain(reference);
  expect(done).toContain("Sluikstort opgeruimd.");
  expect(mails().filter((m) => m.includes(caller)).length).toBe(3); // received, assigned, done
  // The follower gets the same updates from the moment they follow.
  await expect.poll(() => mails().filter((m) => m.includes(neighbour) && m.includes("Opgelost")).length, { timeout: 20_000 }).toBe(1);
});

test("an admin keeps a standard reply; the coordinator picks it for the note and the reporter is mailed it", async ({ browser, request }) => {
  const title = `Ophaling gepland ${Date.now()}`;
  const text = "We halen het sluikstort deze week op.\nDank u voor uw melding.";
  const admin = await staffPage(browser, "admin@e2e.test", "e2e admin password", { width: 1280, height: 900 });
  await admin.goto("/admin#replies");
  const form = admin.locator('form[action="/admin/reply"]');
  await form.getByLabel("Categorie").selectOption("illegal_dumping");
  await form.getByLabel("Taal").selectOption("nl");
  await form.getByLabel("Titel").fill(title);
  await form.getByLabel("Tekst").fill(text);
  await form.getByRole("button", { name: "Antwoord toevoegen" }).click();
  await expect(admin.locator("table.replies")).toContainText(title);

  // A citizen's report, with an address for the mail.
  const email = `melder-${Date.now()}@example.org`;
  const made = await request.post("/api/v1/reports", {
    multipart: { report: JSON.stringify({ category: "illegal_dumping", lat: 50.8172, lon: 5.1851, description: "Zakken afval aan de glasbol", contact: { email, consent: true } }) },
  });
  expect(made.status(), await made.text()).toBe(201);
  const reference = (await made.json()).ref;

  const co = await staffPage(browser, "coordinator@e2e.test", "e2e coordinator password", { width: 1280, height: 900 });
  await co.goto(`/staff/r/${reference}`);
  const accept = co.locator('form.act.next[data-action="accept"]');
  await expect(accept.locator(".mail-hint")).toContainText("melder en volgers: 1");
  await accept.getByLabel("Standaardantwoord…").selectOption({ label: `NL · ${title}` });
  const note = accept.locator('textarea[name="note"]');
  await expect(note).toHaveValue(text);
  await expect(note).toBeFocused();
  await note.press("End");
  await note.type(" Groeten, de stad.");
  await accept.getByRole("button", { name: "Aanvaarden" }).click();
  await expect(co.getByRole("status")).toContainText("Opgeslagen");
  await expect.poll(() => mails().filter((m) => m.includes(email) && m.includes("Dank u voor uw melding.")).length, { timeout: 20_000 }).toBe(1);
  expect(mails().find((m) => m.includes(email) && m.includes("Dank u voor uw melding."))).toContain("Groeten, de stad.");
});
