/**
 * Settings (issue 14, items 3, 4, 7 and the settings part of 14): data.json read field by field
 * and versioned, a file that is not JSON, settings synced from another device, a change applied a
 * slice at a time, excluded folders applied when committed, and errors said at their field.
 */
import { before, beforeEach, describe, test } from "node:test";
import assert from "node:assert/strict";
import { evaluate, h, importPluginModules, notices, settle, start, TODAY, until, useHarness, vault } from "./support.mjs";

/** What the page logged with console.warn, since the last reset. */
const warnings = [];

useHarness((page) => {
	page.page.on("console", (m) => {
		if (m.type() === "warning") warnings.push(m.text());
	});
});

beforeEach(() => {
	h.errors.length = 0;
	warnings.length = 0;
});


const config = () => evaluate(() => window.harness.plugin.core.run((i) => i.config(), null));
const setting = (name) => h.page.locator(".setting-item", { has: h.page.locator(".setting-item-name", { hasText: new RegExp(`^${name}$`) }) });
const fieldError = (name) => setting(name).locator(".rapport-error");

describe("data.json", () => {
	test("a wrong-typed or null field takes its default, named once in a notice and in the console; the rest is kept", async () => {
		const data = {
			defaultCadence: "monthly",
			thresholds: { due: "soon", overdue: 1.5, stale: 3 },
			peopleTags: null,
			excludedFolders: "Templates",
			wholeNameMatching: false,
			evidence: { recentContext: false, linkedNotes: "yes" },
			peopleProperties: "categories",
		};
		await start(vault, { data });
		const c = await config();
		assert.equal(c.defaultCadence, "monthly");
		assert.deepEqual(c.thresholds, { due: 0.8, overdue: 1.5, stale: 3 });
		assert.deepEqual(c.peopleTags, ["type/people"]);
		assert.deepEqual(c.excludedFolders, []);
		assert.equal(c.wholeNameMatching, false);
		assert.deepEqual(c.evidence, { recentContext: false, linkedNotes: true });
		assert.deepEqual(c.peopleProperties, ["type"]);
		const said = await notices();
		assert.equal(said.length, 1, `one notice: ${JSON.stringify(said)}`);
		for (const name of ["Due from", "Tags", "Excluded folders", "Dated notes count as contact", "Properties"]) assert.ok(said[0].includes(`"${name}"`), `${name} in ${said[0]}`);
		for (const field of ["thresholds.due", "peopleTags", "excludedFolders", "evidence.linkedNotes", "peopleProperties"]) assert.ok(warnings.some((w) => w.includes(`\`${field}\``)), `${field} in the console: ${warnings.join("\n")}`);
		assert.equal(await evaluate(() => window.harness.plugin.saves.length), 0, "data.json is not rewritten by reading it");
		// The settings tab opens on the values in use, and a change is accepted and saved.
		await evaluate(() => window.harness.showSettings());
		assert.equal(await setting("Default cadence").locator("input").inputValue(), "monthly");
		await setting("Type values").locator("input").fill("contact");
		await settle();
		assert.deepEqual((await config()).peopleTypes, ["contact"]);
		const saved = await evaluate(() => window.harness.plugin.data);
		assert.equal(saved.defaultCadence, "monthly");
		assert.deepEqual(saved.thresholds, { due: 0.8, overdue: 1.5, stale: 3 });
		assert.deepEqual(h.errors, []);
	});

	test("a value the core refuses takes its default alone, said once; the rest is kept and later changes are accepted", async () => {
		await start(vault, { data: { defaultCadence: "often", peopleTags: ["crm", "type/people"], thresholds: { due: 0.5, overdue: 1, stale: 2 } } });
		const c = await config();
		assert.equal(c.defaultCadence, "quarterly");
		assert.deepEqual(c.peopleTags, ["crm", "type/people"]);
		assert.equal(c.thresholds.due, 0.5);
		const said = await notices();
		assert.equal(said.length, 1, JSON.stringify(said));
		assert.match(said[0], /"Default cadence"/);
		assert.doesNotMatch(said[0], /Invalid Rapport config|`/);
		await evaluate(() => window.harness.showSettings());
		assert.equal(await setting("Default cadence").locator("input").inputValue(), "quarterly");
		await setting("Type values").locator("input").fill("contact");
		await settle();
		assert.deepEqual((await config()).peopleTypes, ["contact"], "a later change is accepted");
		assert.deepEqual(h.errors, []);
	});

	test("a data.json that is not JSON: Rapport starts on the defaults, says so once, and leaves the file until a setting changes", async () => {
		await start(vault, { dataText: '{ "defaultCadence": "monthly",' });
		assert.equal(await evaluate(() => window.harness.plugin.isReady()), true, "onload went on and the vault was indexed");
		assert.equal((await config()).defaultCadence, "quarterly");
		const said = await notices();
		assert.equal(said.length, 1, JSON.stringify(said));
		assert.match(said[0], /data\.json/);
		assert.match(said[0], /not valid JSON/);
		await new Promise((r) => setTimeout(r, 700));
		await settle();
		assert.equal(await evaluate(() => window.harness.plugin.dataText), '{ "defaultCadence": "monthly",', "untouched");
		await evaluate(() => window.harness.showSettings());
		await setting("Default cadence").locator("input").fill("weekly");
		await settle();
		const saved = await evaluate(() => window.harness.plugin.data);
		assert.equal(saved.defaultCadence, "weekly");
		assert.equal(saved.settingsVersion, 1);
		assert.deepEqual(h.errors, []);
	});

	test("data.json is saved with its version, and fields this version does not know are kept", async () => {
		await start(vault, { data: { defaultCadence: "monthly", reminders: { every: "friday" } } });
		assert.equal((await config()).defaultCadence, "monthly");
		assert.deepEqual(await notices(), []);
		await evaluate(() => window.harness.showSettings());
		await setting("Whole-name mentions").locator("input").uncheck();
		await settle();
		const saved = await evaluate(() => window.harness.plugin.data);
		assert.deepEqual(saved.reminders, { every: "friday" });
		assert.equal(saved.settingsVersion, 1);
		assert.equal(saved.wholeNameMatching, false);
	});
});

describe("settings versions", () => {
	let s;
	before(async () => {
		s = await importPluginModules('export { migrate, MIGRATIONS, readSettings, SETTINGS_VERSION, toStored, keepAccepted, DEFAULT_SETTINGS } from "./plugin/settings";');
	});

	test("data.json without a version is version 0 and is read as version 1", () => {
		assert.equal(s.SETTINGS_VERSION, s.MIGRATIONS.length);
		const { data, from } = s.migrate({ defaultCadence: "monthly" });
		assert.equal(from, 0);
		assert.deepEqual(data, { defaultCadence: "monthly", settingsVersion: 1 });
		assert.equal(s.toStored(s.readSettings({ defaultCadence: "monthly" }).settings).settingsVersion, 1);
	});

	test("the next change of shape: each migration runs once, from the stored version on", () => {
		// Version 2 as it could come: `thresholds` split into `dueFrom`, `overdueFrom`, `staleFrom`.
		const calls = [];
		const next = [
			...s.MIGRATIONS,
			(d) => {
				calls.push(d.settingsVersion);
				const { thresholds, ...rest } = d;
				return { ...rest, dueFrom: thresholds?.due, overdueFrom: thresholds?.overdue, staleFrom: thresholds?.stale };
			},
		];
		const v0 = s.migrate({ thresholds: { due: 0.5, overdue: 1, stale: 2 } }, next);
		assert.deepEqual(v0, { data: { dueFrom: 0.5, overdueFrom: 1, staleFrom: 2, settingsVersion: 2 }, from: 0 });
		const v1 = s.migrate({ thresholds: { due: 0.6, overdue: 1, stale: 2 }, settingsVersion: 1 }, next);
		assert.deepEqual(v1, { data: { dueFrom: 0.6, overdueFrom: 1, staleFrom: 2, settingsVersion: 2 }, from: 1 });
		assert.deepEqual(calls, [1, 1], "the new step ran once for each, after the steps before it");
		const v2 = { dueFrom: 0.7, settingsVersion: 2 };
		assert.deepEqual(s.migrate(v2, next), { data: v2, from: 2 }, "already current: untouched");
		// Data from a newer version than this one is read as it is, not migrated back.
		const newer = { defaultCadence: "weekly", settingsVersion: 7 };
		assert.deepEqual(s.migrate(newer), { data: newer, from: 7 });
		assert.equal(s.readSettings(newer).settings.defaultCadence, "weekly");
	});

	test("values the core refuses take their default alone when the others are accepted", () => {
		const refuses = (c) => (c.defaultCadence === "often" ? "defaultCadence `often` is not a cadence." : null);
		const { settings, refused } = s.keepAccepted({ ...s.DEFAULT_SETTINGS, defaultCadence: "often", peopleTags: ["crm"] }, refuses);
		assert.equal(settings.defaultCadence, "quarterly");
		assert.deepEqual(settings.peopleTags, ["crm"]);
		assert.deepEqual(refused.map((p) => p.name), ["Default cadence"]);
	});
});

describe("settings synced from another device", () => {
	test("are read, checked, applied to the core and shown in the open tab; the next change here keeps them", async () => {
		await start();
		await evaluate(() => window.harness.showSettings());
		const external = { defaultCadence: "monthly", thresholds: { due: 0.5, overdue: 1, stale: 2 }, peopleTags: null, tagCadences: [{ tag: "vip", cadence: "often" }], settingsVersion: 1 };
		await evaluate((text) => window.harness.plugin.changeDataExternally(text), JSON.stringify(external));
		await settle();
		const c = await config();
		assert.equal(c.defaultCadence, "monthly");
		assert.deepEqual(c.thresholds, { due: 0.5, overdue: 1, stale: 2 });
		assert.deepEqual(c.peopleTags, ["type/people"], "null: the default");
		assert.deepEqual(c.tagCadences, [], "refused by the core: the default");
		const said = await notices();
		assert.equal(said.length, 1, JSON.stringify(said));
		assert.match(said[0], /"Tags"/);
		assert.match(said[0], /"Cadence by tag"/);
		assert.equal(await setting("Default cadence").locator("input").inputValue(), "monthly", "the open tab shows them");
		assert.equal(await setting("Due from").locator("input").inputValue(), "0.5");
		// A change made here afterwards starts from the synced settings, not from stale ones.
		await setting("Whole-name mentions").locator("input").uncheck();
		await settle();
		const saved = await evaluate(() => window.harness.plugin.data);
		assert.equal(saved.defaultCadence, "monthly");
		assert.deepEqual(saved.thresholds, { due: 0.5, overdue: 1, stale: 2 });
		assert.equal(saved.wholeNameMatching, false);
		// The panel answers under them as a fresh start with them does.
		const stale = await evaluate((today) => window.harness.plugin.core.run((i) => i.stale(today).map((x) => [x.path, x.status, x.cadence]), []), TODAY);
		await start(vault, { data: saved });
		assert.deepEqual(await evaluate((today) => window.harness.plugin.core.run((i) => i.stale(today).map((x) => [x.path, x.status, x.cadence]), []), TODAY), stale);
		assert.deepEqual(h.errors, []);
	});

	test("a synced file that is not JSON keeps the settings in use and says so once", async () => {
		await start(vault, { data: { defaultCadence: "monthly" } });
		await evaluate(() => window.harness.plugin.changeDataExternally('{"defaultCadence": '));
		await settle();
		assert.equal((await config()).defaultCadence, "monthly");
		const said = await notices();
		assert.equal(said.length, 1, JSON.stringify(said));
		assert.match(said[0], /not valid JSON/);
		assert.equal(await evaluate(() => window.harness.plugin.saves.length), 0);
	});
});

describe("applying a settings change", () => {
	test("re-derives the notes a slice at a time, says so meanwhile, and then answers as a fresh start", async () => {
		const files = {};
		for (let i = 0; i < 300; i++) files[`People/Person ${i}.md`] = `---\ntype: people\nlast_contact: 2026-0${1 + (i % 9)}-1${i % 10}\n---\n`;
		for (let d = 0; d < 5000; d++) files[`Daily/${d}.md`] = `# Day ${d}\n\n- [ ] Follow up with Person ${d % 300} 📅 2026-12-0${1 + (d % 9)}\n`;
		await start(files);
		await evaluate(() => window.harness.command("rapport:open-stale-contacts"));
		await evaluate(() => window.harness.showSettings());
		await settle();
		const seen = await evaluate(async () => {
			const plugin = window.harness.plugin;
			let ticks = 0;
			const texts = new Set();
			const timer = setInterval(() => {
				ticks++;
				for (const el of document.querySelectorAll(".rapport-settings-applying:not(.rapport-hidden), .rapport-empty, .rapport-waiting")) if (el.textContent) texts.add(el.textContent);
				for (const el of document.querySelectorAll(".workspace-leaf-content")) if (/Applying settings/.test(el.textContent ?? "")) texts.add("view: Applying settings…");
			}, 1);
			await plugin.updateSettings({ defaultCadence: "monthly", wholeNameMatching: false });
			const began = ticks;
			await plugin.flushSettings();
			const during = ticks - began;
			clearInterval(timer);
			return { during, texts: [...texts], ready: plugin.isReady() };
		});
		assert.ok(seen.during >= 2, `the page ran other work while the settings applied (${seen.during} ticks)`);
		assert.ok(seen.texts.includes("Applying settings…"), `the settings tab said so: ${JSON.stringify(seen.texts)}`);
		assert.ok(seen.texts.includes("view: Applying settings…"), `the panel said so: ${JSON.stringify(seen.texts)}`);
		assert.equal(seen.ready, true);
		await settle();
		assert.equal(await h.page.locator(".rapport-settings-applying:not(.rapport-hidden)").count(), 0, "nothing left saying it is applying");
		const answer = () => evaluate((today) => window.harness.plugin.core.run((i) => JSON.stringify([i.stale(today), i.allTasks().length, i.tasksForPerson("People/Person 7.md")]), ""), TODAY);
		const stepped = await answer();
		await start(files, { data: { defaultCadence: "monthly", wholeNameMatching: false } });
		assert.equal(await answer(), stepped, "as a fresh start with the new settings");
		assert.deepEqual(h.errors, []);
	});

	test("excluded folders apply on Enter, on leaving the field or after a long pause, not at each typing pause", async () => {
		await start();
		const indexed = (path) => evaluate((p) => window.harness.plugin.core.run((i) => i.paths().includes(p), null), path);
		const person = Object.keys(vault).find((p) => p.startsWith("People/"));
		const folder = person.split("/")[0];
		assert.equal(await indexed(person), true);
		await evaluate(() => window.harness.showSettings());
		const input = setting("Excluded folders").locator("input");
		await input.fill(folder.slice(0, 3));
		await new Promise((r) => setTimeout(r, 900));
		assert.deepEqual((await config()).excludedFolders, [], "a pause in typing applies nothing");
		assert.equal(await evaluate(() => window.harness.plugin.saves.length), 0);
		// Committing saves, then applies a slice at a time: on a loaded machine that can outlast
		// one settle(), so each step waits until the plugin is ready with the folder applied.
		const applied = () => until((plugin) => plugin.isReady() && plugin.core.run((i) => i.config().excludedFolders.length > 0, false), "the folder to be applied");
		const cleared = () => until((plugin) => plugin.isReady() && plugin.core.run((i) => i.config().excludedFolders.length === 0, false), "the folder to be taken out");
		await input.fill(folder);
		await input.press("Enter");
		await applied();
		await settle();
		assert.deepEqual((await config()).excludedFolders, [folder]);
		assert.equal(await indexed(person), false);
		await input.fill("");
		await h.page.locator(".setting-item-name", { hasText: /^Folders$/ }).click();
		await input.blur();
		await cleared();
		await settle();
		assert.deepEqual((await config()).excludedFolders, []);
		assert.equal(await indexed(person), true, "the folder's notes are read again");
		await input.fill(folder);
		// The long pause is 3 s; on a loaded machine the timer may fire late, so wait for it.
		await applied();
		await settle();
		assert.deepEqual((await config()).excludedFolders, [folder], "a long pause applies it");
		await input.fill("");
		await evaluate(() => window.harness.app.settingTabs[0].hide());
		await cleared();
		await settle();
		assert.deepEqual((await config()).excludedFolders, [], "closing the tab applies it");
		assert.deepEqual(h.errors, []);
	});
});

describe("the settings tab", () => {
	test("the plugin's defaults are the core's", async () => {
		await start();
		const { defaults, opened } = await evaluate(() => {
			// The loaded module: its defaults, and an index given no settings (as the plugin opens one).
			const { RapportIndex } = window.harness.plugin.core.module;
			const index = new RapportIndex({});
			const opened = index.config();
			index.free();
			return { defaults: RapportIndex.defaultConfig(), opened };
		});
		const { DEFAULT_SETTINGS } = await importPluginModules('export { DEFAULT_SETTINGS } from "./plugin/settings";');
		assert.deepEqual(DEFAULT_SETTINGS, defaults);
		assert.deepEqual(opened, defaults);
	});

	test("properties named under Properties mark people by a link or a list", async () => {
		const files = {
			"References/Ines Calder.md": '---\ncategories:\n  - "[[People]]"\ntype:\n  - "[[Authors]]"\n---\n',
			"References/Theo Marsh.md": '---\ntype: "[[Categories/Person|person]]"\ntitle: Theo Marsh\n---\n',
			"References/Lisbon.md": '---\ncategories:\n  - "[[Places]]"\n---\n',
		};
		await start(files);
		const people = () => evaluate(() => window.harness.plugin.core.run((i) => i.people().map((p) => p.path).sort(), []));
		assert.deepEqual(await people(), ["References/Theo Marsh.md"], "by default only `type` marks people");
		await evaluate(() => window.harness.showSettings());
		const input = setting("Properties").locator("input");
		assert.equal(await input.inputValue(), "type");
		await input.fill("type, categories");
		await until((plugin) => plugin.isReady() && plugin.core.run((i) => i.config().peopleProperties.length === 2, false), "the properties to be applied");
		await settle();
		assert.deepEqual((await config()).peopleProperties, ["type", "categories"]);
		assert.deepEqual((await evaluate(() => window.harness.plugin.data)).peopleProperties, ["type", "categories"], "saved");
		assert.deepEqual(await people(), ["References/Ines Calder.md", "References/Theo Marsh.md"]);
		const problems = await evaluate(() => window.harness.plugin.core.run((i) => i.allDiagnostics("2026-11-26").map((d) => d.code), null));
		assert.deepEqual(problems, [], "no wrong-type for a list `type`, no missing title for a person marked by category");
		assert.deepEqual(h.errors, []);
	});

	test("says what is wrong at the field, in plain words with code as code, and what to enter", async () => {
		await start();
		await evaluate(() => window.harness.showSettings());
		assert.equal(await h.page.locator(".setting-item-description code", { hasText: /^type$/ }).count(), 1, "`type` in a description is code");
		const cadence = setting("Default cadence").locator("input");
		await cadence.fill("often");
		const error = fieldError("Default cadence");
		assert.equal(await error.isVisible(), true);
		assert.equal(await error.locator("code").first().textContent(), "often");
		assert.doesNotMatch(await error.textContent(), /`|Invalid Rapport config|Error/);
		assert.match(await error.textContent(), /weekly, monthly/, "what to enter");
		assert.equal(await cadence.getAttribute("aria-invalid"), "true");
		assert.equal(await fieldError("Tags").isVisible(), false, "only at its own field");
		await cadence.fill("monthly");
		assert.equal(await error.isVisible(), false);
		assert.equal(await cadence.getAttribute("aria-invalid"), null);
		await setting("Cadence by tag").locator("textarea").fill("vip: soon");
		assert.match(await fieldError("Cadence by tag").textContent(), /soon.*use weekly/);
		assert.deepEqual(h.errors, []);
	});

	test("a settings file that cannot be written: the change applies, and the field says it was not saved", async () => {
		await start();
		await evaluate(() => window.harness.showSettings());
		await evaluate(() => (window.harness.plugin.failingSaves = 1));
		await setting("Default cadence").locator("input").fill("weekly");
		await until(() => [...document.querySelectorAll(".rapport-error")].some((e) => /not saved/.test(e.textContent ?? "")), "the field says so");
		assert.match(await fieldError("Default cadence").textContent(), /not saved/, "at the field that changed");
		await settle();
		assert.equal((await config()).defaultCadence, "weekly", "applied for this session");
		// The next change saves, and the field's message goes.
		await setting("Default cadence").locator("input").fill("monthly");
		await settle();
		assert.equal(await fieldError("Default cadence").isVisible(), false);
		assert.equal((await evaluate(() => window.harness.plugin.data)).defaultCadence, "monthly");
	});

	test("thresholds are numbers, rising from due to overdue to stale, explained at the field", async () => {
		await start();
		await evaluate(() => window.harness.showSettings());
		const due = setting("Due from").locator("input");
		const overdue = setting("Overdue from").locator("input");
		const stale = setting("Stale from").locator("input");
		for (const input of [due, overdue, stale]) assert.equal(await input.getAttribute("type"), "number");
		await due.fill("");
		assert.match(await fieldError("Due from").textContent(), /Enter a number/);
		await due.fill("0");
		assert.match(await fieldError("Due from").textContent(), /above 0/);
		await due.fill("3");
		assert.match(await fieldError("Due from").textContent(), /rise from due to overdue to stale/);
		assert.deepEqual((await config()).thresholds, { due: 0.8, overdue: 1, stale: 2 }, "not applied");
		// Raising all three, in the order a user might: the typed values are checked together.
		await overdue.fill("4");
		await stale.fill("5");
		await settle();
		assert.deepEqual((await config()).thresholds, { due: 3, overdue: 4, stale: 5 });
		for (const name of ["Due from", "Overdue from", "Stale from"]) assert.equal(await fieldError(name).isVisible(), false, name);
		assert.deepEqual(h.errors, []);
	});

	test("the vault's conventions: the last contact property, dated note names, date properties and participants", async () => {
		const files = {
			"People/Pia Lindqvist.md": "---\ntags: [type/people]\nlast_contacted: 2026-09-14\n---\n",
			"People/Tomasz Wren.md": "---\ntags: [type/people]\n---\n",
			"People/Nell Avery.md": "---\ntags: [type/people]\n---\n",
			"Journal/Diary-20261110.md": "Coffee with [[Tomasz Wren]].\n",
			"Meetings/Supplier call.md": "[day:: 2026-11-18] with [[Pia Lindqvist]]\nparticipants:: [[Pia Lindqvist]]\n\nAsk [[Nell Avery]] later.\n",
		};
		await start(files);
		const contacts = () =>
			evaluate((today) => window.harness.plugin.core.run((i) => Object.fromEntries(i.stale(today).map((c) => [c.name, c.lastContact])), {}), TODAY);
		assert.deepEqual(await contacts(), { "Pia Lindqvist": null, "Tomasz Wren": null, "Nell Avery": null });
		await evaluate(() => window.harness.showSettings());
		for (const [name, value] of [
			["Last contact property", "last_contacted"],
			["Dated note names", "YYYY-MM-DD, Diary-YYYYMMDD"],
			["Date properties", "date, day"],
			["Participants properties", "participants"],
		]) {
			await setting(name).locator("input").fill(value);
			await settle();
			assert.equal(await fieldError(name).isVisible(), false, name);
		}
		await evaluate(() => window.harness.plugin.flushSettings());
		await settle();
		assert.deepEqual(await contacts(), { "Pia Lindqvist": "2026-11-18", "Tomasz Wren": "2026-11-10", "Nell Avery": null });
		const c = await config();
		assert.deepEqual([c.lastContactProperty, c.dateFileFormats, c.dateProperties, c.participantsProperties], ["last_contacted", ["YYYY-MM-DD", "Diary-YYYYMMDD"], ["date", "day"], ["participants"]]);
		// Mark contacted writes the vault's property.
		assert.equal(await evaluate((p) => window.harness.plugin.markContacted(p), "People/Tomasz Wren.md"), true);
		assert.equal(await evaluate((p) => window.harness.text(p), "People/Tomasz Wren.md"), `---\ntags: [type/people]\nlast_contacted: '${TODAY}'\n---\n`);
		// A pattern that names no day is refused at its field and not applied.
		await setting("Dated note names").locator("input").fill("Diary-YYYYMM");
		assert.match(await fieldError("Dated note names").textContent(), /YYYY, MM and DD once each/);
		assert.deepEqual((await config()).dateFileFormats, ["YYYY-MM-DD", "Diary-YYYYMMDD"]);
		assert.deepEqual(h.errors, []);
	});
});
