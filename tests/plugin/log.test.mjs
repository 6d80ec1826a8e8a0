/**
 * "Log this interaction" on the built plugin: the preview of a dated note (each linked person's
 * line and date, each can be unticked), the byte-exact result, idempotence, failed reads and
 * writes, a person note open in an editor, and the form on a people note.
 */
import { beforeEach, describe, test } from "node:test";
import assert from "node:assert/strict";
import { evaluate, h, notices, settle, useHarness, vault } from "./support.mjs";

useHarness();

const text = (path) => evaluate((p) => window.harness.text(p), path);
const writes = () => evaluate(() => window.harness.app.vault.writes.length);

async function start(files) {
	await h.page.reload();
	await evaluate((f) => window.harness.start(f), files);
	await settle();
}

const MEETING = "Meetings/2026-11-24 - Vendor panel.md";
const MEETING_TEXT = "# Vendor panel\n\nWith [[Ada Brennan]], [[Bo Kim|Bo]] and [[Cy Dune]].\n\n- [ ] Ask [[Ed Fox]] for references\n";
const ADA = "People/Ada Brennan.md";
const ADA_TEXT =
	"---\ntype: people\nlast_contact: '2025-10-31'\n---\n# Ada Brennan\n\n## Topics Discussed\n\nStorage\n\n## Recent Context\n\n- 2025-10-31: [[2025-10-31 - Orion sizing]] - sizing call\n";
const ADA_LOGGED = ADA_TEXT.replace("'2025-10-31'", "'2026-11-24'").replace(
	"\n- 2025-10-31:",
	"\n- 2026-11-24: [[2026-11-24 - Vendor panel]] - Vendor panel\n- 2025-10-31:",
);
/** CRLF, no Recent Context, no last_contact, and a character outside the BMP before the edits. */
const BO = "People/Bo Kim.md";
const BO_TEXT = '---\r\ntype: people\r\ncreated: "2026-02-01"\r\n---\r\n# Bo Kim 🌅\r\n\r\n## Topics Discussed\r\n\r\nPricing\r\n\r\n## Key Facts\r\n\r\n- tall\r\n';
const BO_LOGGED =
	'---\r\ntype: people\r\ncreated: "2026-02-01"\r\nlast_contact: "2026-11-24"\r\n---\r\n# Bo Kim 🌅\r\n\r\n## Topics Discussed\r\n\r\nPricing\r\n\r\n## Recent Context\r\n\r\n- 2026-11-24: [[2026-11-24 - Vendor panel]] - Vendor panel\r\n\r\n## Key Facts\r\n\r\n- tall\r\n';
/** Already logged by hand, and a newer last contact: nothing to do. */
const CY = "People/Cy Dune.md";
const CY_TEXT = "---\ntype: people\nlast_contact: 2026-11-25\n---\n## Recent Context\n- 2026-11-24: [[2026-11-24 - Vendor panel|the panel]] - by hand\n";
/** Linked only from an open task: not a contact. */
const ED = "People/Ed Fox.md";
const ED_TEXT = "---\ntype: people\n---\n# Ed Fox\n";
const FILES = { [MEETING]: MEETING_TEXT, [ADA]: ADA_TEXT, [BO]: BO_TEXT, [CY]: CY_TEXT, [ED]: ED_TEXT };

const row = (path) => `.rapport-log-modal .rapport-log-row[data-path="${path}"]`;

/** Opens `path` and runs the command on it. */
async function logFrom(path) {
	await evaluate((p) => window.harness.open(p), path);
	assert.ok(await evaluate(() => window.harness.command("rapport:log-interaction")), "the command runs on a markdown note");
	await settle();
}

async function apply() {
	await h.page.click(".rapport-log-modal button.mod-cta");
	await settle();
}

describe("log this interaction", () => {
	beforeEach(() => {
		h.errors.length = 0;
	});

	test("the preview lists each linked person with the line and the date change", async () => {
		await start(FILES);
		await logFrom(MEETING);
		const rows = await h.page.$$eval(".rapport-log-modal .rapport-log-row", (els) =>
			els.map((el) => ({
				path: el.getAttribute("data-path"),
				name: el.querySelector(".rapport-log-person span")?.textContent,
				ticked: el.querySelector("input").checked,
				disabled: el.querySelector("input").disabled,
				changes: el.querySelector(".rapport-log-changes").textContent,
			})),
		);
		assert.deepEqual(rows, [
			{ path: ADA, name: "Ada Brennan", ticked: true, disabled: false, changes: "- 2026-11-24: [[2026-11-24 - Vendor panel]] - Vendor panelLast contact → 2026-11-24" },
			{ path: BO, name: "Bo Kim", ticked: true, disabled: false, changes: "- 2026-11-24: [[2026-11-24 - Vendor panel]] - Vendor panelLast contact → 2026-11-24" },
			{ path: CY, name: "Cy Dune", ticked: false, disabled: true, changes: "Already up to date." },
		]);
		assert.match(await h.page.textContent(".rapport-log-modal"), /Meetings\/2026-11-24 - Vendor panel\.md \(2026-11-24\) links 3 people/);
		assert.equal(await text(ADA), ADA_TEXT, "nothing written by the preview");
		assert.deepEqual(h.errors, []);
	});

	test("apply writes each ticked note byte for byte; unticked and unlinked notes stay as they were", async () => {
		await start(FILES);
		await logFrom(MEETING);
		await h.page.uncheck(`${row(BO)} input`);
		await apply();
		assert.equal(await text(ADA), ADA_LOGGED);
		assert.equal(await text(BO), BO_TEXT, "unticked");
		assert.equal(await text(CY), CY_TEXT);
		assert.equal(await text(ED), ED_TEXT);
		assert.equal(await text(MEETING), MEETING_TEXT);
		assert.equal((await notices()).at(-1), "Rapport: Logged for Ada Brennan.");
		// Now Bo, in CRLF, with a character outside the BMP before the edits.
		await logFrom(MEETING);
		assert.equal(await h.page.isChecked(`${row(ADA)} input`), false, "Ada is up to date now");
		await apply();
		assert.equal(await text(BO), BO_LOGGED);
		assert.equal(await text(ADA), ADA_LOGGED);
		assert.deepEqual(h.errors, []);
	});

	test("a second run writes nothing", async () => {
		await start(FILES);
		await logFrom(MEETING);
		await apply();
		assert.equal(await text(ADA), ADA_LOGGED);
		assert.equal(await text(BO), BO_LOGGED);
		const count = await writes();
		await logFrom(MEETING);
		const boxes = await h.page.$$eval(".rapport-log-modal .rapport-log-row input", (els) => els.map((e) => e.checked));
		assert.deepEqual(boxes, [false, false, false]);
		// Ticked by hand anyway, the core finds nothing to do on the current text.
		await evaluate(() => document.querySelectorAll(".rapport-log-modal .rapport-log-row input").forEach((e) => ((e.disabled = false), e.click())));
		await apply();
		assert.equal(await writes(), count, "nothing written");
		assert.equal((await notices()).at(-1), "Rapport: Already up to date: Ada Brennan, Bo Kim, Cy Dune.");
	});

	test("the edits are computed on the note as it is when written, not as the preview read it", async () => {
		await start(FILES);
		await logFrom(MEETING);
		// Another device syncs a line in while the preview is open.
		const synced = ADA_TEXT.replace("# Ada Brennan\n", "# Ada Brennan\n\nNew from the phone.\n");
		await evaluate(([p, t]) => window.harness.modify(p, t), [ADA, synced]);
		await apply();
		assert.equal(
			await text(ADA),
			ADA_LOGGED.replace("# Ada Brennan\n", "# Ada Brennan\n\nNew from the phone.\n"),
		);
	});

	test("a note that cannot be read or written is skipped, and the notice says why", async () => {
		await start(FILES);
		await evaluate((p) => window.harness.app.vault.failReads([p], 1), BO);
		await logFrom(MEETING);
		assert.match(await h.page.textContent(row(BO)), /Could not be previewed: its note could not be read\./);
		await evaluate((p) => window.harness.app.vault.failWrites([p]), BO);
		await apply();
		assert.equal(await text(ADA), ADA_LOGGED);
		assert.equal(await text(BO), BO_TEXT);
		assert.equal((await notices()).at(-1), "Rapport: Logged for Ada Brennan; skipped Bo Kim: the note could not be written.");
	});

	test("a person note open in an editor keeps what was typed", async () => {
		await start(FILES);
		await evaluate(([p, end]) => window.harness.openInEditor(p, end), [ADA, ADA_TEXT.length]);
		await evaluate((p) => window.harness.editorView(p).editor.type("Typed, not saved. "), ADA);
		assert.equal(await text(ADA), ADA_TEXT, "typing is not on disk yet");
		await logFrom(MEETING);
		await apply();
		const expected = `${ADA_LOGGED}Typed, not saved. `;
		assert.equal(await evaluate((p) => window.harness.editorView(p).editor.getValue(), ADA), expected);
		assert.equal(await text(ADA), expected, "the editor saved the typing and the line together");
		assert.equal(await text(BO), BO_LOGGED, "a note not open is written through the file");
	});

	test("on a people note: a form for the date, a summary and an optional link", async () => {
		await start(FILES);
		await logFrom(CY);
		assert.equal(await h.page.inputValue(".rapport-log-contact-modal .rapport-log-date-input"), "2026-11-26", "today by default");
		// Neither a summary nor a link: nothing to write, and it says so.
		await h.page.click(".rapport-log-contact-modal button.mod-cta");
		assert.match(await h.page.textContent(".rapport-log-contact-modal .rapport-log-error"), /Write a summary or link a note/);
		await h.page.fill(".rapport-log-contact-modal .rapport-log-summary-input", "Coffee\nby the harbour");
		await h.page.click(".rapport-log-contact-modal button.mod-cta");
		await settle();
		assert.equal(
			await text(CY),
			"---\ntype: people\nlast_contact: 2026-11-26\n---\n## Recent Context\n- 2026-11-26: Coffee by the harbour\n- 2026-11-24: [[2026-11-24 - Vendor panel|the panel]] - by hand\n",
		);
		assert.equal((await notices()).at(-1), "Rapport: Logged for Cy Dune.");
		// With a link, on an earlier day: the line goes in date order, the date does not go back.
		await logFrom(ED);
		await h.page.fill(".rapport-log-contact-modal .rapport-log-date-input", "2026-11-20");
		await h.page.fill(".rapport-log-contact-modal .rapport-log-link-input", "[[2026-11-24 - Vendor panel]]");
		await h.page.click(".rapport-log-contact-modal button.mod-cta");
		await settle();
		assert.equal(
			await text(ED),
			"---\ntype: people\nlast_contact: '2026-11-20'\n---\n# Ed Fox\n\n## Recent Context\n\n- 2026-11-20: [[2026-11-24 - Vendor panel]] - Vendor panel\n",
		);
		assert.deepEqual(h.errors, []);
	});

	test("on a note that is neither dated nor a person, or dated after today, a notice says why and nothing is written", async () => {
		await start({ ...FILES, "Projects/Orion.md": "With [[Ada Brennan]].\n", "Meetings/2026-12-01 - Later.md": "With [[Ada Brennan]].\n" });
		const count = await writes();
		await logFrom("Projects/Orion.md");
		assert.match((await notices()).at(-1), /`Projects\/Orion\.md` is not a dated note: name it `YYYY-MM-DD - Title\.md` or `YYYY-MM-DD\.md`, or give it a `date` property\./);
		await logFrom("Meetings/2026-12-01 - Later.md");
		assert.equal((await notices()).at(-1), "Rapport: The note is dated 2026-12-01, after today (2026-11-26): it is not a contact yet. Nothing was logged.");
		assert.equal(await h.page.locator(".rapport-log-modal").count(), 0, "no preview");
		assert.equal(await writes(), count);
	});

	test("on the example vault, the hiring loop debrief reaches Adaeze, Soren and Theo (vault-expectations.md)", async () => {
		await start(vault);
		await logFrom("Meetings/2026-11-19 - Hiring loop debrief.md");
		const line = "- 2026-11-19: [[2026-11-19 - Hiring loop debrief]] - Hiring loop debrief";
		const rows = await h.page.$$eval(".rapport-log-modal .rapport-log-row", (els) => els.map((el) => [el.getAttribute("data-path"), el.querySelector(".rapport-log-changes").textContent]));
		assert.deepEqual(rows, [
			["People/Adaeze Okonkwo.md", `${line}Last contact → 2026-11-19`],
			["People/Soren Vale.md", line],
			["People/Theo Marchetti.md", line],
		]);
		await apply();
		assert.ok((await text("People/Soren Vale.md")).includes(`\n## Recent Context\n\n${line}\n\n## Profile\n`), "the new section before ## Profile");
		assert.equal((await notices()).at(-1), "Rapport: Logged for Adaeze Okonkwo, Soren Vale, Theo Marchetti.");
	});
});
