/** What the vault's own settings say that Rapport follows, read from Obsidian's config folder: the templates folders, the Tasks plugin's global filter and the daily notes' date formats. */
import { type DataAdapter, normalizePath } from "obsidian";
import type { VaultSettings } from "../pkg/rapport";

/** The part of Obsidian's adapter this reads with (`app.vault.adapter`). */
export type ConfigFiles = Pick<DataAdapter, "exists" | "read">;

/** The Tasks plugin's id, as `community-plugins.json` lists it while the plugin is enabled. */
export const TASKS_PLUGIN = "obsidian-tasks-plugin";

export const NO_VAULT_SETTINGS: VaultSettings = { templateFolders: [], taskGlobalFilter: "", dailyNoteFormats: [] };

/** A file that exists but could not be read (sync, a file not downloaded yet): what it said is not known. */
const UNREAD = Symbol("unread");

/**
 * A JSON file of the config folder: undefined when it is missing (the usual case: a plugin never
 * set up) or not JSON (Obsidian then takes its defaults too), UNREAD when it could not be read.
 */
async function readJson(files: ConfigFiles, configDir: string, rel: string): Promise<unknown> {
	const path = normalizePath(`${configDir}/${rel}`);
	let text: string;
	try {
		if (!(await files.exists(path))) return undefined;
		text = await files.read(path);
	} catch (error) {
		console.warn(`Rapport: ${path} could not be read; what it said before stays in use.`, error);
		return UNREAD;
	}
	try {
		return JSON.parse(text) as unknown;
	} catch {
		console.warn(`Rapport: ${path} is not valid JSON; its settings are not used.`);
		return undefined;
	}
}

/** `value[key]` when it is text. */
function text(value: unknown, key: string): string | undefined {
	if (typeof value !== "object" || value === null) return undefined;
	const field = (value as Record<string, unknown>)[key];
	return typeof field === "string" ? field : undefined;
}

/**
 * Reads the vault's own settings, as the CLI does: the folders of Obsidian's Templates plugin
 * (`templates.json`, `folder`) and of Templater (its `data.json`, `templates_folder`) whether or
 * not those plugins are on, since the folder holds templates either way; and the Tasks plugin's
 * `globalFilter` only while it is enabled (in `community-plugins.json`); the date formats of the
 * Daily notes core plugin (`daily-notes.json`, whether or not it is on: the notes keep their
 * names) and of the Periodic Notes plugin's daily notes while they are on. A file that could not
 * be read leaves what `previous` says about it, so that a passing failure does not read the
 * templates into the index and out again.
 */
export async function readVaultSettings(files: ConfigFiles, configDir: string, previous: VaultSettings): Promise<VaultSettings> {
	const [templates, templater, enabled] = await Promise.all([
		readJson(files, configDir, "templates.json"),
		readJson(files, configDir, "plugins/templater-obsidian/data.json"),
		readJson(files, configDir, "community-plugins.json"),
	]);
	const templateFolders =
		templates === UNREAD || templater === UNREAD
			? previous.templateFolders
			: [text(templates, "folder"), text(templater, "templates_folder")].filter((f): f is string => f !== undefined && f.trim().replace(/^\/+|\/+$/g, "") !== "");
	let taskGlobalFilter = "";
	if (enabled === UNREAD) taskGlobalFilter = previous.taskGlobalFilter;
	else if (Array.isArray(enabled) && enabled.includes(TASKS_PLUGIN)) {
		const tasks = await readJson(files, configDir, `plugins/${TASKS_PLUGIN}/data.json`);
		taskGlobalFilter = tasks === UNREAD ? previous.taskGlobalFilter : (text(tasks, "globalFilter") ?? "");
	}
	const [daily, periodic] = await Promise.all([readJson(files, configDir, "daily-notes.json"), readJson(files, configDir, "plugins/periodic-notes/data.json")]);
	let dailyNoteFormats: string[];
	if (daily === UNREAD || periodic === UNREAD) dailyNoteFormats = previous.dailyNoteFormats;
	else {
		const periodicDaily = typeof periodic === "object" && periodic !== null ? (periodic as Record<string, unknown>).daily : undefined;
		const periodicOn = typeof periodicDaily === "object" && periodicDaily !== null && (periodicDaily as Record<string, unknown>).enabled === true;
		const formats = [daily === undefined ? undefined : dateFormat(daily), periodicOn ? dateFormat(periodicDaily) : undefined];
		dailyNoteFormats = [...new Set(formats.filter((f): f is string => f !== undefined))];
	}
	return { templateFolders, taskGlobalFilter, dailyNoteFormats };
}

/** A daily-notes setting's date format (Moment.js), `YYYY-MM-DD` when it leaves it out or empty, as both plugins do. */
function dateFormat(settings: unknown): string {
	const format = text(settings, "format")?.trim();
	return format ? format : "YYYY-MM-DD";
}

/** Whether two readings say the same. */
export function sameVaultSettings(a: VaultSettings, b: VaultSettings): boolean {
	return (
		a.taskGlobalFilter === b.taskGlobalFilter &&
		JSON.stringify(a.templateFolders) === JSON.stringify(b.templateFolders) &&
		JSON.stringify(a.dailyNoteFormats) === JSON.stringify(b.dailyNoteFormats)
	);
}
