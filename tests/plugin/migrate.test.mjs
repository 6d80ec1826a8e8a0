/**
 * "Migrate dataview blocks of people notes" on the built plugin: the preview (notes, blocks, skipped
 * blocks with their reasons), the writes byte for byte, a second run that finds nothing, a note
 * that cannot be written, a note open in an editor, and a note edited after the preview.
 */
import { beforeEach, describe, test } from "node:test";
import assert from "node:assert/strict";
import { evaluate, h, notices, settle, start, useHarness, vault } from "./support.mjs";

useHarness();

const text = (path) => evaluate((p) => window.harness.text(p), path);
const writes = () => evaluate(() => window.harness.app.vault.writes.length);

const ADA = "People/Ada Brennan.md";
const ADA_TEXT =
	"---\ntype: people\naliases: [Ada B]\n---\n# Ada Brennan\n\n😀 Projects\n\n```dataview\nLIST\nFROM \"Work/Projects\" OR \"Personal/Projects\"\nWHERE contains(file.outlinks, this.file.link)\n```\n\n" +
	"## Open Tasks\n\n```dataview\nTASK\nFROM \"\"\nWHERE !completed AND contains(text, \"Ada Brennan\")\nSORT due ASC\n```\n\n" +
	"## Tasks They Own\n\n```dataview\nTASK\nWHERE contains(text, \"@AdaBrennan\") AND !completed\nSORT due ASC\n```\n\n" +
	"## Other\n\n```dataview\nTABLE file.mtime FROM \"Work\"\n```\n";
const ADA_AFTER =
	"---\ntype: people\naliases: [Ada B]\n---\n# Ada Brennan\n\n😀 Projects\n\n```rapport\nprojects\nfrom: Work/Projects, Personal/Projects\n```\n\n" +
	"## Open Tasks\n\n```rapport\ntasks\n```\n\n" +
	"## Tasks They Own\n\n```rapport\nowned\n```\n\n" +
	"## Other\n\n```dataview\nTABLE file.mtime FROM \"Work\"\n```\n";
/** CRLF, a BOM, tildes, an indented fence, lower-case keywords and single quotes. */
const BEN = "People/Ben Ortiz.md";
const BEN_TEXT = "\ufeff---\r\ntype: people\r\n---\r\n   ~~~~ DataView\r\n   task where contains(text, '@BenOrtiz')\r\n   and completed = false\r\n   ~~~~~\r\nend\r\n";
const BEN_AFTER = "\ufeff---\r\ntype: people\r\n---\r\n   ~~~~rapport\r\n   owned\r\n   ~~~~~\r\nend\r\n";
/** Not a person: its block is not Rapport's to touch. */
const PLAN = "Notes/Plan.md";
const PLAN_TEXT = "```dataview\nTASK WHERE !completed AND contains(text, \"Ada Brennan\")\n```\n";
const FILES = { [ADA]: ADA_TEXT, [BEN]: BEN_TEXT, [PLAN]: PLAN_TEXT, "Daily/2026-11-20.md": "- [ ] Call Ada Brennan\n" };

/** Opens the preview and waits until it has read the notes; answers what it shows. */
async function openPreview() {
	assert.ok(await evaluate(() => window.harness.command("rapport:migrate-dataview-blocks")));
	await h.page.waitForSelector(".rapport-migrate-modal .rapport-migrate-summary");
	return evaluate(() => {
		const modal = document.querySelector(".rapport-migrate-modal");
		return {
			summary: modal.querySelector(".rapport-migrate-summary").textContent,
			notes: [...modal.querySelectorAll(".rapport-migrate-note")].map((n) => ({
				path: n.dataset.path,
				blocks: [...n.querySelectorAll(".rapport-migrate-block")].map((b) => [Number(b.dataset.line), b.dataset.kind, b.querySelector("pre").textContent]),
				skipped: [...n.querySelectorAll(".rapport-migrate-skipped")].map((s) => [Number(s.dataset.line), s.textContent]),
			})),
			button: modal.querySelector(".rapport-migrate-apply").textContent,
			disabled: modal.querySelector(".rapport-migrate-apply").disabled,
		};
	});
}

/** Clicks "Migrate" and answers the notices it leads to. */
async function apply() {
	const before = (await notices()).length;
	await h.page.click(".rapport-migrate-modal .rapport-migrate-apply");
	await h.page.waitForFunction((n) => window.harness.notices.length > n, before, { timeout: 10_000 });
	await settle();
	return (await notices()).slice(before);
}

describe("migrating Dataview blocks", () => {
	beforeEach(() => {
		h.errors.length = 0;
	});

	test("the preview lists each note's blocks and what they become, and the skipped ones with why, writing nothing", async () => {
		await start(FILES);
		const count = await writes();
		const baseline = await evaluate(() => window.harness.ledger.domListeners);
		const shown = await openPreview();
		assert.equal(shown.summary, "4 blocks to migrate in 2 people notes; 1 block left as it is.");
		assert.deepEqual(shown.notes, [
			{
				path: ADA,
				blocks: [
					[9, "projects", "```rapport\nprojects\nfrom: Work/Projects, Personal/Projects\n```"],
					[17, "tasks", "```rapport\ntasks\n```"],
					[26, "owned", "```rapport\nowned\n```"],
				],
				skipped: [[34, "Line 34: left as it is. A TABLE query: a rapport block shows no table."]],
			},
			{ path: BEN, blocks: [[4, "owned", "   ~~~~rapport\r\n   owned\r\n   ~~~~~"]], skipped: [] },
		]);
		assert.equal(shown.button, "Migrate 4 blocks");
		assert.ok((await evaluate(() => window.harness.ledger.domListeners)) > baseline, "its buttons listen");
		await evaluate(() => window.harness.closeModals());
		assert.equal(await evaluate(() => window.harness.ledger.domListeners), baseline, "closed, no listener left");
		assert.equal(await writes(), count, "nothing written by the preview");
		assert.deepEqual(h.errors, []);
	});

	test("migrating writes each note byte for byte, says so once, and a second run finds nothing", async () => {
		await start(FILES);
		await openPreview();
		const said = await apply();
		assert.deepEqual(said, ["Rapport: migrated 4 Dataview blocks in 2 notes."]);
		assert.equal(await text(ADA), ADA_AFTER);
		assert.equal(await text(BEN), BEN_AFTER);
		assert.equal(await text(PLAN), PLAN_TEXT, "not a people note: untouched");
		const again = await openPreview();
		assert.equal(again.summary, "0 blocks to migrate in 0 people notes; 1 block left as it is.");
		assert.deepEqual(again.notes.map((n) => [n.path, n.blocks.length, n.skipped.length]), [[ADA, 0, 1]]);
		assert.equal(again.disabled, true);
		assert.equal(again.button, "Nothing to migrate");
		assert.deepEqual(h.errors, []);
	});

	test("the example vault: every people note migrates, and Hugo's block with an extra condition stays", async () => {
		await start(vault);
		const shown = await openPreview();
		assert.equal(shown.summary, "65 blocks to migrate in 22 people notes; 1 block left as it is.");
		const hugo = shown.notes.find((n) => n.path === "People/Hugo Barros.md");
		assert.deepEqual(hugo.skipped, [[47, "Line 47: left as it is. The WHERE has the condition `due`, which a rapport block cannot say."]]);
		const said = await apply();
		assert.deepEqual(said, ["Rapport: migrated 65 Dataview blocks in 22 notes."]);
		const kofi = await text("People/Kofi Boateng.md");
		const want = vault["People/Kofi Boateng.md"]
			.replace(/```dataview\nlist\nfrom "Projects" or "Meetings"\nwhere contains\(file.outlinks, this.file.link\)\n```/, "```rapport\nprojects\nfrom: Projects, Meetings\n```")
			.replace(/```dataview\ntask from '' where contains\(text, 'Kofi Boateng'\) and !completed sort due asc\n```/, "```rapport\ntasks\n```")
			.replace(/```dataview\nTASK\nWHERE contains\(text, "@KofiBoateng"\) AND !completed\nSORT due ASC\n```/, "```rapport\nowned\n```");
		assert.notEqual(want, vault["People/Kofi Boateng.md"]);
		assert.equal(kofi, want);
		for (const [path, before] of Object.entries(vault)) {
			if (!path.startsWith("People/")) assert.equal(await text(path), before, `${path} untouched`);
		}
		assert.deepEqual(h.errors, []);
	});

	test("a note that cannot be written: one notice naming it, it stays as it was, the others are migrated", async () => {
		await start(FILES);
		await openPreview();
		await evaluate((p) => window.harness.app.vault.failWrites([p]), ADA);
		const said = await apply();
		assert.equal(said.length, 1, JSON.stringify(said));
		assert.match(said[0], /^Rapport: migrated 1 Dataview block in 1 note\. Could not save "Ada Brennan", so it is as before\./);
		assert.doesNotMatch(said[0], /EACCES/);
		assert.equal(await text(ADA), ADA_TEXT);
		assert.equal(await text(BEN), BEN_AFTER);
		assert.deepEqual(h.errors, [], "no unhandled rejection");
	});

	test("a note open in an editor is migrated through the editor: the cursor stays on its text, unsaved typing is kept", async () => {
		await start(FILES);
		const at = ADA_TEXT.indexOf("## Other");
		await evaluate(([p, a]) => window.harness.openInEditor(p, a), [ADA, at]);
		await evaluate((p) => window.harness.editorView(p).editor.type("Typed. "), ADA);
		await openPreview();
		await apply();
		const expected = ADA_AFTER.replace("## Other", "Typed. ## Other");
		assert.equal(await text(ADA), expected, "the typing and the migration, saved by the editor");
		const state = await evaluate((p) => {
			const e = window.harness.editorView(p).editor;
			return { text: e.getValue(), head: e.posToOffset(e.getCursor("head")), edits: e.edits.length };
		}, ADA);
		assert.equal(state.text, expected);
		assert.equal(expected.slice(state.head, state.head + "## Other".length), "## Other", "the cursor is still after what was typed");
		assert.deepEqual(h.errors, []);
	});

	test("a note edited after the preview is migrated as it is now, never at the preview's offsets", async () => {
		await start(FILES);
		await openPreview();
		const file = await evaluate((p) => window.harness.app.vault.getAbstractFileByPath(p) !== null, ADA);
		assert.ok(file);
		const edited = ADA_TEXT.replace("# Ada Brennan\n", "# Ada Brennan\n\nA new paragraph, written after the preview.\n");
		await evaluate(([p, t]) => window.harness.app.vault.modify(window.harness.app.vault.getAbstractFileByPath(p), t), [ADA, edited]);
		await apply();
		assert.equal(await text(ADA), ADA_AFTER.replace("# Ada Brennan\n", "# Ada Brennan\n\nA new paragraph, written after the preview.\n"));
		assert.deepEqual(h.errors, []);
	});
});
