/**
 * The vault's own settings (issue 15, items 15 and 17): the templates folders of Obsidian's
 * Templates plugin and of Templater are left out, and the Tasks plugin's global filter decides
 * which checkbox lines are tasks, each read through the adapter from the config folder and read
 * again when they may have changed.
 */
import { beforeEach, describe, test } from "node:test";
import assert from "node:assert/strict";
import { evaluate, h, settle, start, until, useHarness } from "./support.mjs";

useHarness();

beforeEach(() => {
	h.errors.length = 0;
});

const setting = (name) => h.page.locator(".setting-item", { has: h.page.locator(".setting-item-name", { hasText: new RegExp(`^${name}$`) }) });
const people = () => evaluate(() => window.harness.plugin.core.run((i) => i.people().map((p) => p.path), null));
const tasks = () => evaluate(() => window.harness.plugin.core.run((i) => i.allTasks().map((t) => t.description), null));
/** Writes a file of the config folder as Obsidian or another plugin would: no vault event. */
const setHidden = (path, text) => evaluate(([p, t]) => window.harness.app.vault.adapter.setFile(p, t), [path, text]);
const comeBack = () => evaluate(() => document.dispatchEvent(new Event("visibilitychange")));

const PERSON = "---\ntype: people\ntitle: Hana Veld\nlast_contact: 2026-11-19\n---\n# Hana Veld\n";
const TEMPLATE = '---\ntype: people\ntitle: "{{title}}"\nlast_contact: "{{date}}"\n---\n# {{title}}\n';
const TEMPLATER = "---\ntype: person\nlast_contact: <% tp.date.now() %>\n---\n<% tp.file.cursor() %>\n";
const TEMPLATES_VAULT = { "People/Hana Veld.md": PERSON, "Templates/Person.md": TEMPLATE, "Meta/Templater/Person.md": TEMPLATER };
const TEMPLATES_JSON = JSON.stringify({ folder: "Templates" }, null, 2);
const TEMPLATER_JSON = JSON.stringify({ command_timeout: 5, templates_folder: "Meta/Templater/", templates_pairs: [["", ""]], trigger_on_file_creation: true }, null, 2);

describe("templates", () => {
	test("the plugin's defaults are the core's", async () => {
		await start({ "People/Hana Veld.md": PERSON });
		const [core, plugin] = await evaluate(() => {
			const glue = window.harness.plugin.core.module;
			const index = new glue.RapportIndex({});
			const config = index.config();
			index.free();
			return [config, window.harness.plugin.settings];
		});
		assert.deepEqual(plugin, core);
		assert.equal(core.excludeTemplates, true);
		assert.equal(core.taskGlobalFilter, null);
	});

	test("the folders of the Templates plugin and Templater are left out unless the user keeps them", async () => {
		await start(TEMPLATES_VAULT, { hidden: { ".obsidian/templates.json": TEMPLATES_JSON, ".obsidian/plugins/templater-obsidian/data.json": TEMPLATER_JSON } });
		assert.deepEqual(await people(), ["People/Hana Veld.md"]);
		assert.deepEqual(await evaluate(() => window.harness.plugin.core.run((i) => i.allDiagnostics("2026-11-26").map((d) => d.path), null)), []);
		await evaluate(() => window.harness.showSettings());
		assert.match(await setting("Leave out templates").textContent(), /Templates.*Meta\/Templater\//);
		await setting("Leave out templates").locator("input").uncheck();
		await settle();
		await until((p) => p.isReady(), "the vault read again");
		assert.deepEqual((await people()).sort(), ["Meta/Templater/Person.md", "People/Hana Veld.md", "Templates/Person.md"]);
		assert.equal((await evaluate(() => window.harness.plugin.data)).excludeTemplates, false);
		assert.deepEqual(h.errors, []);
	});

	test("a templates folder set or changed later is read when the app comes back or the settings open", async () => {
		await start(TEMPLATES_VAULT);
		assert.equal((await people()).length, 3, "no templates folder set yet");
		await setHidden(".obsidian/templates.json", TEMPLATES_JSON);
		await comeBack();
		await until((p) => p.isReady() && p.core.run((i) => i.noteCount(), 0) === 2, "the template left out");
		assert.deepEqual((await people()).sort(), ["Meta/Templater/Person.md", "People/Hana Veld.md"]);
		// A file that cannot be read keeps what it said: the template is not read in and out again.
		await evaluate(() => window.harness.app.vault.adapter.failReads([".obsidian/templates.json"], 1));
		await evaluate(() => window.harness.plugin.refreshVault());
		assert.deepEqual(await evaluate(() => window.harness.plugin.vaultSettings.templateFolders), ["Templates"]);
		// Moved to another folder: the old one's notes were never read, so the vault is read again.
		await setHidden(".obsidian/templates.json", JSON.stringify({ folder: "Meta/Templater" }));
		await evaluate(() => window.harness.showSettings());
		await until((p) => p.isReady() && p.core.run((i) => i.noteCount(), 0) === 2 && p.core.run((i) => i.paths().includes("Templates/Person.md"), false), "the old folder read, the new one left out");
		assert.match(await setting("Leave out templates").textContent(), /Meta\/Templater/, "the tab shows what it read");
		// Deleted (the Templates plugin never set up again): a missing file is no error.
		await setHidden(".obsidian/templates.json", null);
		await evaluate(() => window.harness.plugin.refreshVault());
		await until((p) => p.isReady() && p.core.run((i) => i.noteCount(), 0) === 3, "every note read");
		assert.deepEqual(h.errors, []);
	});

	test("the config folder is wherever the vault names it", async () => {
		await start(TEMPLATES_VAULT, { configDir: ".config/obsidian", hidden: { ".config/obsidian/templates.json": TEMPLATES_JSON, ".obsidian/plugins/templater-obsidian/data.json": TEMPLATER_JSON } });
		assert.deepEqual((await people()).sort(), ["Meta/Templater/Person.md", "People/Hana Veld.md"], "only the named folder's settings count");
	});
});

describe("the Tasks plugin's global filter", () => {
	const MOVE = "# Move\n- [ ] #task Book the van with [[Hana Veld]]\n- [ ] Buy tape for [[Hana Veld]]\n- [ ] Call the landlord #tasks/home\n- [ ] #task Pay rent 📅 2026-02-31\n- [ ] Pay deposit 📅 2026-02-30\n";
	const TASKS_DATA = JSON.stringify({ presets: {}, globalQuery: "", globalFilter: "#task", removeGlobalFilter: true, taskFormat: "tasksPluginEmoji" }, null, 2);
	const FILES = { "People/Hana Veld.md": PERSON, "Projects/Move.md": MOVE };
	const hidden = (enabled) => ({ ".obsidian/community-plugins.json": JSON.stringify(enabled), ".obsidian/plugins/obsidian-tasks-plugin/data.json": TASKS_DATA });

	test("only lines carrying the enabled Tasks plugin's filter are tasks; Rapport's own setting wins", async () => {
		await start(FILES, { hidden: hidden(["dataview", "obsidian-tasks-plugin"]) });
		assert.deepEqual(await tasks(), ["#task Pay rent", "#task Book the van with [[Hana Veld]]", "Call the landlord #tasks/home"]);
		assert.equal(await evaluate(() => window.harness.plugin.core.run((i) => i.contact("People/Hana Veld.md", "2026-11-26").openTasks, -1)), 1);
		const lines = await evaluate(() => window.harness.plugin.core.run((i) => i.diagnostics("Projects/Move.md", "2026-11-26").map((d) => `${d.line} ${d.code}`), null));
		assert.deepEqual(lines, ["5 invalid-task-date"], "a checklist line's date is not a task's");
		await evaluate(() => window.harness.showSettings());
		assert.match(await setting("Task global filter").textContent(), /`?#task`?/);
		await setting("Task global filter").locator("input").fill("Pay");
		await settle();
		assert.deepEqual(await tasks(), ["#task Pay rent", "Pay deposit"]);
		assert.equal((await evaluate(() => window.harness.plugin.data)).taskGlobalFilter, "Pay");
		await setting("Task global filter").locator("input").fill("");
		await settle();
		assert.equal((await evaluate(() => window.harness.plugin.data)).taskGlobalFilter, null, "empty: the Tasks plugin's again");
		assert.equal((await tasks()).length, 3);
		assert.deepEqual(h.errors, []);
	});

	test("a disabled Tasks plugin filters nothing, and turning it on or off is read again", async () => {
		await start(FILES, { hidden: hidden(["calendar"]) });
		assert.equal((await tasks()).length, 5);
		await setHidden(".obsidian/community-plugins.json", JSON.stringify(["calendar", "obsidian-tasks-plugin"]));
		await comeBack();
		await until((p) => p.isReady() && p.core.run((i) => i.allTasks().length, 0) === 3, "the filter applied");
		// No re-read of the notes: the filter is applied to the lines the core kept.
		const reads = await evaluate(() => window.harness.app.vault.reads.get("Projects/Move.md"));
		await setHidden(".obsidian/community-plugins.json", "not json");
		await evaluate(() => window.harness.plugin.refreshVault());
		await until((p) => p.isReady() && p.core.run((i) => i.allTasks().length, 0) === 5, "no enabled list, no filter");
		assert.equal(await evaluate(() => window.harness.app.vault.reads.get("Projects/Move.md")), reads);
		assert.deepEqual(h.errors, []);
	});
});

describe("the daily notes' date formats", () => {
	const ILSE = "---\ntype: people\ntitle: Ilse Marrow\nlast_contact: 2026-09-01\n---\n# Ilse Marrow\n";
	const FILES = { "People/Ilse Marrow.md": ILSE, "Journal/10-11-2026 Tuesday.md": "Coffee with [[Ilse Marrow]].\n", "Log/2026.11.18.md": "- Walked the site with [[Ilse Marrow]].\n" };
	const lastContact = () => evaluate(() => window.harness.plugin.core.run((i) => i.contact("People/Ilse Marrow.md", "2026-11-26")?.lastContact ?? null, null));
	const PERIODIC = (enabled) => JSON.stringify({ daily: { format: "YYYY.MM.DD", folder: "Log", enabled }, weekly: { format: "gggg-[W]ww", enabled: true } });

	test("notes named in the Daily notes or Periodic Notes format are dated; a change is read again", async () => {
		await start(FILES, { hidden: { ".obsidian/daily-notes.json": JSON.stringify({ folder: "Journal", format: "DD-MM-YYYY dddd" }) } });
		assert.equal(await lastContact(), "2026-11-10", "the Daily notes format dates the journal note");
		assert.deepEqual(await evaluate(() => window.harness.plugin.vaultSettings.dailyNoteFormats), ["DD-MM-YYYY dddd"]);
		await setHidden(".obsidian/plugins/periodic-notes/data.json", PERIODIC(true));
		await comeBack();
		await until((p) => p.isReady() && p.core.run((i) => i.contact("People/Ilse Marrow.md", "2026-11-26")?.lastContact, null) === "2026-11-18", "the Periodic Notes daily format read");
		// Periodic Notes' daily notes turned off, and a Daily notes format whose names do not
		// start with the date: neither dates a note, and the settings tab says which is not followed.
		await setHidden(".obsidian/plugins/periodic-notes/data.json", PERIODIC(false));
		await setHidden(".obsidian/daily-notes.json", JSON.stringify({ format: "D MMMM YYYY" }));
		await evaluate(() => window.harness.showSettings());
		await until((p) => p.isReady() && p.core.run((i) => i.contact("People/Ilse Marrow.md", "2026-11-26")?.lastContact, null) === "2026-09-01", "both formats gone");
		assert.match(await setting("Dated note names").textContent(), /D MMMM YYYY.*not followed/);
		// A file without a format is Obsidian's default, which the config's own pattern already reads.
		await setHidden(".obsidian/daily-notes.json", JSON.stringify({ folder: "Journal" }));
		await evaluate(() => window.harness.plugin.refreshVault());
		assert.deepEqual(await evaluate(() => window.harness.plugin.vaultSettings.dailyNoteFormats), ["YYYY-MM-DD"]);
		assert.deepEqual(h.errors, []);
	});
});
