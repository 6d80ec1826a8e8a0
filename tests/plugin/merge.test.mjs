/**
 * "Merge the current person into another…" (issue 18) on the built plugin, on the fixture vault of
 * tests/data/merge: the picker, the preview listing every file the merge touches, the writes byte
 * for byte (the same as `rapport merge --write`, tests/data/merge/expected/written), the merged
 * note in the trash, and Undo: every byte back and the note recreated, or, for a note edited since
 * the merge, that note left and named.
 */
import { beforeEach, describe, test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { evaluate, h, notices, readVault, ROOT, settle, start, useHarness } from "./support.mjs";

useHarness();

const DATA = join(ROOT, "tests/data/merge");
const KEPT = "People/Kofi Boateng.md";
const MERGED = "People/Kofi B.md";
const DAILY = "Daily/2026-11-03.md";

const text = (path) => evaluate((p) => window.harness.text(p), path);
const allTexts = () => evaluate(() => Object.fromEntries(window.harness.app.vault.getFiles().map((f) => [f.path, window.harness.text(f.path)])));

/** Waits for one more notice than `before` and answers the new ones. */
async function noticesAfter(before) {
	await h.page.waitForFunction((n) => window.harness.notices.length > n, before, { timeout: 10_000 });
	await settle();
	return (await notices()).slice(before);
}

/** Runs the command on the merged note, picks Kofi Boateng, and answers what the preview lists. */
async function openPreview() {
	await evaluate((p) => window.harness.open(p), MERGED);
	assert.ok(await evaluate(() => window.harness.command("rapport:merge-person")), "the command runs on a people note");
	await h.page.waitForSelector(".prompt-input");
	await h.page.fill(".prompt-input", "boateng");
	await h.page.waitForFunction(() => document.querySelectorAll(".suggestion-item").length === 1);
	await h.page.click(".suggestion-item");
	await h.page.waitForSelector(".rapport-merge-modal .rapport-merge-summary");
	return evaluate(() => {
		const modal = document.querySelector(".rapport-merge-modal");
		return {
			summary: modal.querySelector(".rapport-merge-summary").textContent,
			notes: [...modal.querySelectorAll(".rapport-merge-note")].map((n) => ({
				path: n.dataset.path,
				edits: [...n.querySelectorAll(".rapport-merge-edit")].map((e) => e.textContent),
				conflicts: [...n.querySelectorAll(".rapport-merge-conflict")].map((e) => e.textContent),
			})),
		};
	});
}

async function merge() {
	const before = (await notices()).length;
	await h.page.click(".rapport-merge-modal .rapport-merge-apply");
	return noticesAfter(before);
}

async function undo() {
	const before = (await notices()).length;
	await h.page.click(".rapport-merge-undo");
	return noticesAfter(before);
}

describe("merge people", () => {
	let original;
	let written;
	beforeEach(async () => {
		h.errors.length = 0;
		original = await readVault(join(DATA, "vault"));
		written = await readVault(join(DATA, "expected/written"));
	});

	test("the preview lists every file; merge writes what the CLI writes; undo restores every byte", async () => {
		await start(original);
		const preview = await openPreview();
		assert.equal(preview.summary, `Kofi B is merged into Kofi Boateng: 4 notes change, and ${MERGED} goes to the trash.`);
		assert.deepEqual(preview.notes.map((n) => n.path), [KEPT, DAILY, "Meetings/2026-11-02 Fair.md", "Projects/Stall.md", MERGED]);
		const kept = preview.notes[0];
		assert.ok(kept.edits.includes("Add aliases `Kofi B`, `Kofi`"), kept.edits.join("\n"));
		assert.deepEqual(kept.conflicts, ["Not merged: company “Harbour Co-op”; Kofi Boateng keeps “Harbor Works”"]);
		assert.ok(preview.notes[1].edits.includes("`@KofiB` becomes `@KofiBoateng`"));
		assert.equal(JSON.stringify(await allTexts()), JSON.stringify(original), "nothing written before Merge");

		const said = await merge();
		assert.deepEqual(said, [`Rapport: merged Kofi B into Kofi Boateng (4 notes changed; ${MERGED} is in the trash). Undo`]);
		assert.deepEqual(await allTexts(), written, "byte for byte what `rapport merge --write` writes");
		assert.deepEqual(await evaluate(() => window.harness.app.fileManager.trashed), [{ path: MERGED, text: original[MERGED] }]);
		// The index follows: the merged name is the kept person's now.
		assert.equal(await evaluate(() => window.harness.plugin.core.run((i) => i.findPerson("Kofi B"), null)), KEPT);

		assert.deepEqual(await undo(), [`Rapport: merge undone; ${MERGED} is back.`]);
		assert.deepEqual(await allTexts(), original, "every byte back, the merged note recreated");
		assert.deepEqual(h.errors, []);
	});

	test("undo leaves a note edited since the merge and names it", async () => {
		await start(original);
		await openPreview();
		await merge();
		const edited = written[DAILY] + "- [ ] a new line\n";
		await evaluate(([p, t]) => window.harness.modify(p, t), [DAILY, edited]);
		const said = await undo();
		assert.deepEqual(said, [`Rapport: merge undone, but left ${DAILY} as it is: changed since the merge.`]);
		assert.equal(await text(DAILY), edited, "the edit since the merge is kept");
		const expected = { ...original, [DAILY]: edited };
		assert.deepEqual(await allTexts(), expected);
		assert.deepEqual(h.errors, []);
	});

	test("a note that cannot be saved stops the merge before the trash; Undo puts back what was written", async () => {
		await start(original);
		await openPreview();
		const STALL = "Projects/Stall.md";
		await evaluate((p) => window.harness.app.vault.failWrites([p]), STALL);
		const said = await merge();
		assert.equal(said.length, 1);
		assert.match(said[0], /could not save "Stall"; "Kofi B" stays in the vault\..* 3 notes were changed\. Undo$/);
		assert.equal(await text(MERGED), original[MERGED], "the merged note stays");
		assert.deepEqual(await evaluate(() => window.harness.app.fileManager.trashed), []);
		assert.equal(await text(STALL), original[STALL]);
		assert.equal(await text(KEPT), written[KEPT], "the notes before it were written");
		assert.deepEqual(await undo(), ["Rapport: merge undone."]);
		assert.deepEqual(await allTexts(), original, "every byte back");
		h.errors.length = 0; // the failed write's console.error is the point of the test
	});

	test("from Review people, m merges the current person into the one picked; the queue follows, and Undo", async () => {
		await start(original);
		assert.ok(await evaluate(() => window.harness.command("rapport:open-review-queue")));
		await settle();
		const rows = () => evaluate(() => [...document.querySelectorAll(".rapport-review-view .rapport-review-person")].map((el) => el.dataset.path));
		assert.deepEqual(await rows(), [MERGED], "Kofi B alone is auto-created");
		await h.page.focus(".rapport-review-view .rapport-review-current");
		await h.page.keyboard.press("m");
		await h.page.waitForSelector(".prompt-input");
		await h.page.fill(".prompt-input", "boateng");
		await h.page.waitForFunction(() => document.querySelectorAll(".suggestion-item").length === 1);
		await h.page.click(".suggestion-item");
		await h.page.waitForSelector(".rapport-merge-modal .rapport-merge-summary");
		await merge();
		assert.deepEqual(await allTexts(), written, "the same merge as the command's");
		await h.page.waitForFunction(() => document.querySelectorAll(".rapport-review-view .rapport-review-person").length === 0, null, { timeout: 10_000 });
		await undo();
		await h.page.waitForFunction((p) => [...document.querySelectorAll(".rapport-review-view .rapport-review-person")].some((el) => el.dataset.path === p), MERGED, { timeout: 10_000 });
		assert.deepEqual(await allTexts(), original);
		assert.deepEqual(h.errors, []);
	});

	test("the command is offered on a people note only", async () => {
		await start(original);
		await evaluate((p) => window.harness.open(p), DAILY);
		assert.equal(await evaluate(() => window.harness.command("rapport:merge-person")), false);
	});
});
