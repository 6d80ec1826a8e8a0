/**
 * The views and code blocks as Obsidian runs them: links that open, preview and show menus as
 * Obsidian's own do, views deferred and restored with the workspace, no right split, a phone
 * without a status bar, renames, refreshes that keep focus, and midnight.
 */
import { beforeEach, describe, test } from "node:test";
import assert from "node:assert/strict";
import { evaluate, h, rows, settle, start, TODAY, useHarness, vault } from "./support.mjs";

useHarness();


const openPanel = async () => {
	assert.ok(await evaluate(() => window.harness.command("rapport:open-stale-contacts")));
	await settle();
};
/** The name link in the stale view's row of `path`. */
const nameIn = (path) => `.rapport-stale-view .rapport-contact[data-path="${path}"] .rapport-contact-name`;
/** What each main-area leaf shows: its file and how it was opened. */
const mainLeaves = () =>
	evaluate(() => {
		const ws = window.harness.app.workspace;
		return [ws.mainLeaf, ...ws.leaves.filter((l) => l.side === "main")].map((l) => ({ file: l.file?.path ?? null, pane: l.el.dataset.pane ?? null, active: ws.activeLeaf === l }));
	});

const OMAR = "People/Omar Castellane.md";
const GIDEON = "People/Gideon Aske.md";
const NADIA = "People/Nadia Farrow.md";
const KOFI = "People/Kofi Boateng.md";

describe("views and blocks, as strict as Obsidian", () => {
	beforeEach(() => {
		h.errors.length = 0;
	});

	test("a note opened from a view becomes the active note: status bar and note commands follow it", async () => {
		await start();
		await evaluate((p) => window.harness.open(p), OMAR);
		await openPanel();
		assert.equal(await h.page.textContent(".rapport-status-bar"), "Rapport: 1 problem");
		// A real click: the mousedown makes the sidebar leaf active, as in Obsidian.
		await h.page.click(nameIn(GIDEON));
		await settle();
		assert.equal(await evaluate(() => window.harness.app.workspace.getActiveFile()?.path), GIDEON);
		assert.deepEqual(await mainLeaves(), [{ file: GIDEON, pane: null, active: true }], "opened in the main leaf, which is now active");
		const problems = await evaluate((p) => window.harness.plugin.core.run((i) => i.diagnostics(p, "2026-11-26").length, -1), GIDEON);
		assert.equal(await h.page.textContent(".rapport-status-bar"), problems === 0 ? "" : `Rapport: ${problems} problem${problems === 1 ? "" : "s"}`);
		assert.deepEqual(h.errors, []);
	});

	test("Ctrl-click and middle click open a new tab; a task's line link opens at its line", async () => {
		await start();
		await evaluate((p) => window.harness.open(p), OMAR);
		await openPanel();
		await h.page.click(nameIn(GIDEON), { modifiers: ["Control"] });
		await settle();
		assert.deepEqual(await mainLeaves(), [
			{ file: OMAR, pane: null, active: false },
			{ file: GIDEON, pane: "tab", active: true },
		]);
		await evaluate((p) => window.harness.plugin.showPersonTasks(p), NADIA);
		await settle();
		const link = h.page.locator(".rapport-person-view .rapport-task .rapport-source").first();
		const [path, line] = (await link.textContent()).split(":");
		await link.click({ button: "middle" });
		await settle();
		const leaves = await mainLeaves();
		assert.equal(leaves.length, 3, "a middle click opens one more tab");
		assert.deepEqual(leaves[2], { file: `${path}.md`, pane: "tab", active: true });
		assert.deepEqual(await evaluate(() => window.harness.app.workspace.leaves.filter((l) => l.side === "main").at(-1).eState), { line: Number(line) - 1 });
		assert.deepEqual(h.errors, []);
	});

	test("links in the views get Page preview (with Mod held, as registered) and the file menu", async () => {
		await start();
		await openPanel();
		assert.deepEqual(await evaluate(() => Object.fromEntries(window.harness.app.workspace.hoverSources)), { rapport: { display: "Rapport", defaultMod: true } });
		await h.page.hover(nameIn(GIDEON));
		assert.equal(await evaluate(() => window.harness.app.workspace.previews.length), 0, "without Mod, no preview (defaultMod)");
		await h.page.mouse.move(0, 0);
		await h.page.keyboard.down("Control");
		await h.page.hover(nameIn(NADIA));
		await h.page.keyboard.up("Control");
		const previews = await evaluate(() => window.harness.app.workspace.previews.map((p) => ({ source: p.source, path: p.path, target: p.targetEl?.textContent })));
		assert.deepEqual(previews, [{ source: "rapport", path: NADIA, target: "Nadia Farrow" }]);

		// Another plugin's file-menu item appears on a right click, for the right file.
		await evaluate(() =>
			window.harness.app.workspace.on("file-menu", (menu, file, source) => menu.addItem((item) => item.setTitle(`Other plugin: ${file.path} (${source})`))),
		);
		await h.page.click(nameIn(GIDEON), { button: "right" });
		assert.deepEqual(await evaluate(() => [...document.querySelectorAll(".menu .menu-item")].map((e) => e.textContent)), [`Other plugin: ${GIDEON} (rapport)`]);
		assert.deepEqual(await mainLeaves(), [{ file: null, pane: null, active: false }], "a right click opens nothing");
		assert.deepEqual(h.errors, []);
	});

	test("the person view keeps its person in the workspace layout and follows a rename", async () => {
		await start();
		await evaluate((p) => window.harness.plugin.showPersonTasks(p), NADIA);
		await settle();
		const saved = () => evaluate(() => window.harness.app.workspace.savedLayout.filter((s) => s.type === "rapport-person-tasks"));
		assert.deepEqual(await saved(), [{ type: "rapport-person-tasks", state: { file: NADIA } }]);
		await evaluate((p) => window.harness.plugin.showPersonTasks(p), KOFI);
		await settle();
		assert.deepEqual(await saved(), [{ type: "rapport-person-tasks", state: { file: KOFI } }], "the layout is saved when the person changes");

		const renamed = "People/Kofi Boateng-Mensah.md";
		await evaluate(([a, b]) => window.harness.rename(a, b), [KOFI, renamed]);
		await settle();
		assert.equal(await h.page.textContent(".rapport-person-view .rapport-person-name"), "Kofi Boateng-Mensah", "named by its file");
		assert.doesNotMatch(await h.page.textContent(".rapport-person-view"), /Open a people note/, "the renamed person, not an empty view");
		assert.deepEqual(await saved(), [{ type: "rapport-person-tasks", state: { file: renamed } }]);
		assert.deepEqual(h.errors, []);
	});

	test("views restored with the layout are deferred until revealed, and come back with their state", async () => {
		const layout = [
			{ type: "rapport-stale-contacts", state: {} },
			{ type: "rapport-person-tasks", state: { file: NADIA } },
		];
		await start(vault, { layout });
		await evaluate((p) => window.harness.open(p), KOFI);
		await settle();
		const state = () =>
			evaluate(() =>
				window.harness.app.workspace.leaves.map((l) => ({ type: l.view?.getViewType(), deferred: l.isDeferred, person: l.view?.containerEl.querySelector(".rapport-person-name")?.textContent ?? null })),
			);
		assert.deepEqual(await state(), [
			{ type: "rapport-stale-contacts", deferred: true, person: null },
			{ type: "rapport-person-tasks", deferred: true, person: null },
		]);
		assert.equal(await evaluate(() => window.harness.app.workspace.rightCollapsed), true);
		await evaluate(() => window.harness.app.workspace.revealLeaf(window.harness.app.workspace.leaves[1]));
		assert.equal(await evaluate(() => window.harness.app.workspace.rightCollapsed), false, "revealing uncollapses the sidebar");
		await settle();
		assert.deepEqual((await state())[1], { type: "rapport-person-tasks", deferred: false, person: "Nadia Farrow" }, "the saved person, not the active note");
		// The command finds the restored stale view instead of opening a second one.
		await openPanel();
		assert.deepEqual((await state()).map((s) => [s.type, s.deferred]), [
			["rapport-stale-contacts", false],
			["rapport-person-tasks", false],
		]);
		assert.equal((await rows()).length, 29);
		assert.deepEqual(h.errors, []);
	});

	test("without a right split, the views open in a tab of the main area", async () => {
		await start(vault, { rightSplit: false });
		await openPanel();
		assert.equal((await rows()).length, 29);
		await evaluate((p) => window.harness.plugin.showPersonTasks(p), NADIA);
		await settle();
		assert.equal(await h.page.textContent(".rapport-person-view .rapport-person-name"), "Nadia Farrow");
		assert.deepEqual(
			await evaluate(() => window.harness.app.workspace.leaves.map((l) => [l.side, l.view?.getViewType()])),
			[
				["main", "rapport-stale-contacts"],
				["main", "rapport-person-tasks"],
			],
		);
		assert.deepEqual(h.errors, []);
	});

	test("on a phone, with no status bar, a note's file menu leads to its problems", async () => {
		await start(vault, { mobile: true });
		await evaluate((p) => window.harness.open(p), OMAR);
		await settle();
		assert.equal(await evaluate(() => document.querySelectorAll(".status-bar-item").length), 0);
		assert.deepEqual(await evaluate((p) => window.harness.fileMenu(p), OMAR), ["Show 1 problem (Rapport)"]);
		await h.page.click(".menu .menu-item:text('Show 1 problem (Rapport)')");
		assert.equal(await h.page.locator(".rapport-diagnostics-modal .rapport-diagnostic").count(), 1);
		await evaluate(() => window.harness.closeModals());
		assert.deepEqual(await evaluate((p) => window.harness.fileMenu(p), "Daily/2026-11-20.md"), [], "no item for a note without problems");
		assert.deepEqual(h.errors, []);
	});

	test("a refresh updates rows in place: focus and scroll survive a note changing", async () => {
		await start();
		await openPanel();
		const theo = "People/Theo Marchetti.md";
		await evaluate(() => {
			const content = document.querySelector(".rapport-stale-view");
			content.style.height = "240px";
			content.style.overflowY = "auto";
			content.scrollTop = 400;
		});
		await evaluate((p) => {
			const button = document.querySelector(`.rapport-contact[data-path="${p}"] .rapport-snooze`);
			button.dataset.marked = "yes";
			button.focus();
		}, theo);
		const scroll = await evaluate(() => document.querySelector(".rapport-stale-view").scrollTop);
		assert.ok(scroll > 0, "the panel scrolls");
		// A note changes elsewhere in the vault.
		await evaluate(() => window.harness.create("Daily/2026-11-29.md", "- [ ] Call [[Gideon Aske]] 📅 2026-11-30\n"));
		await settle();
		const focused = () => evaluate(() => ({ marked: document.activeElement?.dataset.marked ?? null, row: document.activeElement?.closest(".rapport-contact")?.dataset.path ?? null }));
		assert.deepEqual(await focused(), { marked: "yes", row: theo });
		assert.equal(await evaluate(() => document.querySelector(".rapport-stale-view").scrollTop), scroll);
		assert.equal((await rows()).find((r) => r.path === GIDEON).tasks, "3 open tasks", "the change is shown");
		// The focused person's own status changes: the row moves to another group, focus stays on it.
		const text = vault[theo].replace(/last_contact: .*/, "last_contact: 2026-11-25");
		assert.notEqual(text, vault[theo]);
		await evaluate(([p, t]) => window.harness.modify(p, t), [theo, text]);
		await settle();
		assert.equal((await rows()).find((r) => r.path === theo).status, "ok");
		assert.deepEqual(await focused(), { marked: "yes", row: theo });
		assert.deepEqual(h.errors, []);
	});

	test("the person view also keeps its rows, and focus in them, when another note changes", async () => {
		await start();
		await evaluate((p) => window.harness.plugin.showPersonTasks(p), NADIA);
		await settle();
		await evaluate(() => {
			const link = document.querySelector(".rapport-person-view .rapport-task .rapport-source");
			link.dataset.marked = "yes";
			link.focus();
		});
		await evaluate(() => window.harness.create("Daily/2026-11-29.md", "- [ ] Ask [[Nadia Farrow]] about the renewal 📅 2026-12-01\n"));
		await settle();
		assert.match(await h.page.textContent(".rapport-person-view"), /Mentions \(3\)/, "the new task is shown");
		assert.equal(await evaluate(() => document.activeElement?.dataset.marked ?? null), "yes");
		assert.deepEqual(h.errors, []);
	});

	test("the stale view: no heading repeating the tab title, Obsidian's search box, code spans in reasons", async () => {
		await start();
		await openPanel();
		assert.equal(await evaluate(() => document.querySelectorAll(".rapport-stale-view h1, .rapport-stale-view h2, .rapport-stale-view h3, .rapport-stale-view h4").length), 0);
		const input = h.page.locator(".rapport-stale-view .search-input-container input[type=search]");
		await input.fill("theo");
		assert.deepEqual((await rows()).map((r) => r.name), ["Theo Marchetti"]);
		// Obsidian's CSS shows the clear button while there is text; the harness has no such CSS.
		await h.page.locator(".rapport-stale-view .search-input-clear-button").dispatchEvent("click");
		assert.equal((await rows()).length, 29);
		assert.equal(await input.inputValue(), "");
		const paused = h.page.locator(".rapport-status-paused .rapport-reason").first();
		assert.equal(await paused.textContent(), "Paused: cadence is none, so no reminders.");
		assert.equal(await paused.locator("code").textContent(), "none");
		assert.deepEqual(h.errors, []);
	});

	test("diagnostics show code spans, and Fix is not a call to action", async () => {
		await start();
		await evaluate((p) => window.harness.open(p), OMAR);
		assert.ok(await evaluate(() => window.harness.command("rapport:validate-current-note")));
		const message = h.page.locator(".rapport-diagnostics-modal .rapport-diagnostic-message").first();
		assert.doesNotMatch(await message.textContent(), /`/);
		assert.deepEqual(await message.locator("code").allTextContents(), ["last_contact", "10/31/2025"]);
		assert.equal(await h.page.locator(".rapport-diagnostics-modal .rapport-fix").count(), 1);
		assert.equal(await h.page.locator(".rapport-diagnostics-modal .rapport-fix.mod-cta").count(), 0);
		assert.deepEqual(h.errors, []);
	});

	test("a code block keeps focus across refreshes, follows a rename of its note, and is unloaded with its element", async () => {
		await start();
		const listeners = () => evaluate(() => [window.harness.plugin.events.listenerCount(), window.harness.app.vault.listenerCount()]);
		const baseline = await listeners();
		await evaluate((p) => {
			window.block = window.harness.renderBlock("tasks", p);
		}, NADIA);
		assert.match(await evaluate(() => window.block.textContent), /Open tasks \(2\)/);
		// A refresh keeps the block's rows, and the focus in them.
		await evaluate(() => {
			const link = window.block.querySelector(".rapport-source");
			link.dataset.marked = "yes";
			link.focus();
		});
		await evaluate(() => window.harness.create("Daily/2026-11-29.md", "- [ ] Ask [[Nadia Farrow]] about the renewal\n"));
		await settle();
		assert.match(await evaluate(() => window.block.textContent), /Open tasks \(3\)/);
		assert.equal(await evaluate(() => document.activeElement?.dataset.marked ?? null), "yes");
		const renamed = "People/Nadia Farrow-Reyes.md";
		await evaluate(([a, b]) => window.harness.rename(a, b), [NADIA, renamed]);
		await settle();
		assert.match(await evaluate(() => window.block.textContent), /Open tasks \(3\)/, "the note's new path, not the first sourcePath");
		const rendered = await listeners();
		// The note renders again: a new element replaces the block, and the old child is unloaded.
		await evaluate((p) => {
			window.block2 = window.harness.rerenderBlocks(p)[0];
		}, renamed);
		await settle();
		assert.deepEqual(await listeners(), rendered, "the old render child let go of its listeners");
		assert.match(await evaluate(() => window.block2.textContent), /Open tasks \(3\)/);
		await evaluate(() => window.block2.remove());
		await settle();
		assert.deepEqual(await listeners(), baseline);
		assert.deepEqual(h.errors, []);
	});

	test("statuses roll over at midnight without any note changing", async () => {
		await start();
		await openPanel();
		const days = async () => (await rows()).find((r) => r.path === GIDEON).days;
		assert.equal(await days(), "895 days ago");
		try {
			await h.page.clock.setFixedTime(new Date("2026-11-27T00:00:05"));
			await h.page.clock.fastForward(61_000);
			await new Promise((r) => setTimeout(r, 300));
			assert.equal(await days(), "896 days ago");
			// A phone woken on another day (timers do not run while it sleeps) refreshes at once.
			await h.page.clock.setFixedTime(new Date("2026-11-28T09:00:00"));
			await evaluate(() => document.dispatchEvent(new Event("visibilitychange")));
			await new Promise((r) => setTimeout(r, 300));
			assert.equal(await days(), "897 days ago");
		} finally {
			await h.page.clock.setFixedTime(new Date(`${TODAY}T12:00:00`));
		}
		assert.deepEqual(h.errors, []);
	});
});
