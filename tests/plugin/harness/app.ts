/** The app and a plugin's registrations: commands, views, status bar, ribbon, data.json. */
import type * as O from "obsidian";
import { Component } from "./component";
import { div } from "./dom";
import { Platform } from "./platform";
import type { PluginSettingTab } from "./ui";
import { MetadataCache, Vault } from "./vault";
import { View, type WorkspaceLeaf, Workspace } from "./workspace";

export type ViewFactory = (leaf: WorkspaceLeaf) => View;

/**
 * Moves files to the trash as the user's "Deleted files" setting says. Here the trash is a list
 * the tests read (`trashed`): the file leaves the vault (a delete event fires), its text kept.
 */
export class FileManager implements Pick<O.FileManager, "trashFile"> {
	trashed: { path: string; text: string }[] = [];
	constructor(private readonly vault: Vault) {}
	async trashFile(file: O.TAbstractFile): Promise<void> {
		const text = this.vault.text(file.path);
		if (text === undefined) throw new Error(`ENOENT: no such file or directory, '${file.path}'`);
		await this.vault.delete(file);
		this.trashed.push({ path: file.path, text });
	}
}

export class App {
	vault = new Vault();
	fileManager = new FileManager(this.vault);
	metadataCache = new MetadataCache(this.vault);
	workspace: Workspace;
	viewRegistry = new Map<string, ViewFactory>();
	commands = new Map<string, O.Command>();
	codeBlockProcessors = new Map<string, (source: string, el: HTMLElement, ctx: O.MarkdownPostProcessorContext) => unknown>();
	settingTabs: PluginSettingTab[] = [];
	readonly root: HTMLElement;
	readonly statusBarEl: HTMLElement;
	readonly ribbonEl: HTMLElement;

	constructor(root: HTMLElement) {
		this.root = root;
		this.ribbonEl = root.appendChild(div("side-dock-ribbon"));
		this.workspace = new Workspace(this, root);
		this.statusBarEl = root.appendChild(div("status-bar"));
	}

	/** Runs a command the way the command palette does (a checkCallback is asked first). */
	executeCommand(id: string): boolean {
		const cmd = this.commands.get(id);
		if (!cmd) return false;
		if (cmd.checkCallback) {
			if (!cmd.checkCallback(true)) return false;
			cmd.checkCallback(false);
			return true;
		}
		cmd.callback?.();
		return true;
	}
}


/**
 * What a leaf shows once the plugin that made its view is disabled. Obsidian keeps the leaf where
 * the user put it (Plugin guidelines, "Don't detach leaves in onunload": "When the user updates
 * your plugin, any open leaves will be reinitialized at their original position") and shows
 * "Plugin no longer active" in it; when the view type is registered again, the view is rebuilt
 * there with the state it had.
 */
export class InactiveView extends View {
	constructor(
		leaf: WorkspaceLeaf,
		readonly type: string,
		readonly state: Record<string, unknown>,
	) {
		super(leaf);
		this.containerEl.appendChild(div("empty-state")).textContent = "Plugin no longer active";
	}

	getViewType(): string {
		return this.type;
	}
}

/** Closes the leaf's view and leaves the placeholder in its place, as Obsidian does on disable. */
async function retire(leaf: WorkspaceLeaf, type: string): Promise<void> {
	const view = leaf.view as (View & { getState?(): Record<string, unknown> }) | null;
	const state = view?.getState?.() ?? {};
	await leaf.closeView();
	const inactive = new InactiveView(leaf, type, state);
	leaf.view = inactive;
	leaf.el.appendChild(inactive.containerEl);
	inactive.load();
}

export class Plugin extends Component implements Pick<O.Plugin, "addCommand" | "addStatusBarItem" | "addRibbonIcon" | "loadData" | "saveData" | "registerHoverLinkSource"> {
	private owned: HTMLElement[] = [];
	private viewTypes: string[] = [];
	private commandIds: string[] = [];
	private processors: string[] = [];
	/**
	 * data.json as it is on disk: null when there is none. Obsidian's loadData parses it, so a
	 * file that is not JSON makes loadData reject.
	 */
	dataText: string | null = null;
	/** Every saveData, in order, for the tests. */
	saves: unknown[] = [];

	constructor(
		public app: App,
		public manifest: O.PluginManifest,
	) {
		super();
	}

	addCommand(command: O.Command): O.Command {
		const full = { ...command, id: `${this.manifest.id}:${command.id}` };
		this.app.commands.set(full.id, full);
		this.commandIds.push(full.id);
		return full;
	}

	/** The stored settings as an object (what the tests seed); null when there is no data.json. */
	get data(): unknown {
		return this.dataText === null ? null : (JSON.parse(this.dataText) as unknown);
	}

	set data(value: unknown) {
		this.dataText = value === null || value === undefined ? null : JSON.stringify(value, null, 2);
	}

	/** Mobile has no status bar: the item is made but never shown (it is not in the document). */
	addStatusBarItem(): HTMLElement {
		if (Platform.isMobile) return div("status-bar-item");
		const el = this.app.statusBarEl.appendChild(div("status-bar-item"));
		this.owned.push(el);
		return el;
	}

	addRibbonIcon(icon: string, title: string, callback: (evt: MouseEvent) => unknown): HTMLElement {
		const el = this.app.ribbonEl.appendChild(div("side-dock-ribbon-action"));
		el.setAttribute("aria-label", title);
		el.dataset.icon = icon;
		this.registerDomEvent(el, "click", callback);
		this.owned.push(el);
		return el;
	}

	addSettingTab(tab: PluginSettingTab): void {
		this.app.settingTabs.push(tab);
	}

	/** Also rebuilds the views of this type that a disabled plugin left in their leaves. */
	registerView(type: string, factory: ViewFactory): void {
		this.app.viewRegistry.set(type, factory);
		this.viewTypes.push(type);
		for (const leaf of this.app.workspace.leaves) {
			if (leaf.view instanceof InactiveView && leaf.view.type === type) void leaf.setViewState({ type, state: leaf.view.state });
		}
	}

	/** Page preview answers `hover-link` from this source while the plugin is loaded. */
	registerHoverLinkSource(id: string, info: O.HoverLinkSource): void {
		this.app.workspace.hoverSources.set(id, info);
		this.register(() => this.app.workspace.hoverSources.delete(id));
	}

	registerMarkdownCodeBlockProcessor(language: string, handler: (source: string, el: HTMLElement, ctx: O.MarkdownPostProcessorContext) => unknown): void {
		this.app.codeBlockProcessors.set(language, handler);
		this.processors.push(language);
	}

	async loadData(): Promise<unknown> {
		await new Promise((r) => setTimeout(r, 0));
		return this.dataText === null ? null : (JSON.parse(this.dataText) as unknown);
	}

	/** How many of the next saveData calls fail, as a full disk or a read-only folder would. */
	failingSaves = 0;

	async saveData(data: unknown): Promise<void> {
		await new Promise((r) => setTimeout(r, 0));
		if (this.failingSaves > 0) {
			this.failingSaves--;
			throw new Error("ENOSPC: no space left on device, write 'data.json'");
		}
		this.dataText = JSON.stringify(data, null, 2);
		this.saves.push(JSON.parse(this.dataText));
	}

	/**
	 * Another device's settings arrive (Obsidian Sync, or any app writing data.json): the file
	 * changes on disk and Obsidian calls the plugin's onExternalSettingsChange, if it has one.
	 */
	async changeDataExternally(text: string): Promise<void> {
		this.dataText = text;
		const plugin = this as unknown as Partial<Pick<O.Plugin, "onExternalSettingsChange">>;
		await plugin.onExternalSettingsChange?.();
	}

	/**
	 * What Obsidian does when a plugin is disabled, after the plugin's own unload. Its leaves stay
	 * (see InactiveView); their views are closed.
	 */
	unload(): void {
		super.unload();
		for (const type of this.viewTypes) {
			for (const leaf of this.app.workspace.getLeavesOfType(type)) void retire(leaf as unknown as WorkspaceLeaf, type);
			this.app.viewRegistry.delete(type);
		}
		for (const id of this.commandIds) this.app.commands.delete(id);
		for (const lang of this.processors) this.app.codeBlockProcessors.delete(lang);
		for (const el of this.owned) el.remove();
		this.app.settingTabs = this.app.settingTabs.filter((t) => t.plugin !== (this as unknown));
	}
}


export class MarkdownRenderChild extends Component {
	constructor(public containerEl: HTMLElement) {
		super();
	}
}
