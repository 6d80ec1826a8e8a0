/** The settings (the core's Config, stored in data.json) and the settings tab. */
import { type App, PluginSettingTab, Setting, type TextAreaComponent } from "obsidian";
import type { Config, Diagnostic } from "../pkg/rapport";

export type RapportSettings = Config;

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
};

/** Stored data merged over the defaults, one level deep for the nested objects. */
export function withDefaults(stored: unknown): RapportSettings {
	const s = (stored && typeof stored === "object" ? stored : {}) as Partial<RapportSettings>;
	return {
		...DEFAULT_SETTINGS,
		...s,
		thresholds: { ...DEFAULT_SETTINGS.thresholds, ...(s.thresholds ?? {}) },
		evidence: { ...DEFAULT_SETTINGS.evidence, ...(s.evidence ?? {}) },
	};
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

/** What the settings tab needs from the plugin. */
export interface SettingsHost {
	settings: RapportSettings;
	/** Saves a change and reconfigures the core; returns the core's complaint, if any. */
	updateSettings(change: Partial<RapportSettings>): Promise<string | null>;
	defaultSchema(): string;
	checkSchema(yaml: string): Diagnostic[];
}

export class RapportSettingTab extends PluginSettingTab {
	constructor(
		app: App,
		plugin: ConstructorParameters<typeof PluginSettingTab>[1],
		private readonly host: SettingsHost,
	) {
		super(app, plugin);
	}

	display(): void {
		const { containerEl } = this;
		containerEl.empty();
		const s = this.host.settings;
		const status = containerEl.createDiv({ cls: "rapport-settings-status" });
		const save = async (change: Partial<RapportSettings>) => {
			const problem = await this.host.updateSettings(change);
			status.setText(problem ?? "");
			status.toggleClass("rapport-error", problem !== null);
		};

		new Setting(containerEl).setName("People notes").setHeading();
		new Setting(containerEl)
			.setName("Type values")
			.setDesc("A note whose `type` property has one of these values is a person. Separate with commas.")
			.addText((t) => t.setValue(s.peopleTypes.join(", ")).onChange((v) => save({ peopleTypes: splitList(v) })));
		new Setting(containerEl)
			.setName("Tags")
			.setDesc("A note with one of these tags is a person.")
			.addText((t) => t.setValue(s.peopleTags.join(", ")).onChange((v) => save({ peopleTags: splitList(v) })));
		new Setting(containerEl)
			.setName("Folders")
			.setDesc("Every note in these folders is a person.")
			.addText((t) => t.setPlaceholder("People").setValue(s.peopleFolders.join(", ")).onChange((v) => save({ peopleFolders: splitList(v) })));

		new Setting(containerEl).setName("Keeping in touch").setHeading();
		new Setting(containerEl)
			.setName("Default cadence")
			.setDesc("For people without a `cadence` property or a matching tag rule: weekly, monthly, quarterly, yearly, 14d, 2w, 3m, a number of days, or none.")
			.addText((t) => t.setValue(s.defaultCadence).onChange((v) => save({ defaultCadence: v.trim() })));
		new Setting(containerEl)
			.setName("Cadence by tag")
			.setDesc("One rule per line, `tag: cadence`; `*` matches any text, so `company/*: monthly` covers every company tag. The first matching rule wins.")
			.addTextArea((t) =>
				t
					.setValue(s.tagCadences.map((r) => `${r.tag}: ${r.cadence}`).join("\n"))
					.onChange((v) => save({ tagCadences: parseTagCadences(v) })),
			);
		const thresholds = { ...s.thresholds };
		for (const key of ["due", "overdue", "stale"] as const) {
			new Setting(containerEl)
				.setName(`${key[0].toUpperCase()}${key.slice(1)} from`)
				.setDesc(`A contact is ${key} once days since contact divided by cadence reaches this.`)
				.addText((t) =>
					t.setValue(String(thresholds[key])).onChange((v) => {
						thresholds[key] = Number(v);
						void save({ thresholds: { ...thresholds } });
					}),
				);
		}
		new Setting(containerEl)
			.setName("Recent context counts as contact")
			.setDesc("Dated lines in a person's `## Recent Context` section.")
			.addToggle((t) => t.setValue(s.evidence.recentContext).onChange((v) => save({ evidence: { ...this.host.settings.evidence, recentContext: v } })));
		new Setting(containerEl)
			.setName("Dated notes count as contact")
			.setDesc("Meeting and daily notes that link the person outside an open task.")
			.addToggle((t) => t.setValue(s.evidence.linkedNotes).onChange((v) => save({ evidence: { ...this.host.settings.evidence, linkedNotes: v } })));

		new Setting(containerEl).setName("Tasks and indexing").setHeading();
		new Setting(containerEl)
			.setName("Whole-name mentions")
			.setDesc("A task that names a person in plain text (not only a link) concerns them.")
			.addToggle((t) => t.setValue(s.wholeNameMatching).onChange((v) => save({ wholeNameMatching: v })));
		new Setting(containerEl)
			.setName("Excluded folders")
			.setDesc("Never indexed. Separate with commas.")
			.addText((t) => t.setPlaceholder("Templates").setValue(s.excludedFolders.join(", ")).onChange((v) => save({ excludedFolders: splitList(v) })));

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
			for (const p of problems) schemaStatus.createDiv({ text: `Line ${p.line}: ${p.message}` });
			return false;
		};
		new Setting(containerEl)
			.setName("Frontmatter schema")
			.setDesc("Field types and rules per note type, in YAML. Checked as you type; saved while valid.")
			.addButton((b) =>
				b.setButtonText("Reset to built-in").onClick(async () => {
					const yaml = this.host.defaultSchema();
					area?.setValue(yaml);
					check(yaml);
					await save({ schema: null });
				}),
			);
		const schemaSetting = new Setting(containerEl).addTextArea((t) => {
			area = t;
			const yaml = s.schema ?? this.host.defaultSchema();
			t.setValue(yaml).onChange(async (v) => {
				if (check(v)) await save({ schema: v === this.host.defaultSchema() ? null : v });
			});
			t.inputEl.addClass("rapport-schema-input");
			t.inputEl.rows = 18;
			check(yaml);
		});
		schemaSetting.settingEl.addClass("rapport-schema-setting");
	}
}
