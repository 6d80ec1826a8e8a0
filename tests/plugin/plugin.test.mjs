/** The built plugin (dist/main.js) in headless Chromium against the Obsidian API harness. */
import { beforeEach, describe, test } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { cliBinary, evaluate, h, ROOT, rows, settle, start, TODAY, until, useHarness, vault } from "./support.mjs";

useHarness();



/** Lines that differ between two texts of the same length in lines. */
function changedLines(before, after) {
	const a = before.split("\n");
	const b = after.split("\n");
	assert.equal(a.length, b.length, "same number of lines");
	return a.map((line, i) => [i + 1, line, b[i]]).filter(([, x, y]) => x !== y);
}

describe("the built plugin", () => {
	beforeEach(() => {
		h.errors.length = 0;
	});

	test("loads without blocking: the core and the index come after onload", async (t) => {
		const result = await start(vault, { waitForIndex: false });
		assert.equal(result.readyAtOnloadEnd, false, "onload returned before the index was built");
		await evaluate(() => window.harness.ready());
		const run = await evaluate(() => window.harness.plugin.indexer.lastRun);
		assert.equal(run.notes, 49, "markdown notes only (the .txt attachment is not indexed)");
		t.diagnostic(`onload ${result.onloadMs.toFixed(2)} ms; example vault indexed in ${run.ms.toFixed(1)} ms`);
		assert.deepEqual(h.errors, []);
	});

	test("the stale contacts panel lists people in the core's order, as the CLI does", async () => {
		await start();
		assert.ok(await evaluate(() => window.harness.command("rapport:open-stale-contacts")));
		await settle();
		const shown = await rows();
		const core = await evaluate((today) => window.harness.plugin.core.run((i) => i.stale(today), []), TODAY);
		assert.equal(shown.length, 29);
		assert.deepEqual(shown.map((r) => r.path), core.map((c) => c.path));
		assert.deepEqual(shown.map((r) => r.status), core.map((c) => c.status));
		const cli = await cliBinary();
		if (cli) {
			const { stdout } = await promisify(execFile)(cli, ["stale", "examples/vault", "--today", TODAY, "--format", "json"], { cwd: ROOT });
			assert.deepEqual(shown.map((r) => r.path), JSON.parse(stdout).contacts.map((c) => c.path), "the plugin and the CLI agree");
		}
		assert.equal(shown[0].name, "Gideon Aske");
		assert.deepEqual([shown[0].days, shown[0].cadence, shown[0].tasks], ["895 days ago", "every 90 days", "2 open tasks"]);
		assert.equal(shown.at(-1).status, "paused");
		const groups = await evaluate(() => [...document.querySelectorAll(".rapport-group-header")].map((g) => g.textContent));
		assert.deepEqual(groups, ["Stale3", "Overdue2", "Due2", "Never contacted8", "Up to date12", "Snoozed1", "Paused1"]);
		const nadia = shown.find((r) => r.name === "Nadia Farrow");
		assert.equal(nadia.company, core.find((c) => c.name === "Nadia Farrow").company);
	});

	test("the filter narrows by name, company and tag, with an empty state", async () => {
		await start();
		await evaluate(() => window.harness.command("rapport:open-stale-contacts"));
		await settle();
		const filter = async (q) => {
			await h.page.fill(".rapport-filter", q);
			return rows();
		};
		assert.deepEqual((await filter("theo")).map((r) => r.name), ["Theo Marchetti"]);
		const acme = await filter("company/acme");
		assert.ok(acme.length >= 2 && acme.every((r) => r.name), "tag filter");
		assert.equal((await filter("zzz-nobody")).length, 0);
		assert.match(await h.page.textContent(".rapport-stale-view"), /Nobody matches/);
		assert.equal((await filter("")).length, 29);
	});

	test("editing, renaming, creating and deleting notes updates the panel", async () => {
		await start();
		await evaluate(() => window.harness.command("rapport:open-stale-contacts"));
		const gideon = "People/Gideon Aske.md";
		const text = vault[gideon].replace("last_contact: '2024-06-14'", "last_contact: '2026-11-25'");
		assert.notEqual(text, vault[gideon]);
		await evaluate(([p, t]) => window.harness.modify(p, t), [gideon, text]);
		await settle();
		assert.equal((await rows()).find((r) => r.path === gideon).status, "ok");
		await evaluate(() => window.harness.rename("People/Nadia Farrow.md", "People/Nadia Farrow-Reyes.md"));
		await settle();
		const names = (await rows()).map((r) => r.name);
		assert.ok(names.includes("Nadia Farrow-Reyes") && !names.includes("Nadia Farrow"));
		await evaluate(() => window.harness.remove("People/Rosalind Achterberg.md"));
		await evaluate(() => window.harness.create("People/Quinn Harlow.md", "---\ntype: people\ntitle: Quinn Harlow\n---\n"));
		await settle();
		const after = await rows();
		assert.ok(!after.some((r) => r.name === "Rosalind Achterberg"));
		assert.equal(after.find((r) => r.name === "Quinn Harlow").status, "never");
	});

	test("a note renamed out of an excluded folder, or before it was read, is indexed under its new name", async () => {
		const person = (name) => `---\ntype: people\ntitle: ${name}\nlast_contact: 2026-11-20\n---\n`;
		await start({ ...vault, "Archive/Orla Wynd.md": person("Orla Wynd") }, { data: { excludedFolders: ["Archive"] } });
		await evaluate(() => window.harness.command("rapport:open-stale-contacts"));
		await settle();
		const names = async () => (await rows()).map((r) => r.name);
		assert.ok(!(await names()).includes("Orla Wynd"), "excluded while in Archive/");
		await evaluate(() => window.harness.rename("Archive/Orla Wynd.md", "People/Orla Wynd.md"));
		await settle();
		assert.equal((await rows()).find((r) => r.name === "Orla Wynd")?.path, "People/Orla Wynd.md");
		// Created and renamed in one go: the rename comes before the index has read the note.
		await evaluate(async (text) => {
			await window.harness.create("People/Untitled.md", text);
			await window.harness.rename("People/Untitled.md", "People/Ines Marlow.md");
		}, person("Ines Marlow"));
		await settle();
		assert.equal((await rows()).find((r) => r.name === "Ines Marlow")?.path, "People/Ines Marlow.md");
		// Moved into the excluded folder, a person leaves the panel.
		await evaluate(() => window.harness.rename("People/Orla Wynd.md", "Archive/Orla Wynd.md"));
		await settle();
		assert.ok(!(await names()).includes("Orla Wynd"));
		assert.deepEqual(h.errors, []);
	});

	test("mark contacted and snooze write exactly one key, byte for byte (also CRLF and BOM)", async () => {
		const crlf = "\ufeff---\r\ntype: people\r\ntitle: Wren Calloway\r\nlast_contact: 2026-01-02 # met at the summit\r\ntags:\r\n  - type/people\r\n---\r\nBody with trailing spaces   \r\n";
		await start({ ...vault, "People/Wren Calloway.md": crlf });
		await evaluate(() => window.harness.command("rapport:open-stale-contacts"));
		await settle();
		const priya = "People/Priya Venkataraman.md";
		await evaluate((p) => window.harness.clickInRow(p, ".rapport-contacted"), priya);
		await settle();
		assert.equal(await evaluate((p) => window.harness.text(p), priya), vault[priya].replace("last_contact: '2026-11-04'", `last_contact: '${TODAY}'`));

		await evaluate(() => window.harness.clickInRow("People/Wren Calloway.md", ".rapport-contacted"));
		await settle();
		assert.equal(await evaluate(() => window.harness.text("People/Wren Calloway.md")), crlf.replace("2026-01-02", TODAY));

		const theo = "People/Theo Marchetti.md";
		await evaluate((p) => window.harness.clickInRow(p, ".rapport-snooze"), theo);
		await h.page.click(".rapport-snooze-modal button:text('One week')");
		await settle();
		const snoozed = await evaluate((p) => window.harness.text(p), theo);
		const fence = vault[theo].indexOf("\n---\n") + 1;
		assert.equal(snoozed, vault[theo].slice(0, fence) + "snooze_until: 2026-12-03\n" + vault[theo].slice(fence));
		assert.equal((await rows()).find((r) => r.path === theo).status, "snoozed");
	});

	test("completing a task from the person tasks view writes exactly that line", async () => {
		await start();
		await evaluate(() => window.harness.plugin.showPersonTasks("People/Nadia Farrow.md"));
		await settle();
		const meeting = "Meetings/2026-11-12 - Acme renewal kickoff.md";
		const sel = `.rapport-person-view .rapport-task[data-path="${meeting}"][data-line="20"] input`;
		await h.page.click(sel);
		await settle();
		const after = await evaluate((p) => window.harness.text(p), meeting);
		const changed = changedLines(vault[meeting], after);
		assert.equal(changed.length, 1);
		assert.equal(changed[0][0], 20);
		assert.equal(changed[0][2], changed[0][1].replace("- [ ]", "- [x]") + ` ✅ ${TODAY}`);
		assert.equal(await h.page.locator(sel).count(), 0, "the done task leaves the list");
	});

	test("every command id is registered and works", async () => {
		await start();
		const ids = await evaluate(() => window.harness.commandIds());
		assert.deepEqual(ids, [
			"rapport:fix-current-note",
			"rapport:log-interaction",
			"rapport:mark-contacted-today",
			"rapport:mark-reviewed",
			"rapport:merge-person",
			"rapport:migrate-dataview-blocks",
			"rapport:open-review-queue",
			"rapport:open-stale-contacts",
			"rapport:rebuild-index",
			"rapport:show-person-tasks",
			"rapport:snooze-contact",
			"rapport:validate-current-note",
			"rapport:validate-vault",
		]);
		const kofi = "People/Kofi Boateng.md";
		await evaluate((p) => window.harness.open(p), kofi);
		assert.ok(await evaluate(() => window.harness.command("rapport:validate-current-note")));
		assert.match(await h.page.textContent(".rapport-diagnostics-modal"), /unquoted-wikilink/);
		await h.page.evaluate(() => document.querySelector(".modal-container")?.remove());
		assert.ok(await evaluate(() => window.harness.command("rapport:fix-current-note")));
		await settle();
		assert.match(await evaluate((p) => window.harness.text(p), kofi), /company: "\[\[Acme Robotics\]\]"/);
		assert.ok(await evaluate(() => window.harness.command("rapport:mark-contacted-today")));
		await settle();
		assert.match(await evaluate((p) => window.harness.text(p), kofi), new RegExp(`last_contact: '${TODAY}'`));
		assert.ok(await evaluate(() => window.harness.command("rapport:mark-reviewed")));
		await settle();
		assert.doesNotMatch(await evaluate((p) => window.harness.text(p), kofi), /needs-review/);
		assert.ok(await evaluate(() => window.harness.command("rapport:snooze-contact")));
		await h.page.click(".rapport-snooze-modal button:text('One month')");
		await settle();
		assert.match(await evaluate((p) => window.harness.text(p), kofi), /snooze_until: '2026-12-26'/);
		// The merge opens its picker on a people note (tests/plugin/merge.test.mjs runs it through).
		assert.ok(await evaluate(() => window.harness.command("rapport:merge-person")));
		await h.page.waitForSelector(".prompt-input");
		await h.page.evaluate(() => document.querySelector(".modal-container")?.remove());
		assert.ok(await evaluate(() => window.harness.command("rapport:open-stale-contacts")));
		assert.ok(await evaluate(() => window.harness.command("rapport:show-person-tasks")));
		await settle();
		assert.equal(await h.page.textContent(".rapport-person-view .rapport-person-name"), "Kofi Boateng");
		assert.ok(await evaluate(() => window.harness.command("rapport:validate-vault")));
		assert.ok((await h.page.locator(".rapport-report-file").count()) >= 10);
		await h.page.evaluate(() => document.querySelector(".modal-container")?.remove());
		assert.ok(await evaluate(() => window.harness.command("rapport:rebuild-index")));
		await evaluate(() => window.harness.ready());
		assert.ok((await evaluate(() => window.harness.notices)).some((n) => /indexed 49 notes/.test(n)));
		// Person commands are unavailable where they make no sense.
		await evaluate(() => window.harness.open("Daily/2026-11-20.md"));
		assert.equal(await evaluate(() => window.harness.command("rapport:mark-contacted-today")), false);
	});

	test("validation: status bar count, diagnostics with line links, and Fix", async () => {
		await start();
		const omar = "People/Omar Castellane.md";
		await evaluate((p) => window.harness.open(p), omar);
		await settle();
		assert.equal(await h.page.textContent(".rapport-status-bar"), "Rapport: 1 problem");
		await h.page.click(".rapport-status-bar");
		const row = h.page.locator(".rapport-diagnostics-modal .rapport-diagnostic");
		assert.equal(await row.count(), 1);
		assert.equal(await row.getAttribute("data-code"), "non-iso-date");
		assert.match(await row.locator(".rapport-diagnostic-line").textContent(), /Line 5/);
		await row.locator(".rapport-fix").click();
		await settle();
		const fixed = await evaluate((p) => window.harness.text(p), omar);
		assert.deepEqual(changedLines(vault[omar], fixed).map(([n, , b]) => [n, b]), [[5, "last_contact: 2025-10-31"]]);
		assert.match(await h.page.textContent(".rapport-diagnostics-modal"), /No problems/);
		assert.ok(await evaluate(() => document.querySelector(".rapport-status-bar").classList.contains("rapport-hidden")));
		// The line link opens the note at that line.
		await h.page.evaluate(() => document.querySelector(".modal-container")?.remove());
		await evaluate(() => window.harness.open("People/Mirela Stan.md"));
		await evaluate(() => window.harness.command("rapport:validate-current-note"));
		await h.page.click(".rapport-diagnostics-modal .rapport-diagnostic-line");
		// Opening a file is asynchronous, in Obsidian as in the harness: wait for it.
		await until(() => window.harness.app.workspace.mainLeaf.eState !== null, "the note opened");
		assert.deepEqual(await evaluate(() => window.harness.app.workspace.mainLeaf.eState), { line: 6 });
	});

	test("code blocks show tasks, owned tasks and the contact, and stay live", async () => {
		await start();
		const nadia = "People/Nadia Farrow.md";
		const text = async (source) => evaluate(([s, p]) => window.harness.renderBlock(s, p).textContent, [source, nadia]);
		assert.match(await text("tasks"), /Open tasks \(2\)/);
		assert.match(await text("owned"), /Tasks they own \(2\)/);
		assert.match(await text("contact"), /Up to date/);
		assert.match(await text("bogus"), /first line of this block/);
		await evaluate(([s, p]) => {
			window.block = window.harness.renderBlock(s, p);
		}, ["tasks", nadia]);
		await evaluate(() => window.harness.create("Daily/2026-11-27.md", "- [ ] Call [[Nadia Farrow]] 📅 2026-11-28\n"));
		await settle();
		assert.match(await evaluate(() => window.block.textContent), /Open tasks \(3\)/);
	});

	test("names and task text with HTML or script are shown as text, never run", async () => {
		const evil = "People/<img src=x onerror=window.__pwned=1>.md";
		await start({
			[evil]: "---\ntype: people\ntitle: '<script>window.__pwned=3</script>'\ncadence: weekly\n---\n",
			"Daily/2026-11-25.md": "- [ ] <script>window.__pwned=2</script> ask [[<img src=x onerror=window.__pwned=1>]] <b>now</b> 📅 2026-11-30\n",
		});
		await evaluate(() => window.harness.command("rapport:open-stale-contacts"));
		await evaluate((p) => window.harness.plugin.showPersonTasks(p), evil);
		await evaluate((p) => window.harness.open(p), evil);
		await evaluate(() => window.harness.command("rapport:validate-vault"));
		await settle();
		const injected = await evaluate(() => document.querySelectorAll("#app img, #app script, #app b, .modal img, .modal script, .modal b").length);
		assert.equal(injected, 0);
		assert.equal(await evaluate(() => window.__pwned), undefined);
		assert.equal((await rows())[0].name, "<img src=x onerror=window.__pwned=1>");
		assert.match(await h.page.textContent(".rapport-person-view"), /<script>window.__pwned=2<\/script>/);
		assert.match(await h.page.textContent(".rapport-report-modal"), /<script>window.__pwned=3<\/script>/);
	});

	test("a trap in the core restarts it with one notice, and Rapport keeps working", async () => {
		await start();
		await evaluate(() => window.harness.command("rapport:open-stale-contacts"));
		await settle();
		const before = await rows();
		// Corrupt the index handle: the next call reads far outside wasm memory and traps.
		await evaluate(() => {
			window.harness.plugin.core.index.__wbg_ptr = 0xfffffff0;
		});
		await evaluate(() => window.harness.plugin.events.triggerIndexChanged());
		await evaluate(() => window.harness.plugin.core.settled());
		await evaluate(() => window.harness.ready());
		assert.equal(await evaluate(() => window.harness.plugin.core.restarts), 1);
		const trapNotices = (await evaluate(() => window.harness.notices)).filter((n) => /internal error/.test(n));
		assert.equal(trapNotices.length, 1);
		assert.deepEqual(await rows(), before);
		await evaluate(() => window.harness.open("People/Gideon Aske.md"));
		assert.ok(await evaluate(() => window.harness.command("rapport:mark-contacted-today")));
		await settle();
		assert.equal((await rows()).find((r) => r.path === "People/Gideon Aske.md").status, "ok");
	});

	test("settings: schema checked as typed, reset, and changes reconfigure the core", async () => {
		await start();
		await evaluate(() => window.harness.showSettings());
		const area = h.page.locator(".rapport-schema-input");
		await area.fill("types:\n  people:\n    fields:\n      title:\n        type: txet\n");
		assert.match(await h.page.textContent(".rapport-schema-status"), /Line 5: .*txet/);
		await h.page.click("button:text('Reset to built-in')");
		assert.equal(await area.inputValue(), await evaluate(() => window.harness.plugin.core.defaultSchema()));
		assert.match(await h.page.textContent(".rapport-schema-status"), /valid/);
		const cadence = h.page.locator(".setting-item", { hasText: "Default cadence" }).locator("input");
		await cadence.fill("weekly");
		await settle();
		assert.equal(await evaluate(() => window.harness.plugin.core.run((i) => i.config().defaultCadence, "")), "weekly");
		assert.equal(await evaluate(() => window.harness.plugin.data.defaultCadence), "weekly", "saved");
		await cadence.fill("often");
		assert.match(await h.page.locator(".setting-item", { hasText: "Default cadence" }).locator(".rapport-error").textContent(), /defaultCadence/, "said at the field");
		assert.equal(await evaluate(() => window.harness.plugin.core.run((i) => i.config().defaultCadence, "")), "weekly", "an invalid value is not applied");
	});

	test("unload leaves no listeners, views or DOM behind", async () => {
		await start();
		await evaluate(() => window.harness.command("rapport:open-stale-contacts"));
		await evaluate(() => window.harness.plugin.showPersonTasks("People/Nadia Farrow.md"));
		await evaluate(() => window.harness.open("People/Omar Castellane.md"));
		await settle();
		assert.ok((await evaluate(() => document.querySelectorAll("[class*='rapport']").length)) > 10);
		const left = await evaluate(() => window.harness.unload());
		assert.deepEqual(left, { elements: 0, domListeners: 0, vaultListeners: 0, workspaceListeners: 0, views: 0, leaves: 2 }, "its two leaves are kept, as Obsidian keeps them");
		assert.deepEqual(h.errors, []);
	});
});
