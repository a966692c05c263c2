// A crew's shift without network: prepare the work package, make 20 changes with after-photos
// offline, and everything arrives exactly once when the network returns. Two crews changing
// one report offline: nothing is lost, the report is flagged for the coordinator.
const { test, expect, staffPage } = require("./helpers");
const path = require("path");
const { staffApi, intake, act, staffReport, controlled, crewLogin } = require("./helpers");

const PHOTO = path.join(__dirname, "..", "fixtures", "small-gps.jpg");
const TABLET = { viewport: { width: 1024, height: 768 }, hasTouch: true, locale: "nl-BE" };

async function assignedReports(n, label) {
  const agent = await staffApi("agent@e2e.test", "e2e agent password");
  const coordinator = await staffApi("coordinator@e2e.test", "e2e coordinator password");
  // The crews' team, as the crew's own account tells it.
  const crew = await staffApi("crew@e2e.test", "e2e crew password");
  const [team_id] = (await (await crew.get("/api/v1/staff/me")).json()).teams;
  expect(team_id, "crew@e2e.test is in a team").toBeDefined();
  const refs = [];
  for (let i = 0; i < n; i++) {
    const ref = await intake(agent, `${label} nr ${i}`, 50.812 + i * 0.0007, 5.183 + i * 0.0009);
    await act(coordinator, ref, { action: "assign", team_id, priority: 1 });
    refs.push(ref);
  }
  return { refs, coordinator };
}

async function tabletReady(browser, email) {
  const tablet = await browser.newContext(TABLET);
  const page = await tablet.newPage();
  await crewLogin(page, email, "e2e crew password");
  await controlled(page);
  await page.getByRole("button", { name: "Klaarmaken voor offline" }).click();
  await expect(page.locator("[data-prepare-status]")).toContainText("Klaar voor offline", { timeout: 90_000 });
  await expect(page.locator("[data-package-age]")).toContainText("Offline pakket van");
  return { tablet, page };
}

async function change(page, ref, status, note, photo) {
  const form = page.locator('form[data-offline="status"]');
  await form.locator(`input[name="status"][value="${status}"]`).check();
  await form.locator('textarea[name="note"]').fill(note);
  if (photo) await form.locator('input[type="file"]').setInputFiles(photo);
  const before = await page.locator(`[data-pending-for="${ref}"] li`).count();
  await form.getByRole("button", { name: "Opslaan" }).click();
  await expect(page.locator(`[data-pending-for="${ref}"] li`)).toHaveCount(before + 1);
}

test("a crew works a whole shift offline: 20 changes arrive once, with their photos", async ({ browser }) => {
  test.setTimeout(180_000);
  const { refs, coordinator } = await assignedReports(10, `Offline shift ${Date.now()}`);
  const { tablet, page } = await tabletReady(browser, "crew@e2e.test");

  await tablet.setOffline(true);
  // Really without network: a page that was not prepared is not there.
  await page.goto("/search");
  await expect(page.locator("body")).toContainText("niet bewaard op je toestel");
  for (const [i, ref] of refs.entries()) {
    await page.goto(`/crew/r/${ref}`);
    await expect(page.locator("h1, h2").first()).toBeVisible();
    await change(page, ref, "in_progress", `Begonnen aan ${ref}`);
    await change(page, ref, "done", `Klaar met ${ref}`, i % 2 === 0 ? PHOTO : null);
  }
  await expect(page.locator("[data-sync-status]")).toContainText("20 wijzigingen wachten");
  await page.goto("/crew");
  await expect(page.locator("[data-sync-status]").first()).toContainText("20 wijzigingen wachten");

  await tablet.setOffline(false);
  await expect(page.locator("[data-sync-status]").first()).toContainText("Alles verstuurd", { timeout: 90_000 });
  for (const [i, ref] of refs.entries()) {
    const r = await staffReport(coordinator, ref);
    expect(r.status, ref).toBe("done");
    const statuses = r.history.filter((h) => h.kind === "status").map((h) => [h.status, h.note]);
    expect(statuses, ref).toEqual([["in_progress", `Begonnen aan ${ref}`], ["done", `Klaar met ${ref}`]]);
    expect(r.photos.length, ref).toBe(i % 2 === 0 ? 1 : 0);
    expect(r.conflict_at, ref).toBeNull();
  }
  await tablet.close();
});

test("two crews change one report offline: both changes kept, the coordinator resolves", async ({ browser }) => {
  test.setTimeout(180_000);
  const { refs: [ref], coordinator } = await assignedReports(1, `Botsing ${Date.now()}`);
  const a = await tabletReady(browser, "crew@e2e.test");
  const b = await tabletReady(browser, "crew2@e2e.test");
  await a.tablet.setOffline(true);
  await b.tablet.setOffline(true);
  await a.page.goto(`/crew/r/${ref}`);
  await change(a.page, ref, "done", "Ploeg A heeft het hersteld");
  await b.page.goto(`/crew/r/${ref}`);
  await change(b.page, ref, "in_progress", "Ploeg B begint eraan");

  await a.tablet.setOffline(false);
  await expect(a.page).toHaveURL(/saved=1|\/crew\/r\//, { timeout: 60_000 });
  await expect.poll(async () => (await staffReport(coordinator, ref)).status, { timeout: 60_000 }).toBe("done");
  await b.tablet.setOffline(false);
  const conflict = b.page.locator(`[data-pending-for="${ref}"] li[data-state="conflict"]`);
  await expect(conflict).toContainText("Botsing", { timeout: 60_000 });

  const r = await staffReport(coordinator, ref);
  expect(r.status).toBe("done");
  expect(r.conflict_at).not.toBeNull();
  const notes = r.history.map((h) => h.note || h.internal_note || "");
  expect(notes.some((n) => n.includes("Ploeg A heeft het hersteld"))).toBe(true);
  expect(notes.some((n) => n.includes("Ploeg B begint eraan"))).toBe(true);

  // The coordinator sees the flag and resolves it.
  const co = await staffPage(browser, "coordinator@e2e.test", "e2e coordinator password", { width: 1280, height: 900 });
  await co.goto(`/staff/r/${ref}`);
  await expect(co.getByTestId("conflict")).toBeVisible();
  await expect(co.locator(".staff-report")).toContainText("Offline wijziging in conflict");
  const resolve = co.locator('form[data-action="resolve_conflict"]');
  await resolve.locator('input[name="note"]').fill("Ploeg A was eerst");
  await resolve.getByRole("button").click();
  await expect(co.getByTestId("conflict")).toHaveCount(0);
  expect((await staffReport(coordinator, ref)).conflict_at).toBeNull();

  // Signing out with a change still waiting warns first; signing out removes the tablet's data.
  await b.page.goto("/crew");
  await b.tablet.setOffline(true);
  await b.page.evaluate(() => window.MeldpuntOutbox.queueChange(document.querySelector("[data-user]").dataset.user,
    { type: "action", ref: "M-1999-000001", action: { action: "field_note", note: "nog niet verstuurd" } }, 1, []));
  let warned = null;
  b.page.once("dialog", (d) => { warned = d.message(); d.dismiss(); });
  await b.page.locator("nav.staffbar").getByRole("button", { name: "Afmelden" }).click();
  await expect.poll(() => warned).toContain("nog niet verstuurd");
  expect(warned).toMatch(/^1 /);
  await expect(b.page).toHaveURL(/\/crew/);
  await b.tablet.setOffline(false);
  b.page.once("dialog", (d) => d.accept());
  await b.page.locator("nav.staffbar").getByRole("button", { name: "Afmelden" }).click();
  await expect(b.page).toHaveURL(/\/login/);
  const left = await b.page.evaluate(async () => ({
    changes: (await window.MeldpuntOutbox.listChanges()).length,
    caches: (await caches.keys()).filter((k) => k.startsWith("meldpunt-crew-")),
  }));
  expect(left).toEqual({ changes: 0, caches: [] });
  await Promise.all([a.tablet.close(), b.tablet.close(), co.context().close()]);
});
