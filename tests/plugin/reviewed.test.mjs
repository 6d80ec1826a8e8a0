/**
 * "Mark the current person reviewed" (issue 18): the command removes the needs-review tag from the
 * tags property, byte for byte, through the same write path as "mark contacted" (the open editor
 * when there is one, else Vault.process on the file's current text), and is hidden where the tag
 * is absent.
 */
import { beforeEach, describe, test } from "node:test";
import assert from "node:assert/strict";
import { evaluate, h, notices, settle, start, useHarness } from "./support.mjs";

useHarness();

const text = (path) => evaluate((p) => window.harness.text(p), path);
const command = (id) => evaluate((c) => window.harness.command(c), id);

/** A block list with a comment after an item, CRLF line endings and an emoji before the tag (UTF-16 offsets). */
const ELIN = "People/Elin Marsh.md";
const ELIN_TEXT = "---\r\ntype: people\r\ntitle: Elin Marsh 🌊\r\ntags:\r\n  - people # from import\r\n  - needs-review\r\n  - sailing\r\nauto_created: true\r\n---\r\n# Elin Marsh\r\n\r\nMet at the regatta. #needs-review\r\n";
/** A flow list where the tag is the last item, LF. */
const FINN = "People/Finn Aldous.md";
const FINN_TEXT = "---\ntype: people\ntitle: Finn Aldous\ntags: [people, \"Needs-Review\"]\ncadence: monthly\n---\n# Finn Aldous\n\n## Notes\n\nLikes lighthouses.\n";
/** A person without the tag. */
const GRETA = "People/Greta Nyberg.md";
const GRETA_TEXT = "---\ntype: people\ntitle: Greta Nyberg\ntags: [people]\n---\n# Greta Nyberg\n";
const FILES = { [ELIN]: ELIN_TEXT, [FINN]: FINN_TEXT, [GRETA]: GRETA_TEXT };

/** Runs a command and returns the notices it raised (waiting for the first). */
async function commandAndNotice(id) {
	const before = (await notices()).length;
	assert.ok(await command(id), `${id} ran`);
	await h.page.waitForFunction((n) => window.harness.notices.length > n, before, { timeout: 5000 });
	await settle();
	return (await notices()).slice(before);
}

describe("mark reviewed", () => {
	beforeEach(() => {
		h.errors.length = 0;
	});

	test("a block list loses the item's line alone; the body's #needs-review stays", async () => {
		await start(FILES);
		await evaluate((p) => window.harness.open(p), ELIN);
		const said = await commandAndNotice("rapport:mark-reviewed");
		assert.deepEqual(said, ["Rapport: Marked reviewed (the needs-review tag is removed)."]);
		assert.equal(await text(ELIN), ELIN_TEXT.replace("  - needs-review\r\n", ""));
		await settle();
		assert.equal(await command("rapport:mark-reviewed"), false, "the body's tag is not one the command can remove: hidden");
		assert.deepEqual(h.errors, []);
	});

	test("a flow list loses the item and its comma; then the command is hidden", async () => {
		await start(FILES);
		await evaluate((p) => window.harness.open(p), FINN);
		await commandAndNotice("rapport:mark-reviewed");
		assert.equal(await text(FINN), FINN_TEXT.replace(', "Needs-Review"]', "]"));
		assert.equal(await command("rapport:mark-reviewed"), false, "no tag left: the command is hidden");
		assert.deepEqual(h.errors, []);
	});

	test("the command is hidden on a person without the tag and on a note that is not a person", async () => {
		await start({ ...FILES, "Daily/2026-11-20.md": "# 2026-11-20\n\n#needs-review\n" });
		await evaluate((p) => window.harness.open(p), GRETA);
		assert.equal(await command("rapport:mark-reviewed"), false);
		await evaluate((p) => window.harness.open(p), "Daily/2026-11-20.md");
		assert.equal(await command("rapport:mark-reviewed"), false);
		assert.equal(await text(GRETA), GRETA_TEXT);
	});

	test("an open editor keeps unsaved typing, and the edit is computed on it", async () => {
		await start(FILES);
		const at = FINN_TEXT.indexOf("Likes lighthouses.");
		await evaluate(([p, a]) => window.harness.openInEditor(p, a), [FINN, at]);
		await evaluate((p) => window.harness.editorView(p).editor.type("Sails on Sundays. "), FINN);
		assert.equal(await text(FINN), FINN_TEXT, "typing is not on disk before the editor saves");
		await commandAndNotice("rapport:mark-reviewed");
		const expected = FINN_TEXT.replace("Likes lighthouses.", "Sails on Sundays. Likes lighthouses.").replace(', "Needs-Review"]', "]");
		assert.equal(await text(FINN), expected, "both the typing and the edit are in the file");
		const editor = await evaluate((p) => {
			const e = window.harness.editorView(p).editor;
			return { text: e.getValue(), head: e.posToOffset(e.getCursor("head")) };
		}, FINN);
		assert.equal(editor.text, expected);
		assert.equal(editor.head, at + "Sails on Sundays. ".length - ', "Needs-Review"'.length, "the cursor stays after the typing");
	});
});
