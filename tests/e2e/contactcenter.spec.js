// The ContactCenter from the agent's desk, by keyboard only, on a tablet-sized screen in
// Dutch: F2 opens the contact screen, the topic is typed, the caller's details too; Ctrl+K
// finds the "strafregister" article by typing "strafblad"; B books its appointment for the
// caller and Enter takes the first free time; Ctrl+Enter saves the contact with its duration.
// The contact then shows in the caller's history with the appointment, and the supervisor's
// figures count one contact more.
const { test, expect } = require("./helpers");

async function signIn(page, email, password) {
  await page.goto("/login");
  await page.getByLabel("E-mail").fill(email);
  await page.getByLabel("Wachtwoord").fill(password);
  await page.getByRole("button", { name: "Aanmelden" }).click();
  await expect(page.locator(".staffbar")).toBeVisible();
}

async function contactsCounted(page) {
  await page.goto("/contactcenter");
  return Number(await page.locator("[data-contacts]").first().getAttribute("data-contacts"));
}

test("an agent takes a call by keyboard only and the supervisor sees the figures move", async ({ browser }) => {
  test.setTimeout(90_000);
  const tablet = { viewport: { width: 1024, height: 768 }, locale: "nl-BE" };
  const supervisorContext = await browser.newContext(tablet);
  const supervisor = await supervisorContext.newPage();
  await signIn(supervisor, "planner@e2e.test", "e2e planner password");
  const before = await contactsCounted(supervisor);

  const desk = await browser.newContext(tablet);
  const page = await desk.newPage();
  await signIn(page, "agent@e2e.test", "e2e agent password");
  await page.goto("/intake");
  // F2, from any staff page: the contact screen, ready to type the topic.
  await page.keyboard.press("F2");
  await expect(page.getByRole("heading", { name: "Klantcontact registreren" })).toBeVisible();
  const topic = page.locator("[data-topic-input]");
  await expect(topic).toBeFocused();
  await page.keyboard.type("strafreg");
  await page.keyboard.press("Tab");
  await expect(topic).toHaveValue("Attest › Uittreksel strafregister");
  // Past the channel (telephone is chosen) to the caller.
  await page.keyboard.press("Tab");
  await page.keyboard.type("Jan Peeters");
  await page.keyboard.press("Tab");
  await page.keyboard.type("011 70 17 00");

  // The knowledge base, while the caller talks.
  await page.keyboard.press("Control+K");
  await expect(page.locator("[data-kb-search]")).toBeFocused();
  await page.keyboard.type("strafblad");
  const hit = page.getByRole("option", { name: /Uittreksel uit het strafregister/ });
  await expect(hit).toHaveAttribute("aria-selected", "true");
  await page.keyboard.press("Enter");
  await expect(page.locator("[data-kb-article]")).toBeFocused();
  await expect(page.locator("[data-kb-title]")).toHaveText("Uittreksel uit het strafregister");
  await page.keyboard.press("b");
  const firstTime = page.locator("[data-kb-slot-list] button").first();
  await expect(firstTime).toBeFocused();
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("ArrowUp");
  await expect(firstTime).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page.locator("[data-kb-status]")).toContainText("Afspraak geboekt: A-");
  const reference = await page.locator('input[name="reference"]').inputValue();
  expect(reference).toMatch(/^A-\d{6}$/);
  await expect(page.locator('input[name="outcome"][value="appointment_booked"]')).toBeChecked();
  await expect(page.locator("[data-contact-save]")).toBeFocused();
  await page.screenshot({ path: test.info().outputPath("agent-contact-screen.png") });

  // Saved with Ctrl+Enter: the screen is ready for the next caller.
  await page.keyboard.press("Control+Enter");
  await expect(page.locator("[data-contact-status]")).toHaveText("Contact bewaard. Het volgende kan beginnen.");
  await expect(topic).toBeFocused();
  await expect(topic).toHaveValue("");
  await expect(page.locator('input[name="reference"]')).toHaveValue("");

  // The caller's history: the contact with its duration and the appointment it produced.
  await page.goto("/contact?phone=%2B32%2011%2070%2017%2000");
  const contact = page.locator("li[data-contact]").filter({ hasText: reference });
  await expect(contact).toContainText("Afspraak geboekt");
  await expect(contact).toContainText(/· \d+:\d{2} ·/);
  await expect(page.locator(`li[data-trail="${reference}"]`)).toContainText("Burgerzaken · Uittreksel uit het strafregister");

  // The supervisor's figures count it.
  expect(await contactsCounted(supervisor)).toBe(before + 1);
});
