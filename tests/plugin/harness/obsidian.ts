/**
 * A small implementation of the part of the Obsidian API that Rapport uses, for testing the built
 * plugin in a browser. Each class declares which members of the official typings it provides
 * (`implements Pick<Official.X, ...>`), so `tsc` checks the harness against the real API.
 */
import type * as O from "obsidian";

// ---------------------------------------------------------------------------------------------
// DOM helpers Obsidian adds to every element.

type Info = { cls?: string | string[]; text?: string; attr?: Record<string, string | number | boolean | null>; title?: string; value?: string; type?: string; placeholder?: string; href?: string };

function applyInfo(el: HTMLElement, info?: Info | string): void {
	if (info === undefined) return;
	if (typeof info === "string") {
		el.className = info;
		return;
	}
	if (info.cls) el.classList.add(...(Array.isArray(info.cls) ? info.cls : info.cls.split(/\s+/)).filter(Boolean));
	if (info.text !== undefined) el.textContent = info.text;
	for (const [k, v] of Object.entries(info.attr ?? {})) if (v !== null && v !== false) el.setAttribute(k, String(v));
	if (info.title !== undefined) el.title = info.title;
	if (info.href !== undefined) el.setAttribute("href", info.href);
	if (info.type !== undefined) el.setAttribute("type", info.type);
	if (info.placeholder !== undefined) el.setAttribute("placeholder", info.placeholder);
	if (info.value !== undefined) (el as HTMLInputElement).value = info.value;
}

/** Installs createEl, createDiv, createSpan, empty, setText, addClass … on elements. */
export function installDomHelpers(): void {
	const proto = HTMLElement.prototype as unknown as Record<string, unknown>;
	proto.createEl = function (this: HTMLElement, tag: string, info?: Info | string, callback?: (el: HTMLElement) => void) {
		const el = document.createElement(tag);
		applyInfo(el, info);
		this.appendChild(el);
		callback?.(el);
		return el;
	};
	proto.createDiv = function (this: HTMLElement, info?: Info | string) {
		return (this as unknown as { createEl: (t: string, i?: Info | string) => HTMLElement }).createEl("div", info);
	};
	proto.createSpan = function (this: HTMLElement, info?: Info | string) {
		return (this as unknown as { createEl: (t: string, i?: Info | string) => HTMLElement }).createEl("span", info);
	};
	proto.empty = function (this: HTMLElement) {
		while (this.firstChild) this.removeChild(this.firstChild);
	};
	proto.setText = function (this: HTMLElement, text: string) {
		this.textContent = text;
	};
	proto.addClass = function (this: HTMLElement, ...cls: string[]) {
		this.classList.add(...cls);
	};
	proto.removeClass = function (this: HTMLElement, ...cls: string[]) {
		this.classList.remove(...cls);
	};
	proto.toggleClass = function (this: HTMLElement, cls: string, value: boolean) {
		this.classList.toggle(cls, value);
	};
	proto.hasClass = function (this: HTMLElement, cls: string) {
		return this.classList.contains(cls);
	};
	proto.setAttr = function (this: HTMLElement, name: string, value: string | number | boolean | null) {
		if (value === null || value === false || value === "") this.removeAttribute(name);
		else this.setAttribute(name, String(value));
	};
}

function div(cls: string): HTMLElement {
	const el = document.createElement("div");
	el.className = cls;
	return el;
}

// ---------------------------------------------------------------------------------------------
// Counters the tests read to prove that unload leaves nothing behind.

export const ledger = { domListeners: 0 };

// ---------------------------------------------------------------------------------------------

export class Events implements Pick<O.Events, "on" | "off" | "offref" | "trigger"> {
	private handlers = new Map<string, { fn: (...data: unknown[]) => unknown; ctx?: unknown }[]>();

	on(name: string, callback: (...data: any[]) => unknown, ctx?: unknown): O.EventRef {
		const list = this.handlers.get(name) ?? [];
		const entry = { fn: callback, ctx };
		list.push(entry);
		this.handlers.set(name, list);
		return { e: this, name, entry };
	}

	off(name: string, callback: (...data: any[]) => unknown): void {
		this.handlers.set(name, (this.handlers.get(name) ?? []).filter((h) => h.fn !== callback));
	}

	offref(ref: O.EventRef): void {
		const r = ref as unknown as { name: string; entry: unknown };
		this.handlers.set(r.name, (this.handlers.get(r.name) ?? []).filter((h) => h !== r.entry));
	}

	trigger(name: string, ...data: unknown[]): void {
		for (const h of [...(this.handlers.get(name) ?? [])]) h.fn.apply(h.ctx, data);
	}

	/** Listeners registered, for the leak test. */
	listenerCount(): number {
		let n = 0;
		for (const list of this.handlers.values()) n += list.length;
		return n;
	}
}

export class Component implements Pick<O.Component, "load" | "onload" | "unload" | "onunload" | "addChild" | "removeChild" | "register" | "registerEvent" | "registerDomEvent" | "registerInterval"> {
	private loaded = false;
	private children: Component[] = [];
	private cleanups: (() => void)[] = [];
	/** What the last `onload` returned (a plugin's is a promise), for the harness to await. */
	loading: Promise<unknown> = Promise.resolve();

	load(): void {
		if (this.loaded) return;
		this.loaded = true;
		// A plugin's onload is async; Obsidian does not wait for it, but the harness lets tests do so.
		const result: unknown = this.onload();
		this.loading = Promise.resolve(result);
		for (const c of this.children) c.load();
	}

	onload(): void {}

	unload(): void {
		if (!this.loaded) return;
		this.loaded = false;
		for (const c of this.children.splice(0)) c.unload();
		for (const fn of this.cleanups.splice(0).reverse()) fn();
		this.onunload();
	}

	onunload(): void {}

	addChild<T extends O.Component>(component: T): T {
		this.children.push(component as unknown as Component);
		if (this.loaded) component.load();
		return component;
	}

	removeChild<T extends O.Component>(component: T): T {
		this.children = this.children.filter((c) => c !== (component as unknown as Component));
		component.unload();
		return component;
	}

	register(cb: () => unknown): void {
		this.cleanups.push(() => void cb());
	}

	registerEvent(ref: O.EventRef): void {
		this.cleanups.push(() => (ref as unknown as { e: Events }).e.offref(ref));
	}

	registerDomEvent(el: HTMLElement | Document | Window, type: string, callback: (ev: any) => unknown, options?: boolean | AddEventListenerOptions): void {
		el.addEventListener(type, callback, options);
		ledger.domListeners++;
		this.cleanups.push(() => {
			el.removeEventListener(type, callback, options);
			ledger.domListeners--;
		});
	}

	registerInterval(id: number): number {
		this.cleanups.push(() => window.clearInterval(id));
		return id;
	}
}

// ---------------------------------------------------------------------------------------------
// Files and the vault.

export class TAbstractFile implements Pick<O.TAbstractFile, "path" | "name"> {
	vault!: O.Vault;
	parent: O.TFolder | null = null;
	constructor(
		public path: string,
		public name: string,
	) {}
}

export class TFile extends TAbstractFile implements Pick<O.TFile, "path" | "name" | "basename" | "extension" | "stat"> {
	stat: O.FileStats;
	constructor(path: string, size: number) {
		super(path, path.split("/").pop() ?? path);
		this.stat = { ctime: Date.now(), mtime: Date.now(), size };
	}

	get basename(): string {
		return this.name.includes(".") ? this.name.slice(0, this.name.lastIndexOf(".")) : this.name;
	}

	get extension(): string {
		return this.name.includes(".") ? this.name.slice(this.name.lastIndexOf(".") + 1) : "";
	}
}

export class TFolder extends TAbstractFile {}

interface Stored {
	file: TFile;
	text: string;
	bytes?: Uint8Array;
}

export class Vault extends Events implements Pick<O.Vault, "read" | "cachedRead" | "readBinary" | "process" | "modify" | "create" | "delete" | "rename" | "getMarkdownFiles" | "getFiles" | "getAbstractFileByPath"> {
	/** Each file's text; `bytes` when it was seeded as bytes that are not UTF-8 (its text is then what a decoder shows). */
	private files = new Map<string, Stored>();
	/** Every write, in order, for the tests: path and the whole new text. */
	writes: { path: string; text: string }[] = [];

	/** Loads files without firing events (what Obsidian has at startup); bytes for files that are not UTF-8. */
	seed(files: Record<string, string | Uint8Array>): void {
		for (const [path, content] of Object.entries(files)) {
			if (typeof content === "string") this.files.set(path, { file: this.makeFile(path, content), text: content });
			else this.files.set(path, { file: this.makeFile(path, content), text: new TextDecoder().decode(content), bytes: content });
		}
	}

	private makeFile(path: string, content: string | Uint8Array): TFile {
		const f = new TFile(path, typeof content === "string" ? new TextEncoder().encode(content).length : content.length);
		f.vault = this as unknown as O.Vault;
		return f;
	}

	private entry(file: O.TAbstractFile): Stored {
		const e = this.files.get(file.path);
		if (!e) throw new Error(`No file ${file.path}`);
		return e;
	}

	async read(file: O.TFile): Promise<string> {
		return this.entry(file).text;
	}

	async cachedRead(file: O.TFile): Promise<string> {
		return this.entry(file).text;
	}

	async readBinary(file: O.TFile): Promise<ArrayBuffer> {
		const e = this.entry(file);
		const bytes = e.bytes ?? new TextEncoder().encode(e.text);
		return bytes.slice().buffer;
	}

	/** Synchronous read for the tests. */
	text(path: string): string | undefined {
		return this.files.get(path)?.text;
	}

	async process(file: O.TFile, fn: (data: string) => string): Promise<string> {
		const e = this.entry(file);
		const next = fn(e.text);
		if (next !== e.text) this.write(e, next);
		return next;
	}

	async modify(file: O.TFile, data: string): Promise<void> {
		this.write(this.entry(file), data);
	}

	private write(e: Stored, text: string): void {
		e.text = text;
		e.bytes = undefined;
		e.file.stat = { ...e.file.stat, mtime: Date.now(), size: new TextEncoder().encode(text).length };
		this.writes.push({ path: e.file.path, text });
		this.trigger("modify", e.file);
	}

	async create(path: string, data: string): Promise<O.TFile> {
		if (this.files.has(path)) throw new Error(`File already exists: ${path}`);
		const file = this.makeFile(path, data);
		this.files.set(path, { file, text: data });
		this.trigger("create", file);
		return file;
	}

	async delete(file: O.TAbstractFile): Promise<void> {
		const e = this.entry(file);
		this.files.delete(file.path);
		this.trigger("delete", e.file);
	}

	async rename(file: O.TAbstractFile, newPath: string): Promise<void> {
		const e = this.entry(file);
		const old = e.file.path;
		this.files.delete(old);
		e.file.path = newPath;
		e.file.name = newPath.split("/").pop() ?? newPath;
		this.files.set(newPath, e);
		this.trigger("rename", e.file, old);
	}

	getFiles(): O.TFile[] {
		return [...this.files.values()].map((e) => e.file as unknown as O.TFile);
	}

	getMarkdownFiles(): O.TFile[] {
		return this.getFiles().filter((f) => f.extension === "md");
	}

	getAbstractFileByPath(path: string): O.TAbstractFile | null {
		return (this.files.get(path)?.file as unknown as O.TAbstractFile) ?? null;
	}
}

// ---------------------------------------------------------------------------------------------
// Workspace, leaves and views.

type ViewFactory = (leaf: WorkspaceLeaf) => View;

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

/** Link resolution only: Rapport reads notes through its own core, not Obsidian's cache. */
export class MetadataCache extends Events implements Pick<O.MetadataCache, "getFirstLinkpathDest" | "getFileCache"> {
	constructor(private readonly vault: Vault) {
		super();
	}

	/** A path, a path without `.md`, or a base name (the shortest path wins, as in Obsidian). */
	getFirstLinkpathDest(linkpath: string, _sourcePath: string): O.TFile | null {
		const files = this.vault.getFiles();
		const exact = files.find((f) => f.path === linkpath || f.path === `${linkpath}.md`);
		if (exact) return exact;
		const named = files.filter((f) => f.basename === linkpath || f.name === linkpath).sort((a, b) => a.path.length - b.path.length);
		return named[0] ?? null;
	}

	getFileCache(_file: O.TFile): O.CachedMetadata | null {
		return null;
	}
}

export class App {
	vault = new Vault();
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

// ---------------------------------------------------------------------------------------------
// Plugin, settings, modals, notices.

export class Plugin extends Component implements Pick<O.Plugin, "addCommand" | "addStatusBarItem" | "addRibbonIcon" | "loadData" | "saveData"> {
	private owned: HTMLElement[] = [];
	private viewTypes: string[] = [];
	private commandIds: string[] = [];
	private processors: string[] = [];
	data: unknown = null;

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

	addStatusBarItem(): HTMLElement {
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

	registerView(type: string, factory: ViewFactory): void {
		this.app.viewRegistry.set(type, factory);
		this.viewTypes.push(type);
	}

	registerMarkdownCodeBlockProcessor(language: string, handler: (source: string, el: HTMLElement, ctx: O.MarkdownPostProcessorContext) => unknown): void {
		this.app.codeBlockProcessors.set(language, handler);
		this.processors.push(language);
	}

	async loadData(): Promise<unknown> {
		return this.data;
	}

	async saveData(data: unknown): Promise<void> {
		this.data = JSON.parse(JSON.stringify(data));
	}

	/** What Obsidian does when a plugin is disabled, after the plugin's own unload. */
	unload(): void {
		super.unload();
		for (const type of this.viewTypes) {
			for (const leaf of this.app.workspace.getLeavesOfType(type)) (leaf as unknown as WorkspaceLeaf).detach();
			this.app.viewRegistry.delete(type);
		}
		for (const id of this.commandIds) this.app.commands.delete(id);
		for (const lang of this.processors) this.app.codeBlockProcessors.delete(lang);
		for (const el of this.owned) el.remove();
		this.app.settingTabs = this.app.settingTabs.filter((t) => t.plugin !== (this as unknown));
	}
}

export class PluginSettingTab {
	containerEl: HTMLElement = div("vertical-tab-content");
	constructor(
		public app: App,
		public plugin: unknown,
	) {}
	display(): void {}
	hide(): void {
		this.containerEl.remove();
	}
}

export class MarkdownRenderChild extends Component {
	constructor(public containerEl: HTMLElement) {
		super();
	}
}

export class Modal implements Pick<O.Modal, "open" | "close" | "onOpen" | "onClose"> {
	containerEl: HTMLElement = div("modal-container");
	modalEl: HTMLElement;
	titleEl: HTMLElement;
	contentEl: HTMLElement;
	constructor(public app: App) {
		this.modalEl = this.containerEl.appendChild(div("modal"));
		this.titleEl = this.modalEl.appendChild(div("modal-title"));
		this.contentEl = this.modalEl.appendChild(div("modal-content"));
	}
	setTitle(title: string): this {
		this.titleEl.textContent = title;
		return this;
	}
	open(): void {
		document.body.appendChild(this.containerEl);
		openModals.add(this);
		this.onOpen();
	}
	close(): void {
		if (!openModals.delete(this)) return;
		this.onClose();
		this.containerEl.remove();
	}
	onOpen(): void {}
	onClose(): void {}
}

/** Modals on screen, so the tests can close them as Escape would. */
export const openModals = new Set<Modal>();

export const notices: string[] = [];

export class Notice implements Pick<O.Notice, "noticeEl" | "containerEl" | "messageEl" | "setMessage" | "hide"> {
	containerEl: HTMLElement;
	messageEl: HTMLElement;
	noticeEl: HTMLElement;
	constructor(message: string | DocumentFragment, _duration?: number) {
		this.containerEl = div("notice");
		this.messageEl = this.containerEl.appendChild(div("notice-message"));
		this.noticeEl = this.containerEl;
		this.setMessage(message);
		notices.push(this.messageEl.textContent ?? "");
		noticeContainer().appendChild(this.containerEl);
	}
	setMessage(message: string | DocumentFragment): this {
		this.messageEl.replaceChildren(typeof message === "string" ? document.createTextNode(message) : message);
		return this;
	}
	hide(): void {
		this.containerEl.remove();
	}
}

/** Obsidian stacks notices in one container at the top right of the window. */
function noticeContainer(): HTMLElement {
	return document.body.querySelector<HTMLElement>(".notice-container") ?? document.body.appendChild(div("notice-container"));
}

// Setting and its components.

class ValueComponent<T> {
	protected changeHandlers: ((value: T) => unknown)[] = [];
	onChange(cb: (value: T) => unknown): this {
		this.changeHandlers.push(cb);
		return this;
	}
}

export class TextComponent extends ValueComponent<string> {
	inputEl: HTMLInputElement;
	constructor(parent: HTMLElement, tag: "input" | "textarea" = "input") {
		super();
		this.inputEl = parent.appendChild(document.createElement(tag)) as HTMLInputElement;
		this.inputEl.addEventListener("input", () => this.changeHandlers.forEach((h) => h(this.inputEl.value)));
	}
	setValue(v: string): this {
		this.inputEl.value = v;
		return this;
	}
	getValue(): string {
		return this.inputEl.value;
	}
	setPlaceholder(p: string): this {
		this.inputEl.placeholder = p;
		return this;
	}
}

export class TextAreaComponent extends TextComponent {
	declare inputEl: HTMLTextAreaElement & HTMLInputElement;
	constructor(parent: HTMLElement) {
		super(parent, "textarea");
	}
}

export class ToggleComponent extends ValueComponent<boolean> {
	toggleEl: HTMLInputElement;
	constructor(parent: HTMLElement) {
		super();
		this.toggleEl = parent.appendChild(document.createElement("input"));
		this.toggleEl.type = "checkbox";
		this.toggleEl.addEventListener("change", () => this.changeHandlers.forEach((h) => h(this.toggleEl.checked)));
	}
	setValue(v: boolean): this {
		this.toggleEl.checked = v;
		return this;
	}
	getValue(): boolean {
		return this.toggleEl.checked;
	}
}

export class ButtonComponent {
	buttonEl: HTMLButtonElement;
	constructor(parent: HTMLElement) {
		this.buttonEl = parent.appendChild(document.createElement("button"));
	}
	setButtonText(t: string): this {
		this.buttonEl.textContent = t;
		return this;
	}
	setCta(): this {
		this.buttonEl.classList.add("mod-cta");
		return this;
	}
	onClick(cb: (evt: MouseEvent) => unknown): this {
		this.buttonEl.addEventListener("click", cb);
		return this;
	}
}

export class Setting {
	settingEl: HTMLElement;
	infoEl: HTMLElement;
	nameEl: HTMLElement;
	descEl: HTMLElement;
	controlEl: HTMLElement;
	constructor(containerEl: HTMLElement) {
		this.settingEl = containerEl.appendChild(div("setting-item"));
		this.infoEl = this.settingEl.appendChild(div("setting-item-info"));
		this.nameEl = this.infoEl.appendChild(div("setting-item-name"));
		this.descEl = this.infoEl.appendChild(div("setting-item-description"));
		this.controlEl = this.settingEl.appendChild(div("setting-item-control"));
	}
	setName(name: string): this {
		this.nameEl.textContent = name;
		return this;
	}
	setDesc(desc: string): this {
		this.descEl.textContent = desc;
		return this;
	}
	setHeading(): this {
		this.settingEl.classList.add("setting-item-heading");
		return this;
	}
	addText(cb: (c: TextComponent) => unknown): this {
		cb(new TextComponent(this.controlEl));
		return this;
	}
	addTextArea(cb: (c: TextAreaComponent) => unknown): this {
		cb(new TextAreaComponent(this.controlEl));
		return this;
	}
	addToggle(cb: (c: ToggleComponent) => unknown): this {
		cb(new ToggleComponent(this.controlEl));
		return this;
	}
	addButton(cb: (c: ButtonComponent) => unknown): this {
		cb(new ButtonComponent(this.controlEl));
		return this;
	}
}

export function setIcon(_el: HTMLElement, _icon: string): void {}

export function normalizePath(path: string): string {
	return path.replace(/\\/g, "/").replace(/\/+/g, "/").replace(/^\/|\/$/g, "");
}

export class MarkdownView {}
