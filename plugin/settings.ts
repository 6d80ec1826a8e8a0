/** The settings (the core's Config, stored in data.json with a version), read back field by field, and the settings tab. */
import { type App, Component, PluginSettingTab, Setting, type TextAreaComponent, type TextComponent } from "obsidian";
import type { Config, Diagnostic, VaultSettings } from "../pkg/rapport";
import { appendMarkedText } from "./render";

export type RapportSettings = Config;

/**
 * The core's defaults (`RapportIndex.defaultConfig()`, from `Config::default()` in src/config.rs),
 * copied because data.json is read before the core loads; tests/plugin/settings.test.mjs fails
 * when the two differ.
 */
export const DEFAULT_SETTINGS: RapportSettings = {
	peopleTypes: ["people", "person"],
	peopleTags: ["type/people"],
	peopleFolders: [],
	defaultCadence: "quarterly",
	tagCadences: [],
	thresholds: { due: 0.8, overdue: 1.0, stale: 2.0 },
	evidence: { recentContext: true, linkedNotes: true },
	wholeNameMatching: true,
	excludedFolders: [],
	schema: null,
	lastContactProperty: "last_contact",
	dateProperties: ["date"],
	dateFileFormats: ["YYYY-MM-DD"],
	participantsProperties: [],
	peopleProperties: ["type"],
	excludeTemplates: true,
	taskGlobalFilter: null,
	projectFolders: ["Projects"],
	notPeople: [],
};

/** The shape of data.json this version writes, in its `settingsVersion` field. */
export const SETTINGS_VERSION = 1;

/** data.json as stored: the settings, their version, and fields this version does not know. */
export type StoredSettings = Record<string, unknown>;

/**
 * `MIGRATIONS[n]` turns data.json of version n into version n + 1. Version 0 is data.json before
 * it had a version (Rapport 0.1.0), with the fields of version 1. The next change of shape (a
 * field renamed, split or given another type) adds one function here and raises SETTINGS_VERSION.
 */
export const MIGRATIONS: readonly ((data: StoredSettings) => StoredSettings)[] = [(data) => data];

/**
 * Brings stored data up to the version `migrations` lead to. Data from a newer version (another
 * device synced with a newer Rapport) is left as it is: its fields are read where they still
 * have the shape this version knows.
 */
export function migrate(data: StoredSettings, migrations: readonly ((data: StoredSettings) => StoredSettings)[] = MIGRATIONS): { data: StoredSettings; from: number } {
	const stored = data.settingsVersion;
	const from = typeof stored === "number" && Number.isInteger(stored) && stored >= 0 ? stored : 0;
	let out = data;
	for (let v = from; v < migrations.length; v++) out = { ...migrations[v]({ ...out }), settingsVersion: v + 1 };
	return { data: out, from };
}

/** A stored field that could not be read: its place in data.json and its name in the settings tab. */
export interface SettingProblem {
	field: string;
	name: string;
	got: unknown;
}

/** Settings read from data.json, what could not be read in it, and the fields kept for others. */
export interface ReadSettings {
	settings: RapportSettings;
	problems: SettingProblem[];
	/** Fields this version does not know (a newer version's): written back as they were. */
	extra: StoredSettings;
}

const isStringList = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === "string");
const isNumber = (v: unknown): v is number => typeof v === "number" && Number.isFinite(v);
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** Each top-level field: its name in the tab and the check of its stored value. */
const FIELDS: { [K in keyof RapportSettings]: { name: string; valid: (v: unknown) => v is RapportSettings[K] } } = {
	peopleTypes: { name: "Type values", valid: isStringList },
	peopleTags: { name: "Tags", valid: isStringList },
	peopleFolders: { name: "Folders", valid: isStringList },
	defaultCadence: { name: "Default cadence", valid: (v): v is string => typeof v === "string" },
	tagCadences: {
		name: "Cadence by tag",
		valid: (v): v is RapportSettings["tagCadences"] => Array.isArray(v) && v.every((r) => isRecord(r) && typeof r.tag === "string" && typeof r.cadence === "string"),
	},
	thresholds: { name: "Due, overdue and stale from", valid: isRecord as (v: unknown) => v is RapportSettings["thresholds"] },
	evidence: { name: "Recent context and dated notes as contact", valid: isRecord as (v: unknown) => v is RapportSettings["evidence"] },
	wholeNameMatching: { name: "Whole-name mentions", valid: (v): v is boolean => typeof v === "boolean" },
	excludedFolders: { name: "Excluded folders", valid: isStringList },
	schema: { name: "Frontmatter schema", valid: (v): v is string | null => v === null || typeof v === "string" },
	lastContactProperty: { name: "Last contact property", valid: (v): v is string => typeof v === "string" },
	dateProperties: { name: "Date properties", valid: isStringList },
	dateFileFormats: { name: "Dated note names", valid: isStringList },
	participantsProperties: { name: "Participants properties", valid: isStringList },
	peopleProperties: { name: "Properties", valid: isStringList },
	excludeTemplates: { name: "Leave out templates", valid: (v): v is boolean => typeof v === "boolean" },
	taskGlobalFilter: { name: "Task global filter", valid: (v): v is string | null => v === null || typeof v === "string" },
	projectFolders: { name: "Project folders", valid: isStringList },
	notPeople: { name: "Not people", valid: isStringList },
};
const THRESHOLD_NAMES = { due: "Due from", overdue: "Overdue from", stale: "Stale from" } as const;
const EVIDENCE_NAMES = { recentContext: "Recent context counts as contact", linkedNotes: "Dated notes count as contact" } as const;

function copy<T>(value: T): T {
	return JSON.parse(JSON.stringify(value)) as T;
}

/**
 * Reads stored data field by field: a field of the wrong type (null included) takes its default
 * and is named in `problems`; every other field is kept. Missing fields take their defaults.
 */
export function readSettings(stored: unknown): ReadSettings {
	const settings = copy(DEFAULT_SETTINGS);
	const problems: SettingProblem[] = [];
	if (stored === null || stored === undefined) return { settings, problems, extra: {} };
	if (!isRecord(stored)) return { settings, problems: [{ field: "data.json", name: "every setting", got: stored }], extra: {} };
	const { data } = migrate(stored);
	const extra: StoredSettings = {};
	for (const [key, value] of Object.entries(data)) {
		if (key === "settingsVersion") continue;
		if (!(key in FIELDS)) {
			extra[key] = value;
			continue;
		}
		const field = key as keyof RapportSettings;
		if (value === undefined) continue;
		if (!FIELDS[field].valid(value)) {
			problems.push({ field, name: FIELDS[field].name, got: value });
			continue;
		}
		if (field === "thresholds" || field === "evidence") continue;
		(settings as unknown as Record<string, unknown>)[field] = copy(value);
	}
	const nested = <K extends "thresholds" | "evidence">(key: K, names: Record<string, string>, valid: (v: unknown) => boolean) => {
		const value = data[key];
		if (!isRecord(value)) return;
		const target = settings[key] as unknown as Record<string, unknown>;
		for (const sub of Object.keys(names)) {
			if (value[sub] === undefined) continue;
			if (valid(value[sub])) target[sub] = value[sub];
			else problems.push({ field: `${key}.${sub}`, name: names[sub], got: value[sub] });
		}
	};
	nested("thresholds", THRESHOLD_NAMES, isNumber);
	nested("evidence", EVIDENCE_NAMES, (v) => typeof v === "boolean");
	return { settings, problems, extra };
}

/** Stored data merged over the defaults, wrong-typed fields left at theirs. */
export function withDefaults(stored: unknown): RapportSettings {
	return readSettings(stored).settings;
}

/** What saveData writes: the fields kept for others, the version, the settings. */
export function toStored(settings: RapportSettings, extra: StoredSettings = {}): StoredSettings {
	return { ...extra, settingsVersion: SETTINGS_VERSION, ...settings };
}

/**
 * Settings whose every field the core accepts: a field it refuses (a cadence it cannot read, a
 * schema with errors) takes its default, found by trying each field alone over the defaults;
 * if the fields are only refused together, every field takes its default.
 */
export function keepAccepted(settings: RapportSettings, check: (config: RapportSettings) => string | null): { settings: RapportSettings; refused: SettingProblem[] } {
	if (check(settings) === null) return { settings, refused: [] };
	const out = copy(settings);
	const refused: SettingProblem[] = [];
	for (const key of Object.keys(FIELDS) as (keyof RapportSettings)[]) {
		if (check({ ...DEFAULT_SETTINGS, [key]: settings[key] }) === null) continue;
		(out as unknown as Record<string, unknown>)[key] = copy(DEFAULT_SETTINGS[key]);
		refused.push({ field: key, name: FIELDS[key].name, got: settings[key] });
	}
	if (check(out) === null) return { settings: out, refused };
	return { settings: copy(DEFAULT_SETTINGS), refused: [{ field: "data.json", name: "every setting", got: settings }] };
}

/** Whether the two are the same settings. */
export function sameSettings(a: RapportSettings, b: RapportSettings): boolean {
	const keys = Object.keys(FIELDS) as (keyof RapportSettings)[];
	return keys.every((k) => JSON.stringify(a[k]) === JSON.stringify(b[k]));
}

/** Whether a folder excluded in `before` is not in `after`: its notes were never read. */
export function unexcludes(before: string[], after: string[]): boolean {
	const norm = (f: string) => f.trim().replace(/^\/+|\/+$/g, "");
	const kept = new Set(after.map(norm));
	return before.map(norm).some((f) => f.length > 0 && !kept.has(f));
}

/** Every folder the core leaves out under these settings and the vault's: excluded, and templates unless kept. */
export function excludedBy(settings: RapportSettings, vault: VaultSettings): string[] {
	return settings.excludeTemplates ? [...settings.excludedFolders, ...vault.templateFolders] : settings.excludedFolders;
}

/** The one notice for fields of data.json that were not used: which, and what became of them. */
export function problemsNotice(problems: SettingProblem[], what: string): string {
	const names = [...new Set(problems.map((p) => `"${p.name}"`))];
	const list = names.length === 1 ? names[0] : `${names.slice(0, -1).join(", ")} and ${names[names.length - 1]}`;
	if (problems.some((p) => p.field === "data.json")) return `Rapport: ${what} could not be used, so every setting is at its default. Set them again in the plugin's settings.`;
	return `Rapport: the saved ${names.length === 1 ? "setting" : "settings"} ${list} in ${what} could not be used and ${names.length === 1 ? "is" : "are"} back to the default. Your other settings are kept; change ${names.length === 1 ? "it" : "them"} in the plugin's settings.`;
}

export function splitList(text: string): string[] {
	return text
		.split(/[,\n]/)
		.map((x) => x.trim())
		.filter((x) => x.length > 0);
}

/** `company/*: monthly` lines to rules; lines without a colon are ignored. */
export function parseTagCadences(text: string): { tag: string; cadence: string }[] {
	return text
		.split("\n")
		.map((line) => line.trim())
		.filter((line) => line.includes(":"))
		.map((line) => {
			const at = line.lastIndexOf(":");
			return { tag: line.slice(0, at).trim(), cadence: line.slice(at + 1).trim() };
		})
		.filter((r) => r.tag.length > 0 && r.cadence.length > 0);
}

/** The core's complaint as the user should read it: without the prefix naming the config. */
export function settingMessage(problem: string): string {
	return problem.replace(/^Invalid Rapport config:\s*/, "");
}

/** A threshold as typed: the number, or what is wrong with the text and what to enter. */
export function readThreshold(text: string): number | string {
	const t = text.trim();
	if (t === "") return "Enter a number, such as 0.8.";
	const n = Number(t);
	if (!Number.isFinite(n)) return `\`${t}\` is not a number: enter one such as 0.8.`;
	if (n <= 0) return "Enter a number above 0, such as 0.8.";
	return n;
}

/** What the settings tab needs from the plugin. */
export interface SettingsHost {
	/** The settings in use (a new object after each change). */
	settings(): RapportSettings;
	/** Saves a change and reconfigures the core; returns the core's complaint, if any. */
	updateSettings(change: Partial<RapportSettings>): Promise<string | null>;
	/** Whether settings are being applied (the notes re-derived a slice at a time). */
	applying(): boolean;
	defaultSchema(): string;
	checkSchema(yaml: string): Diagnostic[];
	/** Whether a daily notes' date format dates the notes it names. */
	readsDateFormat(format: string): boolean;
	/** What the vault's own settings say (templates folders, the Tasks plugin's global filter, daily-note formats). */
	vault(): VaultSettings;
	/** Reads the vault's own settings again (the tab is drawn again if they changed). */
	refreshVault(): void;
}

/**
 * Typing pause after which an edited excluded folder applies (as leaving the field or Enter
 * does): applying it can mean reading the whole vault again, never wanted halfway through a name.
 */
export const EXCLUDED_FOLDERS_PAUSE_MS = 3_000;

export class RapportSettingTab extends PluginSettingTab {
	/** Owns the listeners of what `display` drew; replaced by each `display`, unloaded by `hide`. */
	private drawn: Component | null = null;
	private applyingEl: HTMLElement | null = null;
	/** Commits a field edited but not yet committed (Excluded folders), when the tab closes. */
	private commitPending: (() => void) | null = null;

	constructor(
		app: App,
		plugin: ConstructorParameters<typeof PluginSettingTab>[1],
		private readonly host: SettingsHost,
	) {
		super(app, plugin);
	}

	/** Whether the tab is on screen. */
	get shown(): boolean {
		return this.containerEl.isConnected && this.drawn !== null;
	}

	/** Says "Applying settings…" at the top of the tab while the core re-derives the notes. */
	showApplying(applying: boolean): void {
		this.applyingEl?.setText(applying ? "Applying settings…" : "");
		this.applyingEl?.toggleClass("rapport-hidden", !applying);
	}

	/** Draws the tab again with the settings in use (after they changed elsewhere). */
	redraw(): void {
		this.draw();
	}

	hide(): void {
		this.commitPending?.();
		this.commitPending = null;
		this.drawn?.unload();
		this.drawn = null;
		super.hide();
	}

	/** Opening the tab also reads the vault's own settings again: the user may just have changed them. */
	display(): void {
		this.draw();
		this.host.refreshVault();
	}

	private draw(): void {
		const { containerEl } = this;
		this.commitPending = null;
		this.drawn?.unload();
		const drawn = new Component();
		drawn.load();
		this.drawn = drawn;
		containerEl.empty();
		this.applyingEl = containerEl.createDiv({ cls: "rapport-settings-status rapport-settings-applying rapport-hidden", attr: { "aria-live": "polite" } });
		this.showApplying(this.host.applying());
		const s = this.host.settings();

		/** A setting whose problems are shown under its description, at the field. */
		const field = (name: string, desc: string) => {
			const setting = new Setting(containerEl).setName(name);
			appendMarkedText(setting.descEl, desc);
			const errorEl = setting.infoEl.createDiv({ cls: "rapport-settings-status rapport-error rapport-hidden", attr: { role: "alert" } });
			const show = (problem: string | null, input?: HTMLElement) => {
				errorEl.empty();
				if (problem !== null) appendMarkedText(errorEl, settingMessage(problem));
				errorEl.toggleClass("rapport-hidden", problem === null);
				input?.setAttr("aria-invalid", problem !== null ? "true" : null);
			};
			return { setting, show };
		};
		/** Saves a change made in one field, and shows the core's complaint about it there. */
		const save = async (change: Partial<RapportSettings>, show: (problem: string | null) => void) => {
			show(await this.host.updateSettings(change));
		};
		const text = (name: string, desc: string, value: string, placeholder: string, apply: (v: string) => Partial<RapportSettings>) => {
			const { setting, show } = field(name, desc);
			setting.addText((t) => {
				t.setPlaceholder(placeholder).setValue(value);
				t.onChange((v) => save(apply(v), (p) => show(p, t.inputEl)));
			});
		};

		new Setting(containerEl).setName("People notes").setHeading();
		text("Type values", "A note whose `type` property (or one named below) has one of these values is a person. Separate with commas.", s.peopleTypes.join(", "), "people, person", (v) => ({ peopleTypes: splitList(v) }));
		text(
			"Properties",
			"Properties that mark a person when their value is one of the type values: as text, as a link such as `[[People]]`, or as a list of either. Add `categories` for a vault that files people under the `[[People]]` category. Separate with commas.",
			s.peopleProperties.join(", "),
			"type, categories",
			(v) => ({ peopleProperties: splitList(v) }),
		);
		text("Tags", "A note with one of these tags is a person. Separate with commas.", s.peopleTags.join(", "), "type/people", (v) => ({ peopleTags: splitList(v) }));
		text("Folders", "Every note in these folders is a person. Separate with commas.", s.peopleFolders.join(", "), "People", (v) => ({ peopleFolders: splitList(v) }));
		{
			// "Not a person" in the review queue adds to this list; here an entry can be taken out.
			const { setting, show } = field(
				"Not people",
				s.notPeople.length === 0
					? "Notes that are never people, whatever their properties, tags or folder say. *Not a person* in *Review people* adds a note here; none yet."
					: "Notes that are never people, whatever their properties, tags or folder say. *Not a person* in *Review people* adds a note here; remove one to make it a person again.",
			);
			setting.settingEl.addClass("rapport-not-people");
			for (const path of s.notPeople) {
				const gone = this.app.vault.getAbstractFileByPath(path) === null;
				const entry = new Setting(containerEl).setName(path).setDesc(gone ? "Not in the vault (renamed outside Obsidian, or deleted)." : "");
				entry.settingEl.addClass("rapport-not-people-entry");
				entry.settingEl.dataset.path = path;
				entry.addButton((b) => {
					b.setButtonText("Remove").onClick(async () => {
						show(await this.host.updateSettings({ notPeople: this.host.settings().notPeople.filter((p) => p !== path) }));
						this.draw();
					});
					b.buttonEl.setAttr("aria-label", `Make ${path} a person again`);
				});
			}
		}

		new Setting(containerEl).setName("Keeping in touch").setHeading();
		text(
			"Default cadence",
			"For people without a `cadence` property or a matching tag rule: weekly, monthly, quarterly, yearly, 14d, 2w, 3m, a number of days, or none.",
			s.defaultCadence,
			"quarterly",
			(v) => ({ defaultCadence: v.trim() }),
		);
		{
			const { setting, show } = field("Cadence by tag", "One rule per line, `tag: cadence`; `*` matches any text, so `company/*: monthly` covers every company tag. The first matching rule wins.");
			setting.addTextArea((t) =>
				t.setValue(s.tagCadences.map((r) => `${r.tag}: ${r.cadence}`).join("\n")).onChange((v) => save({ tagCadences: parseTagCadences(v) }, (p) => show(p, t.inputEl))),
			);
		}
		this.thresholds(field, save);
		text(
			"Last contact property",
			"The property that holds a person's last contact: read for staleness, written by Mark contacted.",
			s.lastContactProperty,
			"last_contact",
			(v) => ({ lastContactProperty: v.trim() }),
		);
		const daily = this.host
			.vault()
			.dailyNoteFormats.map((f) => (this.host.readsDateFormat(f) ? `\`${f}\`` : `\`${f}\` (not followed: its names do not start with the date in digits; add a pattern here)`))
			.join(", ");
		text(
			"Dated note names",
			`File-name patterns of meeting and daily notes, matched at the start of the name: \`YYYY\`, \`MM\` and \`DD\` are the date, as in \`YYYY-MM-DD\` or \`Diary-YYYYMMDD\`. Separate with commas. The daily notes' format set in Obsidian dates notes too: ${daily || "this vault sets none"}.`,
			s.dateFileFormats.join(", "),
			"YYYY-MM-DD",
			(v) => ({ dateFileFormats: splitList(v) }),
		);
		text(
			"Date properties",
			"Properties that date a note whose name does not, tried in order; a Dataview inline field of the name (`date:: 2026-03-01`) counts too. Separate with commas.",
			s.dateProperties.join(", "),
			"date",
			(v) => ({ dateProperties: splitList(v) }),
		);
		text(
			"Participants properties",
			"Properties or inline fields that list who took part in a meeting (`participants:: [[Ada]], [[Cy]]`). A dated note with one is contact with those people only. Separate with commas; empty: every link of a dated note is contact.",
			s.participantsProperties.join(", "),
			"participants, attendees",
			(v) => ({ participantsProperties: splitList(v) }),
		);
		text(
			"Project folders",
			"Folders of project notes, which a person's profile and a `projects` block list when they link the person (a note with `type: project` is one anywhere). A name such as `Projects` is every folder of that name; a path such as `Work/Projects` is that folder. Separate with commas.",
			s.projectFolders.join(", "),
			"Projects",
			(v) => ({ projectFolders: splitList(v) }),
		);
		new Setting(containerEl)
			.setName("Recent context counts as contact")
			.then((st) => appendMarkedText(st.descEl, "Dated lines in a person's `## Recent Context` section."))
			.addToggle((t) => t.setValue(s.evidence.recentContext).onChange((v) => this.host.updateSettings({ evidence: { ...this.host.settings().evidence, recentContext: v } })));
		new Setting(containerEl)
			.setName("Dated notes count as contact")
			.setDesc("Meeting and daily notes that link the person outside an open task.")
			.addToggle((t) => t.setValue(s.evidence.linkedNotes).onChange((v) => this.host.updateSettings({ evidence: { ...this.host.settings().evidence, linkedNotes: v } })));

		new Setting(containerEl).setName("Tasks and indexing").setHeading();
		new Setting(containerEl)
			.setName("Whole-name mentions")
			.setDesc("A task that names a person in plain text (not only a link) concerns them.")
			.addToggle((t) => t.setValue(s.wholeNameMatching).onChange((v) => this.host.updateSettings({ wholeNameMatching: v })));
		this.excludedFolders(field, save, drawn);
		const vault = this.host.vault();
		const folders = vault.templateFolders.map((f) => `\`${f}\``).join(" and ");
		new Setting(containerEl)
			.setName("Leave out templates")
			.then((st) =>
				appendMarkedText(
					st.descEl,
					`Notes in the templates folder of Obsidian's Templates plugin or of Templater are neither people nor tasks. ${folders ? `This vault's: ${folders}.` : "This vault sets none."}`,
				),
			)
			.addToggle((t) => t.setValue(s.excludeTemplates).onChange((v) => this.host.updateSettings({ excludeTemplates: v })));
		{
			const tasks = vault.taskGlobalFilter ? `the Tasks plugin's, \`${vault.taskGlobalFilter}\`` : "none (the Tasks plugin sets no global filter, or is not enabled), so every checkbox line is a task";
			const { setting, show } = field("Task global filter", `Only checkbox lines whose text contains this are tasks, as with the Tasks plugin's global filter. Leave empty to follow the Tasks plugin: now ${tasks}.`);
			setting.addText((t) => {
				t.setPlaceholder(vault.taskGlobalFilter || "#task").setValue(s.taskGlobalFilter ?? "");
				t.onChange((v) => save({ taskGlobalFilter: v === "" ? null : v }, (p) => show(p, t.inputEl)));
			});
		}

		new Setting(containerEl).setName("Schema").setHeading();
		const schemaStatus = containerEl.createDiv({ cls: "rapport-schema-status" });
		let area: TextAreaComponent | null = null;
		const check = (yaml: string): boolean => {
			schemaStatus.empty();
			const problems = this.host.checkSchema(yaml);
			schemaStatus.toggleClass("rapport-error", problems.length > 0);
			if (problems.length === 0) {
				schemaStatus.setText("The schema is valid.");
				return true;
			}
			for (const p of problems) appendMarkedText(schemaStatus.createDiv(), `Line ${p.line}: ${p.message}`);
			return false;
		};
		const schemaShow = (problem: string | null) => {
			if (problem === null) return;
			schemaStatus.empty();
			schemaStatus.addClass("rapport-error");
			appendMarkedText(schemaStatus.createDiv(), settingMessage(problem));
		};
		new Setting(containerEl)
			.setName("Frontmatter schema")
			.setDesc("Field types and rules per note type, in YAML. Checked as you type; saved while valid.")
			.addButton((b) =>
				b.setButtonText("Reset to built-in").onClick(async () => {
					const yaml = this.host.defaultSchema();
					area?.setValue(yaml);
					check(yaml);
					await save({ schema: null }, schemaShow);
				}),
			);
		const schemaSetting = new Setting(containerEl).addTextArea((t) => {
			area = t;
			const yaml = s.schema ?? this.host.defaultSchema();
			t.setValue(yaml).onChange(async (v) => {
				if (check(v)) await save({ schema: v === this.host.defaultSchema() ? null : v }, schemaShow);
			});
			t.inputEl.addClass("rapport-schema-input");
			t.inputEl.rows = 18;
			check(yaml);
		});
		schemaSetting.settingEl.addClass("rapport-schema-setting");
	}

	/**
	 * The three thresholds, as numbers. Each is checked as typed (a number above 0); the three
	 * typed values are then saved together, so raising all three works in any order, and the
	 * core's answer (they must rise from due to overdue to stale) shows at the field typed in.
	 */
	private thresholds(
		field: (name: string, desc: string) => { setting: Setting; show: (problem: string | null, input?: HTMLElement) => void },
		save: (change: Partial<RapportSettings>, show: (problem: string | null) => void) => Promise<void>,
	): void {
		const s = this.host.settings();
		const keys = ["due", "overdue", "stale"] as const;
		const inputs = new Map<(typeof keys)[number], { input: TextComponent; show: (problem: string | null, input?: HTMLElement) => void }>();
		const explain = {
			due: "A contact is due once the days since you were last in touch, divided by their cadence, reach this. At most the overdue threshold.",
			overdue: "A contact is overdue from this score on: at least the due threshold and at most the stale one.",
			stale: "A contact is stale from this score on. At least the overdue threshold.",
		};
		const changed = async (key: (typeof keys)[number]) => {
			const typed = keys.map((k) => [k, readThreshold(inputs.get(k)?.input.getValue() ?? "")] as const);
			const own = typed.find(([k]) => k === key)?.[1];
			const mine = inputs.get(key);
			if (!mine) return;
			if (typeof own === "string") return mine.show(own, mine.input.inputEl);
			// Another field still holds something that is not a number: it says so already.
			if (typed.some(([, v]) => typeof v === "string")) return mine.show(null, mine.input.inputEl);
			const thresholds = Object.fromEntries(typed) as RapportSettings["thresholds"];
			await save({ thresholds }, (problem) => {
				if (problem !== null) return mine.show(problem, mine.input.inputEl);
				for (const { input, show } of inputs.values()) show(null, input.inputEl);
			});
		};
		for (const key of keys) {
			const { setting, show } = field(`${key[0].toUpperCase()}${key.slice(1)} from`, explain[key]);
			setting.addText((t) => {
				t.inputEl.type = "number";
				t.inputEl.min = "0.05";
				t.inputEl.step = "0.05";
				t.inputEl.inputMode = "decimal";
				t.setValue(String(s.thresholds[key]));
				inputs.set(key, { input: t, show });
				t.onChange(() => changed(key));
			});
		}
	}

	/**
	 * Excluded folders apply when the field is left, on Enter, or after a long pause: notes in a
	 * folder no longer excluded must be read again, which a half-typed name should not cause.
	 */
	private excludedFolders(
		field: (name: string, desc: string) => { setting: Setting; show: (problem: string | null, input?: HTMLElement) => void },
		save: (change: Partial<RapportSettings>, show: (problem: string | null) => void) => Promise<void>,
		drawn: Component,
	): void {
		const { setting, show } = field("Excluded folders", "Never indexed. Separate with commas. Applied when you leave the field or press Enter.");
		setting.addText((t) => {
			t.setPlaceholder("Archive").setValue(this.host.settings().excludedFolders.join(", "));
			let timer: number | null = null;
			const commit = () => {
				if (timer !== null) window.clearTimeout(timer);
				timer = null;
				this.commitPending = null;
				const folders = splitList(t.getValue());
				if (JSON.stringify(folders) === JSON.stringify(this.host.settings().excludedFolders)) return;
				void save({ excludedFolders: folders }, (p) => show(p, t.inputEl));
			};
			t.onChange(() => {
				if (timer !== null) window.clearTimeout(timer);
				timer = window.setTimeout(commit, EXCLUDED_FOLDERS_PAUSE_MS);
				this.commitPending = commit;
			});
			drawn.register(() => {
				if (timer !== null) window.clearTimeout(timer);
			});
			drawn.registerDomEvent(t.inputEl, "blur", commit);
			drawn.registerDomEvent(t.inputEl, "keydown", (e) => {
				if (e.key === "Enter") commit();
			});
		});
	}
}
