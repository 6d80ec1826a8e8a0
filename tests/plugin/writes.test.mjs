/**
 * Writes, byte for byte, on notes as they come (CRLF, BOM, quotes, comments, missing keys, a note
 * changed since the panel was drawn), plus a large vault, every settings field, and a trap mid-write.
 * Small inline vaults keep each expectation exact.
 */
import { beforeEach, describe, test } from "node:test";
import assert from "node:assert/strict";
import { evaluate, h, notices, readVault, settle, TODAY, useHarness } from "./support.mjs";

useHarness();

const text = (path) => evaluate((p) => window.harness.text(p), path);
const writes = () => evaluate(() => window.harness.app.vault.writes.length);

async function start(files, options = {}) {
	await h.page.reload();
	return evaluate(([f, o]) => window.harness.start(f, o), [files, options]);
}

/**
 * The lines of `after` that differ from `before`, as one replaced region: lines are split on "\n"
 * only, so a CR stays part of its line and a changed line ending counts as a change.
 */
function changedRegion(before, after) {
	const a = before.split("\n");
	const b = after.split("\n");
	let head = 0;
	while (head < a.length && head < b.length && a[head] === b[head]) head++;
	let tail = 0;
	while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
	return { line: head + 1, removed: a.slice(head, a.length - tail), added: b.slice(head, b.length - tail) };
}

const ALMA = "People/Alma Vesterby.md";
/** CRLF, a BOM, a double-quoted date with a comment, a flow-list of tags. */
const ALMA_TEXT =
	"\ufeff---\r\ntype: people\r\ntitle: Alma Vesterby\r\nlast_contact: \"2026-09-01\" # coffee in Oslo\r\ncadence: monthly\r\ntags: [type/people, company/fjordline]\r\n---\r\n# Alma Vesterby\r\n\r\nLikes   trailing spaces.   \r\n";
const BRUNO = "People/Bruno Okafor.md";
/** No last_contact key at all, and no trailing newline. */
const BRUNO_TEXT = "---\ntype: people\ntitle: Bruno Okafor\ncadence: weekly\n---\n\nMet at the harbour fair.";
const DAILY = "Daily/2026-11-24.md";
const DAILY_TEXT =
	"# 2026-11-24\r\n\r\n- [ ] Send [[Alma Vesterby]] the deck [due:: 2026-12-02] [priority:: high]\r\n- [ ] Call Alma Vesterby back 📅 2026-11-30\r\n- [ ] Book the ferry for Bruno Okafor\r\n";
const FILES = { [ALMA]: ALMA_TEXT, [BRUNO]: BRUNO_TEXT, [DAILY]: DAILY_TEXT };
/** LF line endings, no BOM: the editor holds exactly the file's text. */
const CARA = "People/Cara Lindqvist.md";
const CARA_TEXT = "---\ntype: people\ntitle: Cara Lindqvist\nlast_contact: 2026-09-01\ncadence: monthly\n---\n# Cara Lindqvist\n\n## Projects\n\nHarbour survey.\nFerry timetable.\n\n## Family\n\nTwo children.\n";
/** No last_contact: marking contacted inserts a line above everything in the body. */
const DANA = "People/Dana Moreau.md";
const DANA_TEXT = "---\ntype: people\ntitle: Dana Moreau\ncadence: weekly\n---\n# Dana Moreau\n\n## Projects\n\nLighthouse repairs.\nTide tables.\n\n## Notes\n\nPrefers mornings.\n";
const EDITOR_FILES = { ...FILES, [CARA]: CARA_TEXT, [DANA]: DANA_TEXT };

async function openPanel() {
	assert.ok(await evaluate(() => window.harness.command("rapport:open-stale-contacts")));
	await settle();
}

describe("writes keep every other byte", () => {
	beforeEach(() => {
		h.errors.length = 0;
	});

	test("mark contacted changes the date alone on a CRLF note with a BOM, quotes and a comment", async () => {
		await start(FILES);
		await openPanel();
		await evaluate((p) => window.harness.clickInRow(p, ".rapport-contacted"), ALMA);
		await settle();
		assert.equal(await text(ALMA), ALMA_TEXT.replace("2026-09-01", TODAY));
		assert.deepEqual(h.errors, []);
		// A second click has nothing to write, and says so.
		const count = await writes();
		await evaluate((p) => window.harness.clickInRow(p, ".rapport-contacted"), ALMA);
		await settle();
		assert.equal(await writes(), count);
		assert.match((await notices()).at(-1), /Already marked contacted today/);
	});

	test("mark contacted adds the key when it is missing, in the frontmatter, touching nothing else", async () => {
		await start(FILES);
		await openPanel();
		await evaluate((p) => window.harness.clickInRow(p, ".rapport-contacted"), BRUNO);
		await settle();
		const region = changedRegion(BRUNO_TEXT, await text(BRUNO));
		assert.deepEqual(region.removed, [], "no line removed or rewritten");
		assert.equal(region.added.length, 1, "one line added");
		assert.match(region.added[0], new RegExp(`^last_contact: ['"]?${TODAY}['"]?$`));
		assert.ok(region.line > 1 && region.line <= 5, `inside the frontmatter (line ${region.line})`);
		assert.equal((await evaluate(() => window.harness.staleRows())).find((r) => r.path === BRUNO).status, "ok");
	});

	test("the edit is computed on the note as it is now, not as the panel last saw it", async () => {
		await start(FILES);
		await openPanel();
		// Another device syncs a change in: the index and the panel have not caught up yet.
		const synced = ALMA_TEXT.replace("# Alma Vesterby\r\n", "# Alma Vesterby\r\n\r\nNew line from the phone.\r\n").replace("cadence: monthly", "cadence: 2w");
		await evaluate(([p, t]) => window.harness.modify(p, t), [ALMA, synced]);
		await evaluate((p) => window.harness.clickInRow(p, ".rapport-contacted"), ALMA);
		await settle();
		assert.equal(await text(ALMA), synced.replace("2026-09-01", TODAY));
	});

	test("snooze to a picked date writes one CRLF line and keeps the BOM", async () => {
		await start(FILES);
		await openPanel();
		await evaluate((p) => window.harness.clickInRow(p, ".rapport-snooze"), ALMA);
		await h.page.fill(".rapport-snooze-modal input[type=date]", "2027-01-15");
		await h.page.click(".rapport-snooze-modal button.mod-cta");
		await settle();
		const after = await text(ALMA);
		assert.ok(after.startsWith("\ufeff---\r\n"));
		const region = changedRegion(ALMA_TEXT, after);
		assert.deepEqual(region.removed, []);
		assert.equal(region.added.length, 1);
		assert.match(region.added[0], /^snooze_until: ['"]?2027-01-15['"]?\r$/);
		assert.equal((await evaluate(() => window.harness.staleRows())).find((r) => r.path === ALMA).status, "snoozed");
		assert.equal(await h.page.locator(".rapport-snooze-modal").count(), 0, "the modal closed");
	});

	test("snoozing again replaces the value only", async () => {
		const snoozed = BRUNO_TEXT.replace("cadence: weekly\n", "cadence: weekly\nsnooze_until: 2026-12-01 # after the fair\n");
		await start({ ...FILES, [BRUNO]: snoozed });
		await openPanel();
		await evaluate((p) => window.harness.clickInRow(p, ".rapport-snooze"), BRUNO);
		await h.page.fill(".rapport-snooze-modal input[type=date]", "2027-02-01");
		await h.page.click(".rapport-snooze-modal button.mod-cta");
		await settle();
		assert.equal(await text(BRUNO), snoozed.replace("2026-12-01", "2027-02-01"));
	});

	test("completing a Dataview task appends [completion:: today] to that CRLF line alone", async () => {
		await start(FILES);
		await evaluate((p) => window.harness.plugin.showPersonTasks(p), ALMA);
		await settle();
		await h.page.click(`.rapport-person-view .rapport-task[data-path="${DAILY}"][data-line="3"] input`);
		await settle();
		const region = changedRegion(DAILY_TEXT, await text(DAILY));
		assert.equal(region.line, 3);
		assert.deepEqual(region.removed, ["- [ ] Send [[Alma Vesterby]] the deck [due:: 2026-12-02] [priority:: high]\r"]);
		assert.deepEqual(region.added, [`- [x] Send [[Alma Vesterby]] the deck [due:: 2026-12-02] [priority:: high] [completion:: ${TODAY}]\r`]);
	});

	test("completing an emoji task appends ✅ today", async () => {
		await start(FILES);
		await evaluate((p) => window.harness.plugin.showPersonTasks(p), ALMA);
		await settle();
		await h.page.click(`.rapport-person-view .rapport-task[data-path="${DAILY}"][data-line="4"] input`);
		await settle();
		const region = changedRegion(DAILY_TEXT, await text(DAILY));
		assert.deepEqual(region.added, [`- [x] Call Alma Vesterby back 📅 2026-11-30 ✅ ${TODAY}\r`]);
		assert.equal(region.removed.length, 1);
	});

	test("a task that moved since the view was drawn is not written blindly", async () => {
		await start(FILES);
		await evaluate((p) => window.harness.plugin.showPersonTasks(p), ALMA);
		await settle();
		const moved = "Inserted above.\r\n" + DAILY_TEXT;
		const box = `.rapport-person-view .rapport-task[data-path="${DAILY}"][data-line="3"] input`;
		// The sync lands and the box is clicked in one go, before the view can catch up (a loaded
		// machine would otherwise let the refresh redraw the rows first).
		const { count, checked } = await evaluate(async ([p, t, sel]) => {
			const el = document.querySelector(sel);
			await window.harness.modify(p, t);
			const count = window.harness.app.vault.writes.length;
			el.click();
			while (el.disabled) await new Promise((r) => setTimeout(r, 10));
			return { count, checked: el.checked };
		}, [DAILY, moved, box]);
		assert.equal(checked, false, "the checkbox does not claim the task is done");
		await settle();
		assert.equal(await text(DAILY), moved, "the note is as the user left it");
		assert.equal(await writes(), count, "nothing was written");
		assert.ok((await notices()).some((n) => /Rapport/.test(n)), "the user is told");
		// Once the view has caught up, the same task (now on line 4) completes normally.
		await h.page.click(`.rapport-person-view .rapport-task[data-path="${DAILY}"][data-line="4"] input`);
		await settle();
		const region = changedRegion(moved, await text(DAILY));
		assert.equal(region.line, 4);
		assert.match(region.added[0], /^- \[x\] Send \[\[Alma Vesterby\]\]/);
	});

	test("a trap during a write writes nothing, restarts once, and the next write works", async () => {
		await start(FILES);
		await openPanel();
		const count = await writes();
		// Broken and clicked in one go: a refresh in between would trap first, with no click.
		await evaluate((p) => {
			window.harness.plugin.core.index.__wbg_ptr = 0xfffffff0;
			window.harness.clickInRow(p, ".rapport-contacted");
		}, ALMA);
		await evaluate(() => window.harness.ready());
		assert.equal(await text(ALMA), ALMA_TEXT, "the trapped edit left the note alone");
		assert.equal(await writes(), count);
		assert.equal(await evaluate(() => window.harness.plugin.core.restarts), 1);
		assert.equal((await notices()).filter((n) => /internal error/.test(n)).length, 1);
		assert.ok(!(await notices()).some((n) => /Already/.test(n)), "a trapped edit is not reported as already done");
		await evaluate((p) => window.harness.clickInRow(p, ".rapport-contacted"), ALMA);
		await settle();
		assert.equal(await text(ALMA), ALMA_TEXT.replace("2026-09-01", TODAY));
	});
});

describe("fixes that rest on other notes", () => {
	/** Adaeze's last_contact is older than a meeting note that links her: only the index can see it. */
	const ADAEZE = "People/Adaeze Okonkwo.md";

	async function evidenceDiagnostic() {
		const all = await evaluate((p) => window.harness.plugin.core.run((i) => i.diagnostics(p), []), ADAEZE);
		const fixable = all.filter((x) => x.fix);
		assert.deepEqual(fixable.map((x) => x.code), ["last-contact-behind-evidence"], "the example vault has this one fixable problem");
		return fixable[0];
	}

	/** The example vault, with Adaeze's note open; her fixable diagnostic as the index sees it. */
	async function openAdaeze() {
		const vault = await readVault();
		await start(vault);
		const d = await evidenceDiagnostic();
		await evaluate((p) => window.harness.open(p), ADAEZE);
		await settle();
		return { vault, d };
	}

	const EVIDENCE_ROW = ".rapport-diagnostics-modal .rapport-diagnostic[data-code='last-contact-behind-evidence']";

	test("the Fix button applies it", async () => {
		const { vault, d } = await openAdaeze();
		const baseline = await evaluate(() => window.harness.ledger.domListeners);
		assert.ok(await evaluate(() => window.harness.command("rapport:validate-current-note")));
		assert.ok((await evaluate(() => window.harness.ledger.domListeners)) > baseline, "the rows listen through a component");
		await h.page.locator(`${EVIDENCE_ROW} .rapport-fix`).click();
		await settle();
		const before = vault[ADAEZE];
		assert.equal(await text(ADAEZE), before.slice(0, d.fix.from) + d.fix.insert + before.slice(d.fix.to));
		assert.notEqual(d.fix.insert, before.slice(d.fix.from, d.fix.to));
		assert.equal(await h.page.locator(EVIDENCE_ROW).count(), 0);
		// The render before the fix took its listeners with it; closing takes the rest.
		await evaluate(() => window.harness.closeModals());
		assert.equal(await evaluate(() => window.harness.ledger.domListeners), baseline);
	});

	test("a Fix clicked after the note changed applies to the note as it is now, or says there is nothing left", async () => {
		const { vault, d } = await openAdaeze();
		assert.ok(await evaluate(() => window.harness.command("rapport:validate-current-note")));
		const fixButton = h.page.locator(`${EVIDENCE_ROW} .rapport-fix`);
		// A synced edit lands while the list is open: a line above the key moves everything down.
		const synced = vault[ADAEZE].replace("title: Adaeze Okonkwo\n", "title: Adaeze Okonkwo\nlocation: Lagos\n");
		assert.notEqual(synced, vault[ADAEZE]);
		await evaluate(([p, t]) => window.harness.modify(p, t), [ADAEZE, synced]);
		await fixButton.click();
		await settle();
		const shift = "location: Lagos\n".length;
		assert.equal(await text(ADAEZE), synced.slice(0, d.fix.from + shift) + d.fix.insert + synced.slice(d.fix.to + shift), "the fix lands on the key where it is now, the synced line kept");
		await evaluate(() => window.harness.closeModals());

		// Back to the problem; then the user fixes it by hand while the list is open: the button
		// finds nothing to do.
		await evaluate(([p, t]) => window.harness.modify(p, t), [ADAEZE, vault[ADAEZE]]);
		await settle();
		assert.ok(await evaluate(() => window.harness.command("rapport:validate-current-note")));
		assert.equal(await fixButton.count(), 1, "the list offers the Fix");
		const handFixed = vault[ADAEZE].replace("last_contact: '2026-07-08'", "last_contact: '2026-11-25'");
		assert.notEqual(handFixed, vault[ADAEZE]);
		await evaluate(([p, t]) => window.harness.modify(p, t), [ADAEZE, handFixed]);
		const count = await writes();
		await fixButton.click();
		await settle();
		assert.equal(await writes(), count, "nothing is written");
		assert.equal(await text(ADAEZE), handFixed, "the hand-made fix stays as typed");
		assert.ok((await notices()).some((n) => /Nothing to fix any more/.test(n)), "the user is told");
		await evaluate(() => window.harness.closeModals());
	});

	test("closing the validation modals releases their listeners", async () => {
		await start(await readVault());
		await evaluate(() => window.harness.open("People/Kofi Boateng.md"));
		await settle();
		const baseline = await evaluate(() => window.harness.ledger.domListeners);
		for (const id of ["rapport:validate-current-note", "rapport:validate-vault"]) {
			assert.ok(await evaluate((c) => window.harness.command(c), id));
			assert.ok((await evaluate(() => window.harness.ledger.domListeners)) > baseline, `${id}: its rows listen`);
			await evaluate(() => window.harness.closeModals());
			assert.equal(await evaluate(() => window.harness.ledger.domListeners), baseline, `${id}: closed, none left`);
		}
	});

	test("\"Fix every problem\" applies it too, in one write", async () => {
		const vault = await readVault();
		await start(vault);
		const d = await evidenceDiagnostic();
		await evaluate((p) => window.harness.open(p), ADAEZE);
		const count = await writes();
		assert.ok(await evaluate(() => window.harness.command("rapport:fix-current-note")));
		await settle();
		assert.equal(await writes(), count + 1);
		const before = vault[ADAEZE];
		assert.equal(await text(ADAEZE), before.slice(0, d.fix.from) + d.fix.insert + before.slice(d.fix.to), "her one fixable problem, fixed");
		const left = await evaluate((p) => window.harness.plugin.core.run((i) => i.diagnostics(p), []), ADAEZE);
		assert.deepEqual(left.filter((x) => x.fix), [], "nothing fixable is left");
	});
});

describe("scale and settings", () => {
	test("a large vault is indexed in batches behind a progress notice, and the page stays responsive", async () => {
		const files = {};
		for (let i = 0; i < 120; i++) files[`People/Person ${i}.md`] = `---\ntype: people\nlast_contact: 2026-0${1 + (i % 9)}-1${i % 10}\n---\n`;
		for (let d = 0; d < 2400; d++) files[`Daily/${d}.md`] = `# Day ${d}\n\n- [ ] Follow up with [[Person ${d % 120}]] 📅 2026-12-0${1 + (d % 9)}\n`;
		await h.page.reload();
		// Timer ticks that get through while the index is built prove it never holds the page for
		// long. Both watchers start before the plugin does: a fast machine indexes these notes in
		// a few batches, and a watcher started after `start` returned could miss the notice.
		const { ticks, notice } = await evaluate(async (f) => {
			let ticks = 0;
			let notice = false;
			const isProgress = (n) => n instanceof HTMLElement && n.classList.contains("notice") && /indexed|indexing/i.test(n.textContent ?? "");
			const observer = new MutationObserver((records) => {
				for (const r of records) notice ||= [...r.addedNodes].some(isProgress) || isProgress(r.target);
			});
			observer.observe(document.body, { childList: true, subtree: true, characterData: true });
			const timer = setInterval(() => {
				if (window.harness.plugin?.indexer.indexing) ticks++;
			}, 1);
			await window.harness.start(f, { waitForIndex: false });
			await window.harness.ready();
			clearInterval(timer);
			observer.disconnect();
			return { ticks, notice };
		}, files);
		assert.ok(notice, "a progress notice was on screen while indexing");
		assert.ok(ticks >= 2, `the page ran other work between batches (${ticks} ticks while indexing)`);
		assert.equal(await evaluate(() => document.querySelectorAll(".notice").length), 0, "the progress notice is gone when done");
		assert.equal(await evaluate(() => window.harness.plugin.indexer.lastRun.notes), 2520);
		assert.equal(await evaluate(() => window.harness.plugin.core.run((i) => i.noteCount(), 0)), 2520);
	});

	test("a long panel draws the most overdue hundred first, and the rest on request", async () => {
		const files = {};
		for (let i = 0; i < 150; i++) files[`People/Person ${String(i).padStart(3, "0")}.md`] = `---\ntype: people\ncadence: weekly\nlast_contact: 2026-${String(1 + (i % 11)).padStart(2, "0")}-01\n---\n`;
		await start(files);
		await openPanel();
		const core = await evaluate((today) => window.harness.plugin.core.run((i) => i.stale(today), []), TODAY);
		let shown = await evaluate(() => window.harness.staleRows());
		assert.deepEqual(shown.map((r) => r.path), core.slice(0, 100).map((c) => c.path));
		const counts = await evaluate(() => [...document.querySelectorAll(".rapport-group-header .rapport-count")].map((e) => Number(e.textContent)));
		assert.equal(counts.reduce((a, b) => a + b, 0), 150, "group counts cover everyone, drawn or not");
		await h.page.click(".rapport-show-more");
		shown = await evaluate(() => window.harness.staleRows());
		assert.deepEqual(shown.map((r) => r.path), core.map((c) => c.path));
		assert.equal(await h.page.locator(".rapport-show-more").count(), 0);
		// Filtering searches everyone, not only the rows drawn.
		await h.page.fill(".rapport-filter", "Person 149");
		assert.deepEqual((await evaluate(() => window.harness.staleRows())).map((r) => r.name), ["Person 149"]);
	});

	test("disabling the plugin while it indexes stops cleanly", async () => {
		const files = {};
		for (let d = 0; d < 3000; d++) files[`Daily/${d}.md`] = `- [ ] Task ${d}\n`;
		await start(files, { waitForIndex: false });
		const { left, atUnload, later } = await evaluate(async () => {
			const count = () => window.harness.plugin.core.run((i) => i.noteCount(), -1);
			while (count() <= 0) await new Promise((r) => setTimeout(r, 1));
			const left = await window.harness.unload();
			const atUnload = count();
			await new Promise((r) => setTimeout(r, 300));
			return { left, atUnload, later: count() };
		});
		assert.ok(atUnload < 3000, `unloaded mid-way (${atUnload} notes indexed)`);
		assert.equal(later, atUnload, "no batch was indexed after unload");
		assert.equal(left.elements, 0);
		assert.equal(left.vaultListeners, 0);
		assert.deepEqual(h.errors, []);
	});

	test("settings are checked as typed but applied when typing pauses (applying re-derives every note)", async () => {
		await start(FILES);
		await evaluate(() => window.harness.showSettings());
		const input = h.page.locator(".setting-item", { has: h.page.locator(".setting-item-name", { hasText: /^Default cadence$/ }) }).locator("input");
		const applied = () => evaluate(() => window.harness.plugin.core.run((i) => i.config().defaultCadence, ""));
		await input.fill("often");
		const error = h.page.locator(".setting-item", { has: h.page.locator(".setting-item-name", { hasText: /^Default cadence$/ }) }).locator(".rapport-error");
		assert.match(await error.textContent(), /defaultCadence|often/, "a bad value is reported at once, at its field");
		await input.fill("week");
		await input.fill("weekly");
		assert.equal(await error.isVisible(), false);
		assert.equal(await applied(), "quarterly", "not applied on every keystroke");
		assert.equal(await evaluate(() => window.harness.plugin.data.defaultCadence), "weekly", "but saved");
		await h.page.waitForFunction(() => window.harness.plugin.core.run((i) => i.config().defaultCadence, "") === "weekly", null, { timeout: 5000 });
	});

	test("every config field has a setting that reaches the core", async () => {
		await start(FILES);
		await evaluate(() => window.harness.showSettings());
		const setting = (name) => h.page.locator(".setting-item", { has: h.page.locator(".setting-item-name", { hasText: new RegExp(`^${name}$`) }) });
		const config = () => evaluate(() => window.harness.plugin.core.run((i) => i.config(), null));
		await setting("Type values").locator("input").fill("contact, people");
		await setting("Tags").locator("input").fill("person, crm/contact");
		await setting("Folders").locator("input").fill("People, Contacts");
		await setting("Default cadence").locator("input").fill("monthly");
		await setting("Cadence by tag").locator("textarea").fill("company/*: 2w\nvip: weekly");
		await setting("Due from").locator("input").fill("0.5");
		await setting("Overdue from").locator("input").fill("1.5");
		await setting("Stale from").locator("input").fill("3");
		await setting("Recent context counts as contact").locator("input").uncheck();
		await setting("Dated notes count as contact").locator("input").uncheck();
		await setting("Whole-name mentions").locator("input").uncheck();
		await setting("Excluded folders").locator("input").fill("Templates");
		await setting("Excluded folders").locator("input").press("Enter");
		await settle();
		const c = await config();
		assert.deepEqual(c.peopleTypes, ["contact", "people"]);
		assert.deepEqual(c.peopleTags, ["person", "crm/contact"]);
		assert.deepEqual(c.peopleFolders, ["People", "Contacts"]);
		assert.equal(c.defaultCadence, "monthly");
		assert.deepEqual(c.tagCadences, [
			{ tag: "company/*", cadence: "2w" },
			{ tag: "vip", cadence: "weekly" },
		]);
		assert.deepEqual(c.thresholds, { due: 0.5, overdue: 1.5, stale: 3 });
		assert.deepEqual(c.evidence, { recentContext: false, linkedNotes: false });
		assert.equal(c.wholeNameMatching, false);
		assert.deepEqual(c.excludedFolders, ["Templates"]);
		const { settingsVersion, ...saved } = await evaluate(() => window.harness.plugin.data);
		assert.equal(settingsVersion, 1);
		assert.deepEqual({ ...saved, schema: null }, { ...c, schema: null }, "what the core runs with is what is saved");
		// A schema edit that is valid is saved and applied; the built-in one is stored as null.
		const schema = (await evaluate(() => window.harness.plugin.core.defaultSchema())).replace(/\n$/, "") + "\n";
		const area = h.page.locator(".rapport-schema-input");
		await area.fill(schema + "# my copy\n");
		await settle();
		assert.match((await config()).schema ?? "", /# my copy/);
		await area.fill(schema);
		await settle();
		assert.equal((await config()).schema, null);
	});
});

describe("writes to a note open in an editor", () => {
	beforeEach(() => {
		h.errors.length = 0;
	});


	/** What the open editor of `path` shows: text, selection (offsets), folds, transactions. */
	const editorState = (path) =>
		evaluate((p) => {
			const e = window.harness.editorView(p).editor;
			return { text: e.getValue(), anchor: e.posToOffset(e.getCursor("anchor")), head: e.posToOffset(e.getCursor("head")), folds: e.folds(), edits: e.edits.length };
		}, path);

	/** Runs a command and waits for the notice that says what it did. */
	async function commandAndNotice(id) {
		const before = (await notices()).length;
		assert.ok(await evaluate((c) => window.harness.command(c), id), `${id} ran`);
		await h.page.waitForFunction((n) => window.harness.notices.length > n, before, { timeout: 5000 });
		await settle();
		return (await notices()).slice(before);
	}

	/** The edit the core computes to mark `path` contacted, on `text`. */
	const coreEdit = (path, text) => evaluate(([p, t, d]) => window.harness.plugin.core.run((i) => i.editMarkContacted(p, t, d), null), [path, text, TODAY]);

	test("mark contacted goes through the editor: the cursor and selection stay where they were, wherever they are", async () => {
		const date = CARA_TEXT.indexOf("2026-09-01");
		const body = CARA_TEXT.indexOf("Harbour survey.");
		const cases = [
			{ name: "cursor before the edit", anchor: CARA_TEXT.indexOf("Lindqvist"), head: CARA_TEXT.indexOf("Lindqvist") },
			{ name: "cursor inside the edit", anchor: date + 4, head: date + 4 },
			{ name: "cursor after the edit", anchor: body + 3, head: body + 3 },
			{ name: "selection across the edit", anchor: CARA_TEXT.indexOf("title"), head: body + 7 },
			{ name: "selection from inside the edit to after it, backwards", anchor: body + 7, head: date + 2 },
			{ name: "selection after the edit", anchor: body, head: body + 7 },
			{ name: "selection before the edit", anchor: CARA_TEXT.indexOf("type"), head: CARA_TEXT.indexOf("Lindqvist") },
		];
		for (const c of cases) {
			await start(EDITOR_FILES);
			await evaluate(([p, a, hd]) => window.harness.openInEditor(p, a, hd), [CARA, c.anchor, c.head]);
			const edit = await coreEdit(CARA, CARA_TEXT);
			assert.deepEqual([edit.from, edit.to, edit.insert], [date, date + 10, TODAY], "the core replaces the date alone");
			const said = await commandAndNotice("rapport:mark-contacted-today");
			assert.deepEqual(said, ["Rapport: Marked contacted today."], c.name);
			const expected = CARA_TEXT.replace("2026-09-01", TODAY);
			assert.equal(await text(CARA), expected, `${c.name}: the file changed in the date alone, saved by the editor`);
			const state = await editorState(CARA);
			assert.equal(state.text, expected, c.name);
			assert.equal(state.edits, 1, `${c.name}: one transaction`);
			// CodeMirror's mapping: a cursor inside replaced text goes to the start of the replacement;
			// a range's start inside it goes to its end. The replacement has the same length here.
			const map = (pos, side) => (pos > date && pos < date + 10 ? (side < 0 ? date : date + 10) : pos);
			const [from, to] = c.anchor <= c.head ? ["anchor", "head"] : ["head", "anchor"];
			const mapped = c.anchor === c.head ? { anchor: map(c.anchor, -1), head: map(c.head, -1) } : { [from]: map(Math.min(c.anchor, c.head), 1), [to]: map(Math.max(c.anchor, c.head), -1) };
			assert.deepEqual({ anchor: state.anchor, head: state.head }, mapped, c.name);
			assert.deepEqual(h.errors, []);
		}
	});

	test("an inserted line moves the cursor, the selection and the folds below it along, and keeps the text under them", async () => {
		await start(EDITOR_FILES);
		const anchor = DANA_TEXT.indexOf("Lighthouse");
		const head = DANA_TEXT.indexOf("Tide tables") + 4;
		await evaluate(([p, a, hd]) => window.harness.openInEditor(p, a, hd), [DANA, anchor, head]);
		// Fold the "Projects" section (lines 7 to 10, 0-based).
		await evaluate((p) => window.harness.editorView(p).editor.fold(7, 10), DANA);
		const selected = DANA_TEXT.slice(anchor, head);
		await commandAndNotice("rapport:mark-contacted-today");
		const after = await text(DANA);
		const region = changedRegion(DANA_TEXT, after);
		assert.deepEqual(region.removed, [], "no line removed or rewritten");
		assert.equal(region.added.length, 1);
		assert.match(region.added[0], new RegExp(`^last_contact: ['"]?${TODAY}['"]?$`));
		const state = await editorState(DANA);
		assert.equal(state.text, after);
		const shift = after.length - DANA_TEXT.length;
		assert.deepEqual([state.anchor, state.head], [anchor + shift, head + shift], "the selection moved with its text");
		assert.equal(state.text.slice(state.anchor, state.head), selected);
		assert.deepEqual(state.folds, [{ line: 8, lastLine: 11 }], "the fold is kept, one line lower");
	});

	test("typing not saved yet is kept, and the edit is computed on it", async () => {
		await start(EDITOR_FILES);
		const at = CARA_TEXT.indexOf("Ferry timetable.");
		await evaluate(([p, a]) => window.harness.openInEditor(p, a), [CARA, at]);
		await evaluate((p) => window.harness.editorView(p).editor.type("Call about the survey. "), CARA);
		assert.equal(await text(CARA), CARA_TEXT, "typing is not on disk before the editor saves");
		await commandAndNotice("rapport:mark-contacted-today");
		const typed = CARA_TEXT.replace("Ferry timetable.", "Call about the survey. Ferry timetable.");
		const expected = typed.replace("2026-09-01", TODAY);
		assert.equal(await text(CARA), expected, "both the typing and the edit are in the file");
		const state = await editorState(CARA);
		assert.equal(state.text, expected);
		assert.equal(state.head, at + "Call about the survey. ".length, "the cursor is still after what was typed");
	});

	test("completing a task in a daily note open with unsaved typing keeps the typing, the cursor and every other byte", async () => {
		const LF_DAILY = "Daily/2026-11-25.md";
		const LF_DAILY_TEXT = "# 2026-11-25\n\n- [ ] Send [[Cara Lindqvist]] the survey 📅 2026-11-30\n- [ ] Book the ferry\n\nNotes: \n";
		await start({ ...EDITOR_FILES, [LF_DAILY]: LF_DAILY_TEXT });
		await evaluate((p) => window.harness.plugin.showPersonTasks(p), CARA);
		await settle();
		const at = LF_DAILY_TEXT.indexOf("Notes: ") + "Notes: ".length;
		await evaluate(([p, a]) => window.harness.openInEditor(p, a), [LF_DAILY, at]);
		await evaluate((p) => window.harness.editorView(p).editor.type("rain all day"), LF_DAILY);
		const box = `.rapport-person-view .rapport-task[data-path="${LF_DAILY}"][data-line="3"] input`;
		await h.page.click(box);
		await h.page.waitForFunction((p) => window.harness.app.vault.text(p).includes("- [x]"), LF_DAILY, { timeout: 5000 });
		const expected = LF_DAILY_TEXT.replace("- [ ] Send [[Cara Lindqvist]] the survey 📅 2026-11-30", `- [x] Send [[Cara Lindqvist]] the survey 📅 2026-11-30 ✅ ${TODAY}`).replace("Notes: ", "Notes: rain all day");
		assert.equal(await text(LF_DAILY), expected);
		const state = await editorState(LF_DAILY);
		assert.equal(state.text, expected);
		assert.equal(state.text.slice(0, state.head), expected.slice(0, expected.indexOf("rain all day") + "rain all day".length), "the cursor is still after the typing");
		assert.deepEqual(h.errors, []);
	});

	test("a CRLF note with a BOM is written through the file, byte for byte; the editor reloads", async () => {
		await start(EDITOR_FILES);
		await evaluate(([p, a]) => window.harness.openInEditor(p, a), [ALMA, ALMA_TEXT.indexOf("Likes")]);
		await commandAndNotice("rapport:mark-contacted-today");
		const expected = ALMA_TEXT.replace("2026-09-01", TODAY);
		assert.equal(await text(ALMA), expected, "CRLF and the BOM kept: an edit in the editor would have saved every line as LF");
		const state = await editorState(ALMA);
		assert.equal(state.text, expected.replace(/^\ufeff/, "").replace(/\r\n/g, "\n"), "the editor shows the new text");
		assert.equal(state.edits, 0, "nothing was typed into the editor");
	});

	test("a note open in two editors: both save first, the edit goes through the file, nothing typed is lost", async () => {
		await start(EDITOR_FILES);
		const at = CARA_TEXT.indexOf("Two children.");
		await evaluate(([p, a]) => window.harness.openInEditor(p, a), [CARA, at]);
		// A second tab on the same note (opened the same way, so it becomes the active one).
		await evaluate(([p, a]) => window.harness.openInEditor(p, a), [CARA, 0]);
		await evaluate((p) => window.harness.app.workspace.getLeavesOfType("markdown").filter((l) => l.view.file.path === p)[0].view.editor.type("Both at school. "), CARA);
		await commandAndNotice("rapport:mark-contacted-today");
		const expected = CARA_TEXT.replace("Two children.", "Both at school. Two children.").replace("2026-09-01", TODAY);
		assert.equal(await text(CARA), expected);
		const texts = await evaluate((p) => window.harness.app.workspace.getLeavesOfType("markdown").filter((l) => l.view.file.path === p).map((l) => l.view.editor.getValue()), CARA);
		assert.deepEqual(texts, [expected, expected], "both editors show the note as written");
	});

	test("a tab that has not loaded its note yet is not written over: the edit goes through the file", async () => {
		await start(EDITOR_FILES);
		await evaluate(([p]) => window.harness.openInEditor(p, 0, 0, false), [CARA]);
		assert.equal((await editorState(CARA)).text, "", "the view shows nothing yet");
		await commandAndNotice("rapport:mark-contacted-today");
		assert.equal(await text(CARA), CARA_TEXT.replace("2026-09-01", TODAY), "the whole note is there, with the date changed");
	});

	test("\"Fix every problem\" in an open editor keeps the cursor", async () => {
		const vault = await readVault();
		const ADAEZE = "People/Adaeze Okonkwo.md";
		await start(vault);
		const end = vault[ADAEZE].length - 1;
		await evaluate(([p, a]) => window.harness.openInEditor(p, a), [ADAEZE, end]);
		const said = await commandAndNotice("rapport:fix-current-note");
		assert.match(said[0], /applied 1 fix/);
		const after = await text(ADAEZE);
		assert.notEqual(after, vault[ADAEZE]);
		const state = await editorState(ADAEZE);
		assert.equal(state.text, after);
		assert.equal(state.head, end + after.length - vault[ADAEZE].length, "the cursor stayed on its character");
		assert.equal(state.text[state.head], vault[ADAEZE][end]);
		assert.equal(state.edits, 1);
	});
});

describe("failed writes", () => {
	beforeEach(() => {
		h.errors.length = 0;
	});

	test("\"Fix every problem\" on a note that cannot be written says so once, and nothing is thrown", async () => {
		const vault = await readVault();
		const ADAEZE = "People/Adaeze Okonkwo.md";
		await start(vault);
		await evaluate((p) => window.harness.open(p), ADAEZE);
		await evaluate((p) => window.harness.app.vault.failWrites([p]), ADAEZE);
		const before = (await notices()).length;
		assert.ok(await evaluate(() => window.harness.command("rapport:fix-current-note")));
		await h.page.waitForFunction((n) => window.harness.notices.length > n, before, { timeout: 5000 });
		await settle();
		await new Promise((r) => setTimeout(r, 100));
		const said = (await notices()).slice(before);
		assert.equal(said.length, 1, `one notice: ${JSON.stringify(said)}`);
		assert.match(said[0], /could not save "Adaeze Okonkwo"/);
		assert.doesNotMatch(said[0], /EACCES/, "no raw error");
		assert.equal(await text(ADAEZE), vault[ADAEZE], "the note is as it was");
		assert.deepEqual(h.errors, [], "no unhandled rejection");
	});

	test("a task whose note cannot be written: one notice, and the checkbox is usable again and unchecked", async () => {
		await start(FILES);
		await evaluate((p) => window.harness.plugin.showPersonTasks(p), ALMA);
		await settle();
		await evaluate((p) => window.harness.app.vault.failWrites([p]), DAILY);
		const before = (await notices()).length;
		const box = `.rapport-person-view .rapport-task[data-path="${DAILY}"][data-line="3"] input`;
		await h.page.click(box);
		await h.page.waitForSelector(`${box}:not([disabled])`);
		assert.equal(await h.page.isChecked(box), false);
		const said = (await notices()).slice(before);
		assert.equal(said.length, 1, JSON.stringify(said));
		assert.match(said[0], /could not save "2026-11-24"/);
		assert.equal(await text(DAILY), DAILY_TEXT);
		assert.deepEqual(h.errors, []);
	});

	test("the editor cannot save: the change stays in the editor, the user is told, and the next save writes it", async () => {
		await start(EDITOR_FILES);
		await evaluate(([p, a]) => window.harness.openInEditor(p, a), [CARA, 5]);
		await evaluate((p) => window.harness.app.vault.failWrites([p], 1), CARA);
		const before = (await notices()).length;
		assert.equal(await evaluate((p) => window.harness.plugin.markContacted(p), CARA), true, "the note changed, in the editor");
		const said = (await notices()).slice(before);
		assert.equal(said.length, 1, JSON.stringify(said));
		assert.match(said[0], /the change is in the open note "Cara Lindqvist", but Obsidian could not save it/);
		assert.equal(await text(CARA), CARA_TEXT, "nothing on disk yet");
		await evaluate((p) => window.harness.editorView(p).save(), CARA);
		assert.equal(await text(CARA), CARA_TEXT.replace("2026-09-01", TODAY));
		assert.deepEqual(h.errors, []);
	});

	test("a write while the core is stopped says so instead of doing nothing", async () => {
		await start(EDITOR_FILES);
		await evaluate(async () => {
			const core = window.harness.plugin.core;
			const trapStale = (module) => {
				module.RapportIndex.prototype.stale = () => {
					throw new WebAssembly.RuntimeError("unreachable");
				};
			};
			trapStale(core.module);
			core.onInstantiate = trapStale;
			const until = performance.now() + 20_000;
			while (!core.stopped && performance.now() < until) {
				core.run((i) => i.stale("2026-11-26"), []);
				await new Promise((r) => setTimeout(r, 10));
			}
		});
		assert.equal(await evaluate(() => window.harness.plugin.core.stopped), true);
		const before = (await notices()).length;
		assert.equal(await evaluate((p) => window.harness.plugin.markContacted(p), CARA), false);
		const said = (await notices()).slice(before);
		assert.equal(said.length, 1, JSON.stringify(said));
		assert.match(said[0], /Rapport stopped after repeated internal errors, so nothing was changed\. Run "Rebuild the index"/);
		assert.equal(await text(CARA), CARA_TEXT);
		assert.deepEqual(h.errors, []);
	});
});
