/**
 * Note content is untrusted (vaults are shared and synced): every place Rapport shows a name, a
 * company, a task or a diagnostic must show markup as text. A MutationObserver watches the whole
 * page while every view, modal, code block and notice is shown, and no element from a note may
 * appear.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { evaluate, h, settle, useHarness } from "./support.mjs";

useHarness();


/** Tags that notes below try to inject; the harness and the plugin never create these themselves. */
const FORBIDDEN = ["IMG", "SCRIPT", "IFRAME", "B", "I", "svg", "STYLE", "OBJECT"];

const NAME = "<img src=x onerror=alert(1)>";
const PERSON = `People/${NAME}.md`;
const FILES = {
	[PERSON]: [
		"---",
		"type: people",
		"title: '<script>window.__pwned = \"title\"</script>'",
		"last_contact: <b>soon</b>",
		"cadence: <i>weekly</i>",
		"aliases: ['<iframe src=javascript:alert(2)>']",
		"tags: [type/people, 'company/<svg onload=alert(3)>']",
		"---",
		"## Contact Information",
		"| **Company** | <style>body{display:none}</style>Evil Corp |",
		"",
		"- [ ] <script>window.__pwned = \"own task\"</script> call @<b>x</b> [[<img src=x onerror=alert(1)>]]",
		"",
		"```rapport",
		"tasks",
		"```",
	].join("\n"),
	"Daily/2026-11-25.md": `- [ ] Ask [[${NAME}]] about <object data=x></object> <b>now</b> 📅 2026-11-30\n`,
};

test("names, companies, tasks and diagnostics with markup are shown as text, and nothing runs", async () => {
	await h.page.reload();
	await evaluate((tags) => {
		window.__injected = [];
		new MutationObserver((records) => {
			for (const r of records)
				for (const node of r.addedNodes) {
					if (!(node instanceof Element)) continue;
					for (const el of [node, ...node.querySelectorAll("*")]) if (tags.includes(el.tagName)) window.__injected.push(el.outerHTML);
				}
		}).observe(document.documentElement, { childList: true, subtree: true });
	}, FORBIDDEN);
	await evaluate((f) => window.harness.start(f), FILES);
	// Every surface that shows note content.
	await evaluate(() => window.harness.command("rapport:open-stale-contacts"));
	await evaluate((p) => window.harness.open(p), PERSON);
	await evaluate(() => window.harness.command("rapport:show-person-tasks"));
	await settle();
	const blocks = await evaluate((p) => ["tasks", "owned", "contact"].map((kind) => window.harness.renderBlock(kind, p).textContent), PERSON);
	await evaluate(() => window.harness.command("rapport:validate-current-note"));
	const modalText = await h.page.textContent(".rapport-diagnostics-modal");
	await evaluate(() => document.querySelector(".modal-container")?.remove());
	await evaluate(() => window.harness.command("rapport:validate-vault"));
	const reportText = await h.page.textContent(".rapport-report-modal");
	await evaluate(() => document.querySelector(".modal-container")?.remove());
	await evaluate(() => window.harness.command("rapport:snooze-contact"));
	const snoozeTitle = await h.page.textContent(".modal-title");
	await evaluate(() => document.querySelector(".modal-container")?.remove());
	await evaluate(() => window.harness.command("rapport:mark-contacted-today"));
	await settle();

	assert.deepEqual(await evaluate(() => window.__injected), [], "no element from a note reached the page");
	assert.equal(await evaluate(() => window.__pwned), undefined);
	assert.deepEqual(h.errors, [], "no script ran, no dialog opened");
	// And the markup is there, as text, where it belongs.
	const rows = await evaluate(() => window.harness.staleRows());
	assert.equal(rows[0].name, NAME);
	assert.match(await h.page.textContent(".rapport-person-view"), /<object data=x><\/object> <b>now<\/b>/);
	assert.match(blocks[0], /<object data=x>/);
	assert.match(modalText + reportText, /<b>soon<\/b>|<i>weekly<\/i>/);
	assert.equal(snoozeTitle, `Snooze ${NAME}`);
	assert.equal(await evaluate(() => getComputedStyle(document.body).display), "block", "no <style> from a note applied");
});

test("a note whose bytes are not UTF-8 is indexed as the editor shows it, beside the others", async () => {
	await h.page.reload();
	const person = "People/Ines Varga.md";
	const daily = "Daily/2026-11-24.md";
	const files = {
		[person]: "---\ntype: people\nlast_contact: 2026-11-01\n---\n",
		"Daily/2026-11-25.md": "- [ ] Send [[Ines Varga]] the agenda 📅 2026-11-28\n",
	};
	// "- [ ] Caf<E9> with [[Ines Varga]]": a Latin-1 byte where UTF-8 wants a sequence.
	const bytes = [...new TextEncoder().encode("- [ ] Caf"), 0xe9, ...new TextEncoder().encode(" with [[Ines Varga]] 📅 2026-11-27\n")];
	await evaluate(([f, path, b]) => window.harness.start({ ...f, [path]: new Uint8Array(b) }), [files, daily, bytes]);
	const answer = await evaluate((p) => window.harness.plugin.core.run((i) => i.tasksForPerson(p), null), person);
	assert.deepEqual(
		answer.mentions.map((t) => [t.path, t.description]),
		[
			[daily, "Caf\uFFFD with [[Ines Varga]]"],
			["Daily/2026-11-25.md", "Send [[Ines Varga]] the agenda"],
		],
	);
	assert.equal(await evaluate(() => window.harness.plugin.core.run((i) => i.noteCount(), 0)), 3);
	assert.deepEqual(h.errors, []);
});
