/** The demo page (`npm run demo`) works: it opens on the example vault, edits save, commands run. */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { chromium } from "playwright-core";
import { buildDemo, DEMO_PAGE } from "../../scripts/demo.mjs";
import { CHROMIUM_ARGS, chromiumPath, serve, TODAY } from "./support.mjs";

let browser;
let served;

before(async () => {
	await buildDemo();
	served = await serve(0);
	browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS, headless: true });
});

after(async () => {
	await browser?.close();
	if (served) await new Promise((r) => served.server.close(r));
});

test("the demo opens on the example vault; typing saves the note and the panel follows; commands run", async () => {
	const page = await browser.newPage();
	const errors = [];
	page.on("pageerror", (e) => errors.push(String(e)));
	await page.clock.setFixedTime(new Date(`${TODAY}T12:00:00`));
	await page.goto(`${served.url}${DEMO_PAGE}`);
	await page.waitForFunction(() => window.demoReady === true, null, { timeout: 30_000 });
	assert.ok((await page.locator(".rapport-stale-view .rapport-contact").count()) > 0, "the panel lists the example vault's people");
	assert.ok((await page.locator(".rapport-person-view .rapport-task").count()) > 0, "the person tasks view is open");

	await page.click('.demo-file[data-path="People/Gideon Aske.md"]');
	const editor = page.locator(".demo-editor-text");
	const text = await editor.inputValue();
	assert.match(text, /last_contact: '2024-06-14'/);
	await editor.fill(text.replace("2024-06-14", TODAY));
	await page.waitForFunction(
		() => document.querySelector('.rapport-contact[data-path="People/Gideon Aske.md"]')?.closest(".rapport-group")?.dataset.status === "ok",
		null,
		{ timeout: 10_000 },
	);

	// A command button, and the editor showing the plugin's own write at once.
	await page.click('.demo-file[data-path="People/Omar Castellane.md"]');
	await page.click('button[data-command="rapport:mark-contacted-today"]');
	await page.waitForFunction((today) => document.querySelector(".demo-editor-text")?.value.includes(`last_contact: ${today}`), TODAY, { timeout: 10_000 });
	assert.deepEqual(errors, []);
	await page.close();
});
