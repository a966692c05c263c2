// The complaints register end to end: a citizen files a complaint on a phone (a refused
// attachment first: the message shows and nothing typed is lost), a complaints officer
// acknowledges it, decides it is admissible, records a verdict with an ombuds norm and sends
// the answer; the citizen's mailbox (the real SMTP server of the test command) has the
// acknowledgement and the answer with the Flemish Ombudsman's details.
const { test, expect, staffPage, mails } = require("./helpers");
const fs = require("fs");
const path = require("path");

const FIXTURES = path.join(__dirname, "..", "fixtures");

test("a citizen files a complaint on a phone and an officer handles it to the answer", async ({ browser }) => {
  test.setTimeout(90_000);
  const citizen = `klager-${Date.now()}@example.org`;
  const description = "De medewerker aan het loket weigerde mijn aanvraag voor een parkeerkaart zonder uitleg.";

  const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: "nl-BE" });
  const page = await phone.newPage();
  await page.goto("/complaint");
  await expect(page.getByRole("heading", { name: "Een klacht indienen" })).toBeVisible();
  await page.getByLabel("Wat is er gebeurd? *").fill(description);
  await page.getByLabel("Over welke dienst?").selectOption({ label: "Onthaal" });
  await page.getByLabel("Wat verwacht u van de stad?").fill("Een verklaring en een nieuwe afspraak.");
  await page.getByLabel("Naam *").fill("An Peeters");
  await page.getByLabel("E-mail", { exact: true }).fill(citizen);
  // The day is asked for in the page's words, whatever the browser's language, and a day
  // written otherwise is explained next to the field before anything is sent.
  const when = page.getByLabel("Wanneer?");
  await expect(when).toHaveAttribute("placeholder", "dd/mm/jjjj");
  await when.fill("gisteren");
  await page.getByRole("button", { name: "Klacht indienen" }).click();
  await expect(page.getByText("Geef een geldige datum, zoals 31/12/2026.")).toBeVisible();
  await expect(when).toHaveAttribute("aria-invalid", "true");
  const twoDaysAgo = new Date(Date.now() - 2 * 864e5);
  const pad = (/** @type {number} */ n) => String(n).padStart(2, "0");
  await when.fill(`${pad(twoDaysAgo.getDate())}/${pad(twoDaysAgo.getMonth() + 1)}/${twoDaysAgo.getFullYear()}`);
  await expect(when).not.toHaveAttribute("aria-invalid", "true");
  // A file that is no photo and no PDF is refused with a message; the form keeps everything.
  await page.locator('input[name="attachment"]').setInputFiles(path.join(FIXTURES, "not-an-image.jpg"));
  await page.getByRole("button", { name: "Klacht indienen" }).click();
  const error = page.locator("[data-form-error]");
  await expect(error).toBeVisible();
  await expect(error).toContainText("Niet verstuurd");
  await expect(page.getByLabel("Wat is er gebeurd? *")).toHaveValue(description);
  await expect(page.getByLabel("E-mail", { exact: true })).toHaveValue(citizen);
  // The form fits the phone's width.
  expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
  await page.locator('input[name="attachment"]').setInputFiles(path.join(FIXTURES, "letter.pdf"));
  await page.getByRole("button", { name: "Klacht indienen" }).click();
  await expect(page.getByRole("heading", { name: "Uw klacht is ontvangen" })).toBeVisible();
  const reference = (await page.locator("[data-complaint-ref]").textContent()).trim();
  expect(reference).toMatch(/^K-\d{4}-\d{6}$/);
  await page.screenshot({ path: test.info().outputPath("complaint-phone.png") });

  // The officer, on a desktop.
  const officer = await staffPage(browser, "klachten@e2e.test", "e2e complaints_officer password", { width: 1280, height: 900 });
  await expect(officer).toHaveURL(/\/complaints$/);
  const row = officer.locator(`tr[data-ref="${reference}"]`);
  await expect(row).toContainText("An Peeters");
  await expect(row.locator("[data-deadline]").first()).toContainText("d over");
  await row.getByRole("link", { name: reference }).click();
  await expect(officer.locator(".complaint-detail")).toContainText(description);
  await expect(officer.locator('[data-file="pdf"]')).toContainText("letter.pdf");

  // Each step reloads the page with the new status.
  const badge = officer.locator(".complaint-detail h1 .badge");
  // A step that writes to the complainant shows the letter first; "Aanpassen" goes back to the
  // form with nothing sent, "Versturen" sends it.
  await officer.getByRole("button", { name: "Ontvangst bevestigen" }).click();
  const letter = officer.getByRole("dialog", { name: "Zo leest de klager het" });
  await expect(letter).toBeVisible();
  await expect(letter.locator("[data-letter-to]")).toContainText(citizen);
  await expect(letter.locator("[data-letter-subject]")).toContainText(`Ontvangstbevestiging klacht ${reference}`);
  await expect(letter.locator("[data-letter-body]")).toContainText("An Peeters");
  await officer.screenshot({ path: test.info().outputPath("complaint-letter-preview.png") });
  await letter.getByRole("button", { name: "Aanpassen" }).click();
  await expect(letter).toBeHidden();
  await expect(badge).toHaveText("Ontvangen");
  await officer.getByRole("button", { name: "Ontvangst bevestigen" }).click();
  await letter.getByRole("button", { name: "Versturen" }).click();
  await expect(badge).toHaveText("Ontvangst bevestigd");
  await expect(officer.getByRole("status")).toContainText("Opgeslagen");
  await officer.getByRole("button", { name: "Ontvankelijk", exact: true }).click();
  await expect(badge).toHaveText("In onderzoek");
  const verdict = officer.locator('form[data-action="verdict"]');
  await verdict.getByLabel("Gegrond", { exact: true }).check();
  await verdict.getByLabel("Correcte bejegening").check();
  await verdict.getByRole("button", { name: "Oordeel bewaren" }).click();
  await expect(badge).toHaveText("Beoordeeld");
  await officer.getByLabel("Antwoord aan de klager").fill("Wij bieden onze verontschuldigingen aan. U krijgt een nieuwe afspraak aan het loket.");
  await officer.getByRole("button", { name: "Antwoord versturen" }).click();
  await expect(letter.locator("[data-letter-body]")).toContainText("U krijgt een nieuwe afspraak aan het loket.");
  await expect(letter.locator("[data-letter-body]")).toContainText("Vlaamse Ombudsdienst");
  await letter.getByRole("button", { name: "Versturen" }).click();
  await expect(badge).toHaveText("Beantwoord");
  await expect(officer.locator('[data-verdict="well_founded"]')).toBeVisible();
  await expect(officer.locator("table.history tbody tr")).toHaveCount(5);

  // The citizen's mailbox: the receipt, the acknowledgement and the answer.
  await expect.poll(() => mails().filter((m) => m.includes(citizen)).length, { timeout: 20_000 }).toBe(3);
  const theirs = mails().filter((m) => m.includes(citizen));
  const ack = theirs.find((m) => m.includes("Ontvangstbevestiging klacht"));
  expect(ack).toContain(reference);
  expect(ack).toContain("E2E-klachten");
  const answer = theirs.find((m) => m.includes("Antwoord op uw klacht"));
  expect(answer).toContain(reference);
  expect(answer).toContain("gegrond");
  expect(answer).toContain("Vlaamse Ombudsdienst");
});
