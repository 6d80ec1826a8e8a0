/** The workspace: leaves, views, the layout-ready signal, link opening. */
import type * as O from "obsidian";
import type { App } from "./app";
import { Component, Events } from "./component";
import { div } from "./dom";
import type { TFile } from "./vault";


export class View extends Component {
	containerEl: HTMLElement;
	app: App;
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
	async onOpen(): Promise<void> {}
	async onClose(): Promise<void> {}
}

export class ItemView extends View {
	contentEl: HTMLElement;
	constructor(leaf: WorkspaceLeaf) {
		super(leaf);
		this.containerEl.appendChild(div("view-header"));
		this.contentEl = div("view-content");
		this.containerEl.appendChild(this.contentEl);
	}
}

export class WorkspaceLeaf extends Events implements Pick<O.WorkspaceLeaf, "openFile" | "setViewState" | "detach"> {
	view: View | null = null;
	/** The file shown (for a note leaf) and the state it was opened with. */
	file: TFile | null = null;
	eState: unknown = null;
	el: HTMLElement;

	constructor(
		public app: App,
		container: HTMLElement,
	) {
		super();
		this.el = div("workspace-leaf");
		container.appendChild(this.el);
	}

	async setViewState(state: O.ViewState): Promise<void> {
		const factory = this.app.viewRegistry.get(state.type);
		if (!factory) throw new Error(`No view type ${state.type}`);
		await this.closeView();
		const view = factory(this);
		this.view = view;
		this.el.appendChild(view.containerEl);
		view.load();
		await view.onOpen();
	}

	async openFile(file: O.TFile, openState?: O.OpenViewState): Promise<void> {
		this.file = file;
		this.eState = openState?.eState ?? null;
		this.app.workspace.activeFile = this.file;
		this.app.workspace.trigger("file-open", file);
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
		this.app.workspace.leaves = this.app.workspace.leaves.filter((l) => l !== this);
	}
}

export class Workspace extends Events implements Pick<O.Workspace, "getLeavesOfType" | "getRightLeaf" | "getLeaf" | "revealLeaf" | "getActiveFile" | "onLayoutReady" | "openLinkText"> {
	leaves: WorkspaceLeaf[] = [];
	mainLeaf: WorkspaceLeaf;
	activeFile: TFile | null = null;
	layoutReady = false;
	private readyCallbacks: (() => unknown)[] = [];
	readonly rightEl: HTMLElement;

	constructor(
		private app: App,
		root: HTMLElement,
	) {
		super();
		const main = root.appendChild(div("workspace-split mod-root"));
		this.rightEl = root.appendChild(div("workspace-split mod-right-split"));
		this.mainLeaf = new WorkspaceLeaf(app, main);
	}

	getLeavesOfType(type: string): O.WorkspaceLeaf[] {
		return this.leaves.filter((l) => l.view?.getViewType() === type) as unknown as O.WorkspaceLeaf[];
	}

	getRightLeaf(_split: boolean): O.WorkspaceLeaf {
		const leaf = new WorkspaceLeaf(this.app, this.rightEl);
		this.leaves.push(leaf);
		return leaf as unknown as O.WorkspaceLeaf;
	}

	getLeaf(): O.WorkspaceLeaf {
		return this.mainLeaf as unknown as O.WorkspaceLeaf;
	}

	async revealLeaf(_leaf: O.WorkspaceLeaf): Promise<void> {}

	/** Opens a link's target in the main leaf (the harness has one), resolved as the metadata cache does. */
	async openLinkText(linktext: string, sourcePath: string, _newLeaf?: O.PaneType | boolean, openViewState?: O.OpenViewState): Promise<void> {
		const file = this.app.metadataCache.getFirstLinkpathDest(linktext.split("#")[0], sourcePath);
		if (file) await this.mainLeaf.openFile(file, openViewState);
	}

	getActiveFile(): O.TFile | null {
		return this.activeFile;
	}

	onLayoutReady(callback: () => unknown): void {
		if (this.layoutReady) void callback();
		else this.readyCallbacks.push(callback);
	}

	triggerLayoutReady(): void {
		this.layoutReady = true;
		for (const cb of this.readyCallbacks.splice(0)) void cb();
	}
}

