/**
 * Saves the stale contacts panel, the person view (on Nadia, then Theo's profile, then the meeting
 * prep of a meeting note) and the review queue, light and dark, to docs/screenshots/
 * (`npm run screenshots`).
 */
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { chromium } from "playwright-core";
import { CHROMIUM_ARGS, chromiumPath, ROOT, serve, TODAY } from "../tests/plugin/support.mjs";
import { buildDemo, DEMO_PAGE } from "./demo.mjs";

/** The person whose tasks are shown: the example vault's richest people note. */
const PERSON = "People/Nadia Farrow.md";
/** The profile shown: a person with projects, tasks both ways and Recent Context. */
const PROFILE = "People/Theo Marchetti.md";
/** The meeting whose prep is shown: it links several people. */
const MEETING = "Meetings/2026-11-12 - Acme renewal kickoff.md";
/** Tall enough that the whole stale list fits, so the screenshot is the panel as a user scrolls it. */
const VIEWPORT = { width: 1280, height: 1900 };

await buildDemo();
const out = join(ROOT, "docs/screenshots");
await mkdir(out, { recursive: true });
const { server, url } = await serve(0);
const browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS, headless: true });
try {
	for (const theme of ["light", "dark"]) {
		const page = await browser.newPage({ viewport: VIEWPORT, deviceScaleFactor: 1 });
		const errors = [];
		page.on("pageerror", (e) => errors.push(String(e)));
		page.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
		// The example vault's statuses are written for TODAY; a fixed clock keeps the pictures stable.
		await page.clock.setFixedTime(new Date(`${TODAY}T12:00:00`));
		await page.goto(`${url}${DEMO_PAGE}?theme=${theme}&person=${encodeURIComponent(PERSON)}`);
		await page.waitForFunction(() => window.demoReady === true, null, { timeout: 30_000 }).catch((e) => {
			throw new Error(`The demo page did not get ready: ${errors.join("; ") || e.message}`);
		});
		if (errors.length > 0) throw new Error(`The demo page failed: ${errors.join("; ")}`);
		await page.addStyleTag({ content: "#app.demo { height: auto; } #app.demo .workspace-split.mod-right-split { overflow: visible; }" });
		const stale = page.locator(".workspace-leaf", { has: page.locator(".rapport-stale-view") });
		const tasks = page.locator(".workspace-leaf", { has: page.locator(".rapport-person-view") });
		await stale.screenshot({ path: join(out, `stale-contacts-${theme}.png`) });
		await tasks.screenshot({ path: join(out, `person-tasks-${theme}.png`) });
		// The view follows the note opened: a people note's profile, a meeting note's prep.
		for (const [path, name] of [[PROFILE, "person-profile"], [MEETING, "meeting-prep"]]) {
			await page.evaluate(async (p) => {
				await window.harness.open(p);
				await window.harness.settle();
			}, path);
			await tasks.screenshot({ path: join(out, `${name}-${theme}.png`) });
		}
		// The review queue, as the command opens it.
		await page.evaluate(async () => {
			await window.harness.command("rapport:open-review-queue");
			await window.harness.settle();
		});
		const review = page.locator(".workspace-leaf", { has: page.locator(".rapport-review-view") });
		// The top of the queue: the whole list of 24 people is too long a picture to read.
		const rest = await page.addStyleTag({ content: ".rapport-review-view .rapport-review-person:nth-child(n+6) { display: none; }" });
		await review.screenshot({ path: join(out, `review-people-${theme}.png`) });
		await rest.evaluate((el) => el.remove());
		await page.evaluate(async (p) => {
			await window.harness.open(p);
			await window.harness.settle();
		}, PERSON);
		await page.setViewportSize({ width: 1280, height: 800 });
		await page.addStyleTag({ content: "#app.demo { height: 100vh; } #app.demo .workspace-split.mod-right-split { overflow: auto; }" });
		await page.screenshot({ path: join(out, `demo-${theme}.png`) });
		await page.close();
		console.log(`Saved docs/screenshots/{stale-contacts,person-tasks,person-profile,meeting-prep,review-people,demo}-${theme}.png`);
	}
} finally {
	await browser.close();
	await new Promise((r) => server.close(r));
}
