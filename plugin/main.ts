/** Rapport's Obsidian plugin: wires the core, the indexer, views, commands and settings together. */
import { type Menu, Notice, type PaneType, Platform, Plugin, type TAbstractFile, TFile, type WorkspaceLeaf } from "obsidian";
import type { Diagnostic, Task, VaultSettings } from "../pkg/rapport";
import type { RapportApi } from "./api";
import { RapportBlock } from "./codeblock";
import { CORE_MESSAGES, CoreHost } from "./core";
import { today } from "./dates";
import { RapportEvents } from "./events";
import { VaultIndexer } from "./indexer";
import { InteractionLogger } from "./logInteraction";
import { DiagnosticsModal, SnoozeModal, VaultReportModal } from "./modals";
import { KeepPicker } from "./merge";
import { MigrateModal } from "./migrate";
import { PersonTasksView, VIEW_TYPE_PERSON_TASKS } from "./personTasksView";
import { appendMarkedText, HOVER_SOURCE, plural } from "./render";
import {
	excludedBy,
	keepAccepted,
	problemsNotice,
	RapportSettingTab,
	readSettings,
	type RapportSettings,
	sameSettings,
	type SettingProblem,
	type StoredSettings,
	toStored,
	unexcludes,
	withDefaults,
} from "./settings";
import { ReviewView, VIEW_TYPE_REVIEW } from "./reviewView";
import { StaleContactsView, VIEW_TYPE_STALE } from "./staleView";
import { NO_VAULT_SETTINGS, readVaultSettings, sameVaultSettings } from "./vaultSettings";
import { NoteWriter } from "./writes";

/**
 * Quiet time after a settings change before the core applies it: applying re-derives every note
 * (half a second on a 10,000-note vault), and the schema is edited a keystroke at a time.
 */
const RECONFIGURE_DEBOUNCE_MS = 500;

/** Views refresh at most this often while notes change. */
const REFRESH_MS = 100;

/** How often the date is checked, so that statuses roll over at midnight with no note changing. */
const DAY_CHECK_MS = 60_000;

/**
 * How often the vault's own settings (templates folders, the Tasks global filter) are read again:
 * Obsidian has no event for a change of another plugin's settings, so they are read at startup,
 * when Rapport's settings tab opens, when the app comes back to the foreground, and this often.
 */
const VAULT_SETTINGS_CHECK_MS = 60_000;

/**
 * Core time per slice while new settings are applied (the notes re-derived between frames), and
 * notes per call into the core within a slice: few enough that a slice ends close to its time
 * whatever the notes cost. A person re-derived counts their open tasks again, so 32 people cost
 * about 5 ms natively (ten times as many plain notes) and twice that in wasm: at 32 a call, a
 * slice ran to 16 ms; at 8 one call's overrun is a few milliseconds.
 */
const APPLY_SLICE_MS = 8;
const APPLY_CHUNK = 8;

export default class RapportPlugin extends Plugin implements RapportApi {
	settings: RapportSettings = withDefaults(null);
	events = new RapportEvents();
	core: CoreHost = new CoreHost(
		() => this.indexer.indexAll(),
		(message) => {
			new Notice(message, 10_000);
			// The views show the restart (or the stop) instead of results that are not there.
			this.scheduleRefresh();
		},
	);
	indexer: VaultIndexer = new VaultIndexer(
		this.app,
		this.core,
		() => this.scheduleRefresh(),
		(message) => new Notice(message, 10_000),
	);
	writer: NoteWriter = new NoteWriter(this.app, this.core, this.indexer, () => this.today());
	/** Milliseconds `onload` took (the core loads in the background after it). */
	onloadMs = 0;
	private ready = false;
	/** Set when the last full index failed for a reason that is neither a note's nor the core's. */
	private indexFailed = false;
	/** Set by onunload: work that was awaiting the core must not register anything afterwards. */
	private unloaded = false;
	private refreshTimer: number | null = null;
	private statusBar: HTMLElement | null = null;
	private reconfigureTimer: number | null = null;
	/** Saved settings the core has not applied yet; and whether they need the vault read again. */
	private settingsPending = false;
	private refillPending = false;
	/** Fields of data.json this version does not know, written back as they were. */
	private storedExtra: StoredSettings = {};
	/** The settings being applied a slice at a time (see `applySettings`). */
	private applying: Promise<void> | null = null;
	private settingTab: RapportSettingTab | null = null;
	/** What the vault's own settings say, as last read (at startup, then see `refreshVault`). */
	vaultSettings: VaultSettings = NO_VAULT_SETTINGS;
	private vaultRead = false;
	private vaultReading: Promise<void> | null = null;

	async onload(): Promise<void> {
		const started = performance.now();
		await this.loadSettings();
		this.registerView(VIEW_TYPE_STALE, (leaf) => new StaleContactsView(leaf, this));
		this.registerView(VIEW_TYPE_PERSON_TASKS, (leaf) => new PersonTasksView(leaf, this));
		// The review queue (issue 18): its view, and the notPeople setting kept in step with renames.
		this.registerView(VIEW_TYPE_REVIEW, (leaf) => new ReviewView(leaf, this));
		this.registerEvent(this.app.vault.on("rename", (file, old) => void this.followNotPerson(file.path, old)));
		this.settingTab = new RapportSettingTab(this.app, this, {
			settings: () => this.settings,
			updateSettings: (change) => this.updateSettings(change),
			applying: () => this.applying !== null,
			defaultSchema: () => this.core.defaultSchema(),
			checkSchema: (yaml) => this.core.checkSchema(yaml),
			readsDateFormat: (format) => this.core.readsDateFormat(format),
			vault: () => this.vaultSettings,
			refreshVault: () => void this.refreshVault(),
		});
		this.addSettingTab(this.settingTab);
		this.registerMarkdownCodeBlockProcessor("rapport", (source, el, ctx) => {
			ctx.addChild(new RapportBlock(el, this, source, ctx.sourcePath));
		});
		this.registerHoverLinkSource(HOVER_SOURCE, { display: "Rapport", defaultMod: true });
		this.addRibbonIcon("users", "Open stale contacts", () => void this.activateView(VIEW_TYPE_STALE));
		// Phones have no status bar: there the way to a note's problems is its file menu (below).
		if (!Platform.isMobile) {
			this.statusBar = this.addStatusBarItem();
			this.statusBar.addClass("rapport-status-bar");
			this.registerDomEvent(this.statusBar, "click", () => this.validateCurrentNote());
		}
		this.registerEvent(this.app.workspace.on("file-menu", (menu, file) => this.addProblemsItem(menu, file)));
		this.registerEvent(this.app.workspace.on("editor-menu", (menu, _editor, info) => this.addProblemsItem(menu, info.file)));
		this.registerCommands();
		this.registerEvent(this.app.workspace.on("file-open", () => this.updateStatusBar()));
		this.events.onIndexChanged(this, () => this.updateStatusBar());
		this.watchTheDate();
		this.registerInterval(window.setInterval(() => void this.refreshVault(), VAULT_SETTINGS_CHECK_MS));
		this.registerDomEvent(document, "visibilitychange", () => void this.refreshVault());

		// Instantiating the wasm and reading the vault happen after onload returns, so Obsidian's
		// startup never waits for them.
		this.app.workspace.onLayoutReady(() => void this.startCore());
		this.onloadMs = performance.now() - started;
		console.debug(`Rapport: onload took ${this.onloadMs.toFixed(1)} ms`);
	}

	onunload(): void {
		this.unloaded = true;
		this.indexer.stop();
		// The instance's memory goes now, not when the engine next collects; nothing restarts it.
		this.core.dispose();
		if (this.refreshTimer !== null) window.clearTimeout(this.refreshTimer);
		if (this.reconfigureTimer !== null) window.clearTimeout(this.reconfigureTimer);
	}

	private async startCore(): Promise<void> {
		if (this.unloaded) return;
		const [loaded, vault] = await Promise.all([this.core.load(), readVaultSettings(this.app.vault.adapter, this.app.vault.configDir, NO_VAULT_SETTINGS)]);
		this.vaultSettings = vault;
		this.vaultRead = true;
		// Kept by the host for the index it opens below.
		this.core.setVault(vault);
		// Disabled while the wasm was compiling: registering now would outlive the plugin.
		if (this.unloaded) return;
		this.registerEvent(this.app.vault.on("create", (f) => this.indexer.onChange(f)));
		this.registerEvent(this.app.vault.on("modify", (f) => this.indexer.onChange(f)));
		this.registerEvent(this.app.vault.on("delete", (f) => this.indexer.onDelete(f)));
		this.registerEvent(this.app.vault.on("rename", (f, old) => this.indexer.onRename(f, old)));
		// A core that could not start has told the user why; the views show it, and "Rebuild the
		// index" tries again.
		if (loaded && this.openIndex()) await this.rebuild(false);
		else this.scheduleRefresh();
	}

	/**
	 * Opens the index with the settings. When the core refuses them (saved while it could not
	 * check them), each refused setting takes its default, one notice names them, and the rest
	 * are kept; the defaults alone, saying so, if even that is refused.
	 */
	private openIndex(): boolean {
		try {
			return this.core.open(this.settings);
		} catch (error) {
			console.error("Rapport:", error);
		}
		try {
			return this.core.open(this.acceptedSettings());
		} catch (error) {
			console.error("Rapport:", error);
			// The core names the setting in backticks: shown as code, as everywhere else.
			const text = `Rapport: ${error instanceof Error ? error.message : String(error)} Using the default settings until they are fixed.`;
			new Notice(
				createFragment((f) => appendMarkedText(f.createSpan(), text)),
				10_000,
			);
			return this.core.open({});
		}
	}

	private registerCommands(): void {
		this.addCommand({ id: "open-stale-contacts", name: "Open stale contacts", callback: () => void this.activateView(VIEW_TYPE_STALE) });
		this.addCommand({ id: "show-person-tasks", name: "Show tasks for the current person", callback: () => void this.showPersonTasks() });
		this.addCommand({ id: "validate-current-note", name: "Validate the current note", checkCallback: (checking) => this.withMarkdownFile(checking, () => this.validateCurrentNote()) });
		// The modals wait for the index, saying why, rather than answer from part of it.
		this.addCommand({ id: "validate-vault", name: "Validate the vault", callback: () => new VaultReportModal(this.app, this).open() });
		this.addCommand({
			id: "fix-current-note",
			name: "Fix every problem in the current note",
			checkCallback: (checking) =>
				this.withMarkdownFile(checking, (file) => {
					if (this.whenReady("fix this note")) void this.writer.fixAll(file);
				}),
		});
		this.addCommand({
			id: "mark-contacted-today",
			name: "Mark the current person contacted today",
			checkCallback: (checking) => this.withPerson(checking, (file) => void this.markContacted(file.path)),
		});
		this.addCommand({
			id: "snooze-contact",
			name: "Snooze the current person…",
			checkCallback: (checking) => this.withPerson(checking, (file) => new SnoozeModal(this.app, this, file.path, file.basename).open()),
		});
		// Offered on a person the core sees as needing review (the tag in its tags or its body).
		this.addCommand({
			id: "mark-reviewed",
			name: "Mark the current person reviewed",
			checkCallback: (checking) => {
				const file = this.app.workspace.getActiveFile();
				if (!file || !this.core.run((index) => index.canMarkReviewed(file.path), false)) return false;
				if (!checking) void this.markReviewed(file.path);
				return true;
			},
		});
		this.addCommand({ id: "rebuild-index", name: "Rebuild the index", callback: () => void this.rebuildFromScratch() });
		// Meeting write-back: the preview on a dated note, the form on a people note.
		this.addCommand({
			id: "log-interaction",
			name: "Log this interaction",
			checkCallback: (checking) =>
				this.withMarkdownFile(checking, (file) => {
					if (this.whenReady("log this interaction")) void new InteractionLogger(this.app, this.core, this.indexer, () => this.today()).run(file);
				}),
		});
		this.addCommand({
			id: "migrate-dataview-blocks",
			name: "Migrate dataview blocks of people notes",
			callback: () => new MigrateModal(this.app, this, (file) => this.indexer.refresh(file)).open(),
		});
		this.addCommand({ id: "open-review-queue", name: "Review people", callback: () => void this.activateView(VIEW_TYPE_REVIEW) });
		// Merging people: on a people note, the person merged is the note's; a picker asks for the one kept.
		this.addCommand({
			id: "merge-person",
			name: "Merge the current person into another…",
			checkCallback: (checking) => this.withPerson(checking, (file) => this.openMergeInto(file.path)),
		});
	}

	/**
	 * Merges the person at `mergedPath` into another: the picker for the person kept, the preview
	 * of every file it touches, the writes and the notice with Undo (the review view calls it too).
	 */
	openMergeInto(mergedPath: string): void {
		if (!this.whenReady("merge people")) return;
		new KeepPicker(this.app, this, mergedPath, (file) => this.indexer.refresh(file)).open();
	}

	private withMarkdownFile(checking: boolean, run: (file: TFile) => void): boolean {
		const file = this.app.workspace.getActiveFile();
		if (!file || file.extension !== "md") return false;
		if (!checking) run(file);
		return true;
	}

	private withPerson(checking: boolean, run: (file: TFile) => void): boolean {
		const file = this.app.workspace.getActiveFile();
		if (!file || !this.core.run((index) => index.personForPath(file.path), null)) return false;
		if (!checking) run(file);
		return true;
	}

	// RapportApi: what views, modals and code blocks call.

	isReady(): boolean {
		return this.ready && this.applying === null && this.core.ready && !this.indexer.indexing;
	}

	waitingText(): string {
		const state = this.core.state;
		if (state.kind === "failed") return state.message;
		if (state.kind === "stopped") return state.reason === "memory" ? CORE_MESSAGES.outOfMemory : CORE_MESSAGES.traps;
		if (state.kind === "restarting") return "Rapport is restarting after an internal error…";
		if (state.kind === "disposed") return "Rapport is turned off.";
		if (this.ready && this.applying !== null) return "Applying settings…";
		if (this.indexFailed) return "Rapport could not finish indexing your vault. Run “Rebuild the index” to try again.";
		return state.kind === "loading" ? "Starting Rapport…" : "Indexing your vault…";
	}

	/** Whether the index is complete; if not, tells the user why `what` has to wait. */
	private whenReady(what: string): boolean {
		if (this.isReady()) return true;
		new Notice(`Rapport cannot ${what} yet. ${this.waitingText()}`);
		return false;
	}

	today(): string {
		return today();
	}

	async openNote(path: string, line?: number, newLeaf: PaneType | boolean = false): Promise<void> {
		const file = this.app.vault.getAbstractFileByPath(path);
		if (!(file instanceof TFile)) {
			new Notice(`Rapport: ${path} is no longer in the vault.`);
			return;
		}
		// Active, so that the status bar, the editor and the note commands follow the note opened.
		const leaf = this.app.workspace.getLeaf(newLeaf);
		await leaf.openFile(file, { active: true, ...(line !== undefined ? { eState: { line: line - 1 } } : {}) });
	}

	async showPersonTasks(path?: string): Promise<void> {
		const target = path ?? this.app.workspace.getActiveFile()?.path;
		const leaf = await this.activateView(VIEW_TYPE_PERSON_TASKS);
		if (target && leaf?.view instanceof PersonTasksView) leaf.view.show(target);
	}

	/** The file menu's (and the editor menu's) way to a note's problems, where there is no status bar. */
	private addProblemsItem(menu: Menu, file: TAbstractFile | null): void {
		if (!(file instanceof TFile) || file.extension !== "md" || !this.isReady()) return;
		const count = this.core.run((index) => index.diagnostics(file.path, this.today()), []).length;
		if (count === 0) return;
		menu.addItem((item) =>
			item
				.setTitle(`Show ${plural(count, "problem", "problems")} (Rapport)`)
				.setIcon("alert-triangle")
				.onClick(() => new DiagnosticsModal(this.app, this, file).open()),
		);
	}

	/**
	 * Statuses depend on the date: when it changes (midnight, or a phone woken on another day) the
	 * views refresh, though no note changed.
	 */
	private watchTheDate(): void {
		let day = this.today();
		const check = () => {
			const now = this.today();
			if (now === day) return;
			day = now;
			this.scheduleRefresh();
		};
		this.registerInterval(window.setInterval(check, DAY_CHECK_MS));
		this.registerDomEvent(document, "visibilitychange", check);
	}

	markContacted(path: string): Promise<boolean> {
		return this.writer.markContacted(path);
	}

	snooze(path: string, until: string): Promise<boolean> {
		return this.writer.snooze(path, until);
	}

	markReviewed(path: string): Promise<boolean> {
		return this.writer.markReviewed(path);
	}

	/**
	 * "Not a person": the note's path joins the `notPeople` setting, applied at once; the note is
	 * not written. Its notice can undo it.
	 */
	async notAPerson(path: string): Promise<void> {
		if (this.settings.notPeople.includes(path)) return;
		const problem = await this.updateSettings({ notPeople: [...this.settings.notPeople, path] });
		if (problem !== null) {
			new Notice(`Rapport: ${problem}`);
			return;
		}
		await this.flushSettings();
		new Notice(`Rapport: ${path} is no longer a person (undo in Rapport's settings, "Not people").`);
	}

	/**
	 * Keeps `notPeople` in step with renames: a listed note, or a folder holding listed notes,
	 * renamed. A deleted note stays listed: a path that names no note matters nowhere, and a
	 * note synced back (or restored from the trash) stays what the user made it. The settings
	 * tab marks such entries.
	 */
	private async followNotPerson(path: string, old: string): Promise<void> {
		const list = this.settings.notPeople;
		const moved = list.map((p) => (p === old ? path : p.startsWith(`${old}/`) ? path + p.slice(old.length) : p));
		if (moved.every((p, i) => p === list[i])) return;
		await this.updateSettings({ notPeople: moved });
	}

	completeTask(task: Task): Promise<boolean> {
		return this.writer.completeTask(task);
	}

	applyFix(file: TFile, diagnostic: Diagnostic): Promise<boolean> {
		return this.writer.applyFix(file, diagnostic);
	}

	private validateCurrentNote(): void {
		const file = this.app.workspace.getActiveFile();
		// The modal waits for the index, saying why, rather than answer from part of it.
		if (file && file.extension === "md") new DiagnosticsModal(this.app, this, file).open();
	}

	/**
	 * The command: also retries notes left out after a trap, and the core if it had stopped or
	 * could not start (which says again why, if it still cannot).
	 */
	private async rebuildFromScratch(): Promise<void> {
		if (this.unloaded) return;
		this.indexer.forgive();
		// A fresh core opens the index with the settings as they are now, as at startup.
		if (this.core.stopped && !((await this.core.resume()) && !this.unloaded && this.openIndex())) {
			this.scheduleRefresh();
			return;
		}
		// Still starting, or restarting: the index it is building is the one asked for.
		if (!this.core.ready) return;
		await this.rebuild();
	}

	/** Reads the whole vault into the index; `announce`: say so when done (not at startup). */
	private async rebuild(announce = true): Promise<void> {
		this.ready = false;
		this.indexFailed = false;
		this.scheduleRefresh();
		try {
			await this.indexer.indexAll();
		} catch (error) {
			// Not a note's fault nor the core's (those are handled inside): say so, never spin.
			console.error("Rapport: indexing failed.", error);
			this.indexFailed = true;
			new Notice(this.waitingText(), 10_000);
			this.scheduleRefresh();
			return;
		}
		if (this.unloaded) return;
		this.ready = true;
		if (announce && this.core.ready) new Notice(`Rapport: indexed ${plural(this.indexer.lastRun.notes, "note", "notes")}.`);
		this.scheduleRefresh();
	}

	/**
	 * Reads the vault's own settings again and, when they changed, applies them as a settings
	 * change is applied: a templates folder no longer left out means reading the vault again.
	 */
	async refreshVault(): Promise<void> {
		// Before the reading at startup there is nothing to compare with.
		if (this.unloaded || !this.vaultRead) return;
		this.vaultReading ??= this.rereadVault().finally(() => (this.vaultReading = null));
		return this.vaultReading;
	}

	private async rereadVault(): Promise<void> {
		const next = await readVaultSettings(this.app.vault.adapter, this.app.vault.configDir, this.vaultSettings);
		if (this.unloaded || sameVaultSettings(next, this.vaultSettings)) return;
		const refill = unexcludes(excludedBy(this.settings, this.vaultSettings), excludedBy(this.settings, next));
		this.vaultSettings = next;
		this.core.setVault(next);
		if (this.settingTab?.shown) this.settingTab.redraw();
		// Reading the vault again builds the index afresh under the new settings.
		if (refill) return this.rebuild();
		await this.applySettings();
	}

	/**
	 * Reads data.json field by field (see `readSettings`). A file that is not JSON leaves the
	 * defaults in use and the file as it is: it is written again only when a setting is changed.
	 */
	private async loadSettings(): Promise<void> {
		let stored: unknown;
		try {
			stored = await this.loadData();
		} catch (error) {
			console.warn("Rapport: data.json could not be read; using the default settings.", error);
			new Notice("Rapport: its settings file (data.json) is not valid JSON, so the default settings are in use. The file is left as it is until you change a setting.", 10_000);
			this.settings = withDefaults(null);
			return;
		}
		const read = readSettings(stored);
		this.settings = read.settings;
		this.storedExtra = read.extra;
		this.reportUnread(read.problems, "data.json");
	}

	/**
	 * The settings in use with each value the core refuses (a cadence it cannot read, a schema
	 * with errors) back at its default, said in one notice; data.json is left as it is.
	 */
	private acceptedSettings(): RapportSettings {
		const accepted = keepAccepted(this.settings, (config) => this.core.checkConfig(config));
		this.reportUnread(accepted.refused, "data.json");
		this.settings = accepted.settings;
		return this.settings;
	}

	/** Says which stored fields were not used: each in the console, all in one notice. */
	private reportUnread(problems: SettingProblem[], what: string): void {
		if (problems.length === 0) return;
		for (const p of problems) console.warn(`Rapport: the field \`${p.field}\` of ${what} cannot be used (${JSON.stringify(p.got)}); it takes its default.`);
		new Notice(problemsNotice(problems, what), 10_000);
	}

	/**
	 * data.json changed on disk (synced from another device): reads it as at startup, applies it,
	 * and redraws the settings tab if it is open, so the next change here starts from it.
	 */
	async onExternalSettingsChange(): Promise<void> {
		let stored: unknown;
		try {
			stored = await this.loadData();
		} catch (error) {
			console.warn("Rapport: the changed data.json could not be read; keeping the current settings.", error);
			new Notice("Rapport: its settings file (data.json) changed but is not valid JSON, so the current settings stay in use.", 10_000);
			return;
		}
		if (this.unloaded) return;
		const read = readSettings(stored);
		const accepted = keepAccepted(read.settings, (config) => this.core.checkConfig(config));
		this.storedExtra = read.extra;
		this.reportUnread([...read.problems, ...accepted.refused], "the synced data.json");
		if (sameSettings(accepted.settings, this.settings)) return;
		this.refillPending ||= unexcludes(excludedBy(this.settings, this.vaultSettings), excludedBy(accepted.settings, this.vaultSettings));
		this.settings = accepted.settings;
		this.settingsPending = true;
		if (this.settingTab?.shown) this.settingTab.redraw();
		await this.flushSettings();
	}

	/**
	 * Checks a settings change with the core and saves it at once, so the settings tab can answer
	 * as the user types; the core applies it when the typing pauses. The core's complaint, if any.
	 */
	async updateSettings(change: Partial<RapportSettings>): Promise<string | null> {
		const next = { ...this.settings, ...change };
		const problem = this.core.checkConfig(next);
		if (problem !== null) return problem;
		// Notes in folders no longer excluded were never read: the vault must be read again.
		this.refillPending ||= unexcludes(excludedBy(this.settings, this.vaultSettings), excludedBy(next, this.vaultSettings));
		this.settings = next;
		// Pending before the save: a flush while the file is written applies what the tab shows.
		this.settingsPending = true;
		if (this.reconfigureTimer !== null) window.clearTimeout(this.reconfigureTimer);
		this.reconfigureTimer = window.setTimeout(() => void this.flushSettings(), RECONFIGURE_DEBOUNCE_MS);
		try {
			await this.saveData(toStored(this.settings, this.storedExtra));
		} catch (error) {
			console.error("Rapport: the settings could not be saved.", error);
			return "Applied for now, but not saved: Rapport could not write its settings file. Check that the vault's folder can be written to.";
		}
		return null;
	}

	/** Applies saved settings that the core has not applied yet, now; resolves once they are. */
	async flushSettings(): Promise<void> {
		if (this.reconfigureTimer !== null) window.clearTimeout(this.reconfigureTimer);
		this.reconfigureTimer = null;
		if (this.settingsPending && !this.unloaded) {
			this.settingsPending = false;
			try {
				this.core.setConfig(this.settings);
			} catch (error) {
				console.error("Rapport: the core refused the settings.", error);
				new Notice("Rapport could not apply the new settings and keeps the previous ones. Open the plugin's settings to see which value to change.", 10_000);
				return;
			}
			const refill = this.refillPending;
			this.refillPending = false;
			// Reading the vault again builds the index afresh under the new settings.
			if (refill) return this.rebuild();
		}
		await this.applySettings();
	}

	/**
	 * Re-derives the notes under the settings the core was given, a slice at a time between
	 * frames, so that a change never holds the page for long (a 10,000-note vault takes a fifth
	 * of a second in one go on a desktop, about a second on a phone). Meanwhile the views and the
	 * settings tab say "Applying settings…". One run at a time; a change during it extends it.
	 */
	private applySettings(): Promise<void> {
		// The slices start once `applying` is set, so that the views see it.
		this.applying ??= Promise.resolve()
			.then(() => this.rederiveInSlices())
			.finally(() => {
				this.applying = null;
				this.settingTab?.showApplying(false);
				this.scheduleRefresh();
			});
		return this.applying;
	}

	private async rederiveInSlices(): Promise<void> {
		for (let first = true; ; first = false) {
			let left = 0;
			const began = performance.now();
			do {
				if (this.unloaded || this.core.attempt((index) => (left = index.rederive(APPLY_CHUNK))) !== "done") return;
			} while (left > 0 && performance.now() - began < APPLY_SLICE_MS);
			if (left === 0) return;
			if (first) {
				// At once: the views say "Applying settings…" instead of answers from a mix.
				this.settingTab?.showApplying(true);
				this.events.triggerIndexChanged();
			}
			await new Promise((resolve) => window.setTimeout(resolve, 0));
		}
	}

	async activateView(type: string): Promise<WorkspaceLeaf | null> {
		const { workspace } = this.app;
		let leaf: WorkspaceLeaf | null = workspace.getLeavesOfType(type)[0] ?? null;
		if (!leaf) {
			// No right split to put it in: a tab of the main area shows it as well.
			leaf = workspace.getRightLeaf(false) ?? workspace.getLeaf("tab");
			await leaf.setViewState({ type, active: true });
		}
		// Uncollapses the sidebar, and loads the view if it is deferred (a background tab restored
		// with the layout holds a DeferredView until then).
		await workspace.revealLeaf(leaf);
		return leaf;
	}

	private scheduleRefresh(): void {
		if (this.refreshTimer !== null || this.unloaded) return;
		this.refreshTimer = window.setTimeout(() => {
			this.refreshTimer = null;
			this.events.triggerIndexChanged();
		}, REFRESH_MS);
	}

	private updateStatusBar(): void {
		const bar = this.statusBar;
		if (!bar) return;
		const file = this.app.workspace.getActiveFile();
		const count = file && file.extension === "md" ? this.core.run((index) => index.diagnostics(file.path, this.today()), []).length : 0;
		bar.setText(count > 0 ? `Rapport: ${plural(count, "problem", "problems")}` : "");
		bar.toggleClass("rapport-hidden", count === 0);
		bar.setAttr("aria-label", count > 0 ? "Show the problems in this note" : "");
	}
}

