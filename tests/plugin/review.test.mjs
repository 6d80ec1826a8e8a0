/**
 * "Review people" (issue 18, part 1): the view lists the review queue with its facts, moves by
 * keyboard, and acts per key on the current person: `r` removes the needs-review tag byte for
 * byte and the next person comes up, `n` adds the note to the notPeople setting without writing
 * it (the person leaves the queue and the stale list), `m` asks the plugin to merge. Renames keep
 * notPeople in step; the settings tab can take an entry out.
 */
import { beforeEach, describe, test } from "node:test";
import assert from "node:assert/strict";
import { evaluate, h, settle, start, TODAY, useHarness } from "./support.mjs";

useHarness();

const text = (path) => evaluate((p) => window.harness.text(p), path);
/** The stale list's paths, as the stale view shows them. */
const stale = () => evaluate((today) => window.harness.plugin.core.run((i) => i.stale(today).map((c) => c.path), []), TODAY);

/** Auto-created, the tag in a block list, linked from two meetings: first in the queue. */
const ADA = "People/Ada Brennan.md";
const ADA_TEXT = "---\ntype: people\nauto_created: true\ntags:\n  - needs-review\n  - sailing\n---\n# Ada Brennan\n\n## Contact Information\n\n| Field | Value |\n|---|---|\n| **Email** | _Unknown_ |\n\n## Relationship\n\n_How do you work with this person?_\n";
/** The tag in a flow list, any case; linked from one meeting: second. */
const BO = "People/Bo Tran.md";
const BO_TEXT = "---\ntype: people\ntags: [people, Needs-Review]\nlast_contact: 2026-11-01\n---\n# Bo Tran\n";
/** Auto-created, mentioned nowhere: last. A company a tool took for a person. */
const ACME = "People/Acme.md";
const ACME_TEXT = "---\ntype: people\nauto_created: true\nlast_contact: 2026-10-01\n---\n# Acme\n";
/** A person nobody queued. */
const CY = "People/Cy Dune.md";
const FILES = {
	[ADA]: ADA_TEXT,
	[BO]: BO_TEXT,
	[ACME]: ACME_TEXT,
	[CY]: "---\ntype: people\nlast_contact: 2026-11-20\n---\n# Cy Dune\n",
	"Meetings/2026-11-02 - Kickoff.md": "With [[Ada Brennan]] and [[Bo Tran]].\n",
	"Meetings/2026-11-09 - Sync.md": "With [[Ada Brennan]] and [[Cy Dune]].\n",
};

const openView = async () => {
	assert.ok(await evaluate(() => window.harness.command("rapport:open-review-queue")));
	await settle();
};
/** The view's rows in order: path, whether current, and what they say. */
const queue = () =>
	evaluate(() =>
		[...document.querySelectorAll(".rapport-review-view .rapport-review-person")].map((el) => ({
			path: el.dataset.path,
			current: el.classList.contains("rapport-review-current"),
			missing: el.querySelector(".rapport-review-missing")?.textContent ?? "",
			mentions: el.querySelector(".rapport-review-mentions")?.textContent ?? "",
			duplicates: [...el.querySelectorAll(".rapport-review-duplicate")].map((d) => d.textContent),
		})),
	);
const current = async () => (await queue()).find((r) => r.current)?.path ?? null;
const focusedPath = () => evaluate(() => document.activeElement?.closest(".rapport-review-person")?.dataset.path ?? null);
const press = async (key) => {
	await h.page.keyboard.press(key);
	await settle();
};
const focusList = () => h.page.focus(".rapport-review-view .rapport-review-current");

describe("review people", () => {
	beforeEach(() => {
		h.errors.length = 0;
	});

	test("the view lists the queue with its facts, most mentioned first", async () => {
		await start({ ...FILES, "People/Ada B.md": "---\ntype: people\nauto_created: true\n---\n" });
		await openView();
		const got = await queue();
		assert.deepEqual(
			got.map((r) => r.path),
			[ADA, BO, ACME, "People/Ada B.md"],
		);
		assert.equal(got[0].current, true, "the first person is current");
		assert.equal(got[0].missing, "Missing: last_contact, Email, Relationship");
		assert.equal(got[0].mentions, "Mentioned in 2 notes, first seen 2026-11-02 in 2026-11-02 - Kickoff");
		assert.deepEqual(got[0].duplicates, ["May be Ada B: Ada B is Ada Brennan's first name and last initial"]);
		assert.equal(got[1].missing, "Nothing missing.");
		assert.equal(got[2].mentions, "Mentioned nowhere");
		const buttons = await h.page.locator(`.rapport-review-person[data-path="${ACME}"] .rapport-actions button`).allTextContents();
		assert.deepEqual(buttons, ["Mark reviewedr", "Not a personn", "Merge into…m"]);
		assert.equal(await h.page.locator(`.rapport-review-person[data-path="${ACME}"] .rapport-review-reviewed`).isDisabled(), true, "no tag to remove");
		assert.deepEqual(h.errors, []);
	});

	test("arrow keys and j, k move; Enter opens the current person's note", async () => {
		await start(FILES);
		await openView();
		await focusList();
		await press("j");
		assert.equal(await current(), BO);
		await press("ArrowDown");
		assert.equal(await current(), ACME);
		await press("ArrowDown");
		assert.equal(await current(), ACME, "the last stays current");
		await press("k");
		await press("ArrowUp");
		assert.equal(await current(), ADA);
		assert.equal(await focusedPath(), ADA, "focus follows the current person");
		await press("j");
		await press("Enter");
		assert.equal(await evaluate(() => window.harness.app.workspace.getActiveFile()?.path), BO);
		assert.deepEqual(h.errors, []);
	});

	test("r removes the tag alone, byte for byte, and the next person comes up with the focus", async () => {
		await start(FILES);
		await openView();
		await focusList();
		await press("r");
		assert.equal(await text(ADA), ADA_TEXT.replace("  - needs-review\n", ""));
		const after = await queue();
		assert.deepEqual(
			after.map((r) => r.path),
			[ADA, BO, ACME],
			"still auto-created, Ada stays in the queue",
		);
		assert.equal(await current(), BO);
		assert.equal(await focusedPath(), BO);
		// The button does the same on the person it belongs to.
		await h.page.click(`.rapport-review-person[data-path="${BO}"] .rapport-review-reviewed`);
		await settle();
		assert.equal(await text(BO), BO_TEXT.replace(", Needs-Review]", "]"));
		assert.deepEqual(
			(await queue()).map((r) => r.path),
			[ADA, ACME],
			"Bo was queued by the tag alone",
		);
		assert.equal(await current(), ACME);
		assert.deepEqual(h.errors, []);
	});

	test("n makes the note no person without writing it: it leaves the queue and the stale list", async () => {
		await start(FILES);
		await openView();
		assert.ok((await stale()).includes(ACME), "Acme is on the stale list at first");
		await focusList();
		await press("j");
		await press("j");
		assert.equal(await current(), ACME);
		await press("n");
		assert.deepEqual(await evaluate(() => window.harness.plugin.settings.notPeople), [ACME]);
		assert.deepEqual(await evaluate(() => window.harness.plugin.data.notPeople), [ACME], "saved in data.json");
		assert.equal(await text(ACME), ACME_TEXT, "the note is not written");
		assert.deepEqual(
			(await queue()).map((r) => r.path),
			[ADA, BO],
		);
		assert.equal(await current(), BO, "the person before comes up when the last goes");
		assert.ok(!(await stale()).includes(ACME), "Acme left the stale list");
		assert.equal(await evaluate((p) => window.harness.plugin.core.run((i) => i.personForPath(p), "?"), ACME), null);
		assert.deepEqual(h.errors, []);
	});

	test("a rename keeps notPeople in step; the settings tab takes an entry out", async () => {
		await start(FILES, { data: { notPeople: [ACME, "Orgs/Old/Globex.md"] } });
		await openView();
		assert.deepEqual(
			(await queue()).map((r) => r.path),
			[ADA, BO],
		);
		await evaluate(() => window.harness.rename("People/Acme.md", "Orgs/Acme Corp.md"));
		await settle();
		assert.deepEqual(await evaluate(() => window.harness.plugin.settings.notPeople), ["Orgs/Acme Corp.md", "Orgs/Old/Globex.md"]);
		assert.ok(!(await queue()).some((r) => r.path === "Orgs/Acme Corp.md"), "still no person under its new path");
		assert.ok(!(await stale()).includes("Orgs/Acme Corp.md"));
		// The settings tab lists both, the one missing from the vault said so; Remove makes a person again.
		await evaluate(() => window.harness.showSettings());
		const entries = () =>
			evaluate(() =>
				[...document.querySelectorAll(".rapport-not-people-entry")].map((e) => [e.dataset.path, e.querySelector(".setting-item-description")?.textContent ?? ""]),
			);
		assert.deepEqual(await entries(), [
			["Orgs/Acme Corp.md", ""],
			["Orgs/Old/Globex.md", "Not in the vault (renamed outside Obsidian, or deleted)."],
		]);
		await h.page.click('.rapport-not-people-entry[data-path="Orgs/Acme Corp.md"] button');
		await settle();
		assert.deepEqual(await evaluate(() => window.harness.plugin.settings.notPeople), ["Orgs/Old/Globex.md"]);
		assert.deepEqual(await entries(), [["Orgs/Old/Globex.md", "Not in the vault (renamed outside Obsidian, or deleted)."]]);
		assert.ok((await queue()).some((r) => r.path === "Orgs/Acme Corp.md"), "a person again, back in the queue");
		assert.deepEqual(h.errors, []);
	});

	test("a notPeople of the wrong type takes its default, said once", async () => {
		await start(FILES, { data: { notPeople: "People/Acme.md" } });
		assert.deepEqual(await evaluate(() => window.harness.plugin.settings.notPeople), []);
		const said = await evaluate(() => [...window.harness.notices]);
		assert.ok(said.some((n) => n.includes('"Not people"') && n.includes("back to the default")), JSON.stringify(said));
		await openView();
		assert.ok((await queue()).some((r) => r.path === ACME));
	});

	test("m asks the plugin to merge the current person; the current person follows a rename", async () => {
		await start(FILES);
		await openView();
		await evaluate(() => {
			window.mergeCalls = [];
			window.harness.plugin.openMergeInto = (path) => window.mergeCalls.push(path);
		});
		await focusList();
		await press("j");
		await press("m");
		assert.deepEqual(await evaluate(() => window.mergeCalls), [BO]);
		await h.page.click(`.rapport-review-person[data-path="${ACME}"] .rapport-review-merge`);
		assert.deepEqual(await evaluate(() => window.mergeCalls), [BO, ACME]);
		// Enter on a focused button is the button's: it merges, and opens no note.
		const active = await evaluate(() => window.harness.app.workspace.getActiveFile()?.path ?? null);
		await h.page.focus(`.rapport-review-person[data-path="${ADA}"] .rapport-review-merge`);
		await press("Enter");
		assert.deepEqual(await evaluate(() => window.mergeCalls), [BO, ACME, ADA]);
		assert.equal(await evaluate(() => window.harness.app.workspace.getActiveFile()?.path ?? null), active);
		await evaluate(() => window.harness.rename("People/Bo Tran.md", "People/Bo Tran-Nguyen.md"));
		await settle();
		assert.equal(await current(), "People/Bo Tran-Nguyen.md");
		assert.deepEqual(h.errors, []);
	});
});
