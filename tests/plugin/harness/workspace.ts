/**
 * The workspace: leaves, views, the layout-ready signal, link opening, modifier keys, Page preview.
 *
 * As strict as Obsidian where a plugin depends on it (obsidian.d.ts 1.13.1 and the developer docs'
 * "Defer views" guide):
 * - a leaf restored with the layout holds a `DeferredView` (its type, not the plugin's class) until
 *   it is revealed or `loadIfDeferred()` is awaited (`WorkspaceLeaf.isDeferred`, since 1.7.2);
 * - `setViewState` is asynchronous: the view is in the leaf only after the promise resolves, and
 *   `setState` comes after `onOpen`, as when Obsidian restores a view;
 * - `getRightLeaf` answers null when there is no right split ("WorkspaceLeaf | null");
 * - `revealLeaf` is asynchronous, uncollapses the sidebar and loads a deferred view;
 * - the active leaf is the one last clicked in (a sidebar view too), and `getActiveFile()` is the
 *   file of the active view, or else "the most recently active file": a file opened in a leaf that
 *   is not made active is not the active file, and no `file-open` fires for it;
 * - `getLeaf(false)` is the most recent leaf of the main area, `getLeaf('tab' | true | 'split' |
 *   'window')` a new one;
 * - the workspace layout that Obsidian saves is what views' `getState()` answered at the last
 *   layout change or `requestSaveLayout()`.
 */
import type * as O from "obsidian";
import type { App } from "./app";
import { Component, Events } from "./component";
import { div } from "./dom";
import { Platform } from "./platform";
import type { TFile } from "./vault";

export class View extends Component {
	containerEl: HTMLElement;
	app: App;
	navigation = false;
	constructor(public leaf: WorkspaceLeaf) {
		super();
		this.app = leaf.app;
		this.containerEl = div("workspace-leaf-content");
	}
	getViewType(): string {
		return "";
	}
	getDisplayText(): string {
		return "";
	}
	getIcon(): string {
		return "";
	}
	getState(): Record<string, unknown> {
		return {};
	}
	async setState(_state: unknown, _result: O.ViewStateResult): Promise<void> {}
	async onOpen(): Promise<void> {}
	async onClose(): Promise<void> {}
}

export class ItemView extends View {
	contentEl: HTMLElement;
	private actionsEl: HTMLElement;
	constructor(leaf: WorkspaceLeaf) {
		super(leaf);
		const header = this.containerEl.appendChild(div("view-header"));
		header.appendChild(div("view-header-title")).textContent = "";
		this.actionsEl = header.appendChild(div("view-actions"));
		this.contentEl = div("view-content");
		this.containerEl.appendChild(this.contentEl);
	}

	addAction(icon: string, title: string, callback: (evt: MouseEvent) => unknown): HTMLElement {
		const el = this.actionsEl.appendChild(document.createElement("a"));
		el.className = "clickable-icon view-action";
		el.setAttribute("aria-label", title);
		el.dataset.icon = icon;
		this.registerDomEvent(el, "click", callback);
		return el;
	}
}

/**
 * What a leaf holds while it is in the background after the layout was restored: only the view
 * state, and the type it will become (the guide: `getViewType()` answers the type, so only an
 * `instanceof` check tells it from the plugin's view).
 */
export class DeferredView extends View {
	constructor(
		leaf: WorkspaceLeaf,
		readonly state: O.ViewState,
	) {
		super(leaf);
	}
	getViewType(): string {
		return this.state.type;
	}
	getState(): Record<string, unknown> {
		return this.state.state ?? {};
	}
}

/** Obsidian's setViewState and revealLeaf resolve after the work they start, not in the same task. */
const tick = () => new Promise((r) => setTimeout(r, 0));

export type Side = "main" | "right";

export class WorkspaceLeaf extends Events implements Pick<O.WorkspaceLeaf, "openFile" | "setViewState" | "getViewState" | "detach" | "isDeferred" | "loadIfDeferred" | "hoverPopover"> {
	view: View | null = null;
	/** The file shown (for a note leaf) and the state it was opened with. */
	file: TFile | null = null;
	eState: unknown = null;
	el: HTMLElement;
	hoverPopover: O.HoverPopover | null = null;

	constructor(
		public app: App,
		container: HTMLElement,
		readonly side: Side = "main",
	) {
		super();
		this.el = div("workspace-leaf");
		container.appendChild(this.el);
		// Clicking in a leaf makes it the active one, in a sidebar too.
		this.el.addEventListener("mousedown", () => app.workspace.setActiveLeaf(this as unknown as O.WorkspaceLeaf), true);
	}

	get isDeferred(): boolean {
		return this.view instanceof DeferredView;
	}

	async loadIfDeferred(): Promise<void> {
		if (this.view instanceof DeferredView) await this.setViewState(this.view.state);
	}

	getViewState(): O.ViewState {
		if (!this.view) return { type: "empty", state: {} };
		return { type: this.view.getViewType(), state: this.view.getState() };
	}

	async setViewState(state: O.ViewState, _eState?: unknown): Promise<void> {
		const factory = this.app.viewRegistry.get(state.type);
		if (!factory) throw new Error(`No view type ${state.type}`);
		await tick();
		await this.closeView();
		const view = factory(this);
		this.view = view;
		this.el.appendChild(view.containerEl);
		view.load();
		await view.onOpen();
		await view.setState(state.state ?? {}, { history: false });
		if (state.active) this.app.workspace.setActiveLeaf(this as unknown as O.WorkspaceLeaf);
		this.app.workspace.layoutChanged();
	}

	/** Puts a deferred view in the leaf, as Obsidian does for a background tab of a restored layout. */
	defer(state: O.ViewState): void {
		const view = new DeferredView(this, state);
		this.view = view;
		this.el.appendChild(view.containerEl);
	}

	async openFile(file: O.TFile, openState?: O.OpenViewState): Promise<void> {
		await tick();
		this.file = file as unknown as TFile;
		this.eState = openState?.eState ?? null;
		const { workspace } = this.app;
		if (openState?.active) workspace.setActiveLeaf(this as unknown as O.WorkspaceLeaf, { focus: true });
		if (workspace.activeLeaf === this) workspace.fileOpened(this);
		workspace.layoutChanged();
	}

	async closeView(): Promise<void> {
		if (!this.view) return;
		const view = this.view;
		this.view = null;
		await view.onClose();
		view.unload();
		view.containerEl.remove();
	}

	detach(): void {
		void this.closeView();
		this.el.remove();
		const { workspace } = this.app;
		workspace.leaves = workspace.leaves.filter((l) => l !== this);
		if (workspace.activeLeaf === this) workspace.activeLeaf = null;
	}
}

/**
 * Modifier keys as Obsidian reads them: Mod is Cmd on macOS and Ctrl elsewhere; the pane type per
 * the typings' comment on `isModEvent` (a middle click is 'tab' too).
 */
export class Keymap {
	static isModifier(evt: MouseEvent | TouchEvent | KeyboardEvent, modifier: O.Modifier): boolean {
		switch (modifier) {
			case "Mod":
				return Platform.isMacOS ? evt.metaKey : evt.ctrlKey;
			case "Ctrl":
				return evt.ctrlKey;
			case "Meta":
				return evt.metaKey;
			case "Shift":
				return evt.shiftKey;
			case "Alt":
				return evt.altKey;
		}
	}

	static isModEvent(evt?: O.UserEvent | null): O.PaneType | boolean {
		if (!evt) return false;
		const middle = evt instanceof MouseEvent && evt.button === 1;
		if (!middle && !Keymap.isModifier(evt, "Mod")) return false;
		if (Keymap.isModifier(evt, "Alt")) return Keymap.isModifier(evt, "Shift") ? "window" : "split";
		return "tab";
	}
}

/** What the Page preview core plugin showed: one entry per hover it answered. */
export interface Preview {
	source: string;
	linktext: string;
	path: string;
	targetEl: HTMLElement | undefined;
}

interface HoverLinkEvent {
	event: MouseEvent;
	source: string;
	hoverParent: O.HoverParent;
	targetEl?: HTMLElement;
	linktext: string;
	sourcePath?: string;
}

export class Workspace
	extends Events
	implements
		Pick<
			O.Workspace,
			"getLeavesOfType" | "getRightLeaf" | "getLeaf" | "revealLeaf" | "getActiveFile" | "onLayoutReady" | "openLinkText" | "setActiveLeaf" | "requestSaveLayout" | "getActiveViewOfType"
		>
{
	leaves: WorkspaceLeaf[] = [];
	mainLeaf: WorkspaceLeaf;
	activeLeaf: WorkspaceLeaf | null = null;
	/** "The most recently active file" (getActiveFile's words), kept as file-open announces it. */
	activeFile: TFile | null = null;
	/** The main-area leaf last active: what getLeaf(false) reuses. */
	private recentMain: WorkspaceLeaf;
	layoutReady = false;
	private readyCallbacks: (() => unknown)[] = [];
	readonly mainEl: HTMLElement;
	readonly rightEl: HTMLElement;
	/** Whether there is a right split to put leaves in (false: getRightLeaf answers null). */
	hasRightSplit = true;
	rightCollapsed = true;
	/** The layout as Obsidian last saved it: the view state of each sidebar leaf. */
	savedLayout: O.ViewState[] = [];
	/** Sources registered with Page preview (`Plugin.registerHoverLinkSource`), and what it showed. */
	hoverSources = new Map<string, O.HoverLinkSource>();
	previews: Preview[] = [];

	constructor(
		private app: App,
		root: HTMLElement,
	) {
		super();
		this.mainEl = root.appendChild(div("workspace-split mod-root"));
		this.rightEl = root.appendChild(div("workspace-split mod-right-split"));
		this.mainLeaf = new WorkspaceLeaf(app, this.mainEl, "main");
		this.recentMain = this.mainLeaf;
	}

	/** Page preview is a core plugin: it hears `hover-link` without being one of the listeners counted. */
	trigger(name: string, ...data: unknown[]): void {
		if (name === "hover-link") this.pagePreview(data[0] as HoverLinkEvent);
		super.trigger(name, ...data);
	}

	getLeavesOfType(type: string): O.WorkspaceLeaf[] {
		return [this.mainLeaf, ...this.leaves].filter((l) => l.view?.getViewType() === type) as unknown as O.WorkspaceLeaf[];
	}

	getRightLeaf(_split: boolean): O.WorkspaceLeaf | null {
		if (!this.hasRightSplit) return null;
		const leaf = new WorkspaceLeaf(this.app, this.rightEl, "right");
		this.leaves.push(leaf);
		return leaf as unknown as O.WorkspaceLeaf;
	}

	getLeaf(newLeaf?: O.PaneType | boolean): O.WorkspaceLeaf {
		if (!newLeaf) return this.recentMain as unknown as O.WorkspaceLeaf;
		const leaf = new WorkspaceLeaf(this.app, this.mainEl, "main");
		leaf.el.dataset.pane = newLeaf === true ? "tab" : newLeaf;
		this.leaves.push(leaf);
		return leaf as unknown as O.WorkspaceLeaf;
	}

	async revealLeaf(leaf: O.WorkspaceLeaf): Promise<void> {
		const l = leaf as unknown as WorkspaceLeaf;
		await tick();
		if (l.side === "right") this.rightCollapsed = false;
		await l.loadIfDeferred();
	}

	setActiveLeaf(leaf: O.WorkspaceLeaf, _params?: { focus?: boolean } | boolean, _focus?: boolean): void {
		const l = leaf as unknown as WorkspaceLeaf;
		if (this.activeLeaf === l) return;
		this.activeLeaf = l;
		if (l.side === "main") this.recentMain = l;
		this.trigger("active-leaf-change", l);
		if (l.file) this.fileOpened(l);
	}

	/** The active leaf shows `leaf.file` now: it is the active file. */
	fileOpened(leaf: WorkspaceLeaf): void {
		if (leaf.file === this.activeFile) return;
		this.activeFile = leaf.file;
		this.trigger("file-open", leaf.file);
	}

	getActiveViewOfType<T extends O.View>(type: O.Constructor<T>): T | null {
		const view = this.activeLeaf?.view;
		return view instanceof (type as unknown as typeof View) ? (view as unknown as T) : null;
	}

	/** Opens a link's target, resolved as the metadata cache does. */
	async openLinkText(linktext: string, sourcePath: string, newLeaf?: O.PaneType | boolean, openViewState?: O.OpenViewState): Promise<void> {
		const file = this.app.metadataCache.getFirstLinkpathDest(linktext.split("#")[0], sourcePath);
		if (file) await this.getLeaf(newLeaf).openFile(file, openViewState);
	}

	getActiveFile(): O.TFile | null {
		return this.activeFile as unknown as O.TFile | null;
	}

	onLayoutReady(callback: () => unknown): void {
		if (this.layoutReady) void callback();
		else this.readyCallbacks.push(callback);
	}

	triggerLayoutReady(): void {
		this.layoutReady = true;
		for (const cb of this.readyCallbacks.splice(0)) void cb();
	}

	/**
	 * Restores sidebar leaves saved with the layout, before layout-ready, as Obsidian does at
	 * startup: each holds a deferred view until it is revealed or loaded.
	 */
	restoreLayout(states: O.ViewState[]): void {
		for (const state of states) {
			const leaf = new WorkspaceLeaf(this.app, this.rightEl, "right");
			leaf.defer(state);
			this.leaves.push(leaf);
		}
	}

	/** Saves the layout as Obsidian does after a layout change. */
	layoutChanged(): void {
		this.savedLayout = this.leaves.filter((l) => l.side === "right" && l.view).map((l) => l.getViewState());
		this.trigger("layout-change");
	}

	requestSaveLayout: O.Debouncer<[], Promise<void>> = Object.assign(
		() => {
			this.layoutChanged();
			return this.requestSaveLayout;
		},
		{
			cancel: () => this.requestSaveLayout,
			run: () => Promise.resolve(),
		},
	);

	/**
	 * The Page preview core plugin: it answers `hover-link` from registered sources only, needs Mod
	 * held when the source says so (`defaultMod`), and previews what the link resolves to.
	 */
	private pagePreview(info: HoverLinkEvent): void {
		const source = this.hoverSources.get(info.source);
		if (!source) return;
		if (!info.hoverParent || !("hoverPopover" in info.hoverParent)) throw new Error("hover-link needs a HoverParent (an object with hoverPopover)");
		if (source.defaultMod && !Keymap.isModEvent(info.event)) return;
		const file = this.app.metadataCache.getFirstLinkpathDest(info.linktext, info.sourcePath ?? "");
		if (file) this.previews.push({ source: info.source, linktext: info.linktext, path: file.path, targetEl: info.targetEl });
	}
}
