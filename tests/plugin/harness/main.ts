/** The harness page: an in-memory vault and workspace running the built plugin (dist/main.js). */
import type * as O from "obsidian";
import * as obsidian from "./obsidian";
import { InactiveView } from "./app";
import { App, installDomHelpers, ledger, notices, openModals, type Plugin } from "./obsidian";
import { unloadWhenDetached } from "./component";

installDomHelpers();
// Obsidian's global createFragment, and its helpers on every Node (obsidian.d.ts: `interface
// Node { createEl, createDiv, createSpan }`), which a notice's message fragment is built with.
Object.assign(globalThis, { createFragment: (callback?: (f: DocumentFragment) => void) => {
	const fragment = document.createDocumentFragment();
	callback?.(fragment);
	return fragment;
} });
for (const name of ["createEl", "createDiv", "createSpan"]) Object.defineProperty(DocumentFragment.prototype, name, { value: (HTMLElement.prototype as unknown as Record<string, unknown>)[name], configurable: true });

interface RapportUnderTest extends Plugin {
	onloadMs: number;
	isReady(): boolean;
	indexer: { flush(): Promise<void>; lastRun: { notes: number; ms: number } };
	core: { restarts: number; settled(): Promise<void>; run<T>(fn: (index: any) => T, fallback: T): T; onInstantiate: ((glue: CoreGlue) => void) | null };
	events: obsidian.Events & { triggerIndexChanged(): void };
	settings: unknown;
	/** Reads the vault's own settings again (templates folders, the Tasks global filter). */
	refreshVault?(): Promise<void>;
	/** Applies settings changes now instead of after the typing pause. */
	flushSettings?(): Promise<void>;
}

/** The parts of a fresh copy of the core's glue that the harness reaches into. */
interface CoreGlue {
	init(options: unknown): Promise<{ memory: WebAssembly.Memory }>;
}

/**
 * Ways the core can fail to start on a user's device: WebAssembly turned off (iOS Lockdown
 * Mode: the global is not there), an engine that cannot compile the module (a web view without
 * reference types), or no memory to instantiate it (what V8 throws then).
 */
export type CoreFault = "no-webassembly" | "compile" | "memory";

function startFailure(fault: "compile" | "memory"): Error {
	return fault === "compile"
		? new WebAssembly.CompileError("WebAssembly.instantiate(): Compiling function #7 failed: invalid value type 'externref', enable with --experimental-wasm-reftypes @+1043")
		: new RangeError("WebAssembly.instantiate(): Out of memory: Cannot allocate Wasm memory for new instance");
}

/**
 * Runs the plugin's CommonJS bundle with `require("obsidian")` answered by this harness; with
 * `noWebAssembly`, as a device where the `WebAssembly` global does not exist.
 */
function evaluateBundle(code: string, noWebAssembly = false): new (app: App, manifest: O.PluginManifest) => RapportUnderTest {
	const module = { exports: {} as Record<string, unknown> };
	const require = (name: string) => {
		if (name === "obsidian") return obsidian;
		throw new Error(`The plugin required ${name}; only obsidian is available on mobile.`);
	};
	// eslint-disable-next-line @typescript-eslint/no-implied-eval -- Obsidian itself evaluates a plugin's main.js as a CommonJS function body.
	const run = new Function("module", "exports", "require", "WebAssembly", code) as (m: typeof module, e: typeof module.exports, r: typeof require, w: unknown) => void;
	run(module, module.exports, require, noWebAssembly ? undefined : WebAssembly);
	const exported = module.exports.default ?? module.exports;
	return exported as new (app: App, manifest: O.PluginManifest) => RapportUnderTest;
}

async function until(check: () => boolean, what: string, ms = 20_000): Promise<void> {
	const start = performance.now();
	while (!check()) {
		if (performance.now() - start > ms) throw new Error(`Timed out waiting for ${what}`);
		await new Promise((r) => setTimeout(r, 10));
	}
}

interface StartOptions {
	/** data.json as an object, or as its raw text (which need not be JSON). */
	data?: unknown;
	dataText?: string;
	waitForIndex?: boolean;
	/** A phone: no status bar. */
	mobile?: boolean;
	/** Sidebar views saved with the layout, restored (deferred) before layout-ready. */
	layout?: O.ViewState[];
	/** false: no right split, so getRightLeaf answers null. */
	rightSplit?: boolean;
	/** Reads of these paths reject, `times` times each (default: always). */
	failReads?: { paths: string[]; times?: number; message?: string };
	/** The core cannot start, for this reason (every time, until `core.onInstantiate` is cleared). */
	coreFault?: CoreFault;
	/** false: return after onload, before the layout is ready (the test triggers it). */
	layoutReady?: boolean;
	/** Files of the config folder and other hidden files, by vault-relative path (`.obsidian/templates.json`). */
	hidden?: Record<string, string>;
	/** The config folder's name, when not `.obsidian`. */
	configDir?: string;
}

export class Harness {
	app!: App;
	plugin!: RapportUnderTest;
	notices = notices;
	ledger = ledger;

	/** Loads `files` as the vault and the built plugin into a fresh app; resolves once indexed. */
	async start(files: Record<string, string | Uint8Array>, options: StartOptions = {}): Promise<{ onloadMs: number; readyAtOnloadEnd: boolean }> {
		const root = document.getElementById("app") ?? document.body.appendChild(document.createElement("div"));
		root.id = "app";
		root.replaceChildren();
		this.app = new App(root);
		obsidian.setMobile(options.mobile ?? false);
		this.app.workspace.hasRightSplit = options.rightSplit ?? true;
		this.app.vault.seed(files);
		if (options.configDir !== undefined) this.app.vault.configDir = options.configDir;
		for (const [path, text] of Object.entries(options.hidden ?? {})) this.app.vault.adapter.setFile(path, text);
		if (options.failReads) this.app.vault.failReads(options.failReads.paths, options.failReads.times ?? Infinity, options.failReads.message);
		const readyAtOnloadEnd = await this.loadPlugin(options);
		if (options.layout) this.app.workspace.restoreLayout(options.layout);
		if (options.layoutReady === false) return { onloadMs: this.plugin.onloadMs, readyAtOnloadEnd };
		this.app.workspace.triggerLayoutReady();
		if (options.waitForIndex !== false) await this.ready();
		return { onloadMs: this.plugin.onloadMs, readyAtOnloadEnd };
	}

	/** A fresh copy of the built plugin, loaded into the app; whether it was ready at the end of onload. */
	private async loadPlugin(options: StartOptions): Promise<boolean> {
		const [code, manifest] = await Promise.all([fetch("/dist/main.js").then((r) => r.text()), fetch("/dist/manifest.json").then((r) => r.json() as Promise<O.PluginManifest>)]);
		const Rapport = evaluateBundle(code, options.coreFault === "no-webassembly");
		this.plugin = new Rapport(this.app, manifest);
		const fault = options.coreFault;
		if (fault === "compile" || fault === "memory") {
			this.plugin.core.onInstantiate = (glue) => {
				glue.init = () => Promise.reject(startFailure(fault));
			};
		}
		if (options.dataText !== undefined) this.plugin.dataText = options.dataText;
		else this.plugin.data = options.data ?? null;
		this.plugin.load();
		await this.plugin.loading;
		return this.plugin.isReady();
	}

	/**
	 * Disables the plugin and enables a fresh copy of it in the same app (what an update does):
	 * the vault, the workspace and data.json stay. Resolves once the new copy has indexed.
	 */
	async reload(): Promise<void> {
		const dataText = this.plugin.dataText;
		await this.unload();
		await this.loadPlugin({ dataText: dataText ?? undefined, data: null });
		await this.ready();
	}

	/**
	 * Grows the core's WebAssembly memory until the engine refuses, as a phone that has no more to
	 * give: the core's next allocation that needs more memory fails. The pages grown are never
	 * touched. Returns the memory's size in MiB.
	 */
	async exhaustCoreMemory(): Promise<number> {
		const glue = (this.plugin.core as unknown as { module: CoreGlue | null }).module;
		if (!glue) throw new Error("The core is not loaded");
		// init answers the instance's exports once it has run.
		const { memory } = await glue.init(undefined);
		for (let pages = 32_768; pages >= 1; ) {
			try {
				memory.grow(pages);
			} catch {
				pages = Math.floor(pages / 2);
			}
		}
		return memory.buffer.byteLength / 2 ** 20;
	}

	async ready(): Promise<void> {
		await until(() => this.plugin.isReady(), "the index");
		await this.settle();
	}

	/** Lets queued vault changes reach the index and the views re-render. */
	async settle(): Promise<void> {
		await this.plugin.flushSettings?.();
		// Reads in flight answer first, as they would while a user looks.
		for (let i = 0; i < 100 && this.app.vault.pendingReads > 0; i++) await new Promise((r) => setTimeout(r, 0));
		await new Promise((r) => setTimeout(r, 0));
		await this.plugin.core.settled();
		await this.plugin.indexer.flush();
		// A re-render the plugin has scheduled happens now, not in the middle of the test's next step.
		const scheduled = this.plugin as unknown as { refreshTimer: number | null };
		for (let i = 0; i < 50 && scheduled.refreshTimer !== null; i++) await new Promise((r) => setTimeout(r, 10));
		this.plugin.events.triggerIndexChanged();
		await new Promise((r) => setTimeout(r, 0));
	}

	async open(path: string): Promise<void> {
		const file = this.app.vault.getAbstractFileByPath(path);
		if (!file) throw new Error(`No file ${path}`);
		await this.app.workspace.mainLeaf.openFile(file as O.TFile, { active: true });
	}

	/**
	 * Opens the file menu of `path` as Obsidian's own places do (the note's "More options" on a
	 * phone, the file explorer's right click): a Menu, the `file-menu` event, then the menu shown.
	 */
	fileMenu(path: string, source = "more-options"): string[] {
		const file = this.app.vault.getAbstractFileByPath(path);
		if (!file) throw new Error(`No file ${path}`);
		const menu = new obsidian.Menu();
		this.app.workspace.trigger("file-menu", menu, file, source, this.app.workspace.mainLeaf);
		menu.showAtMouseEvent(new MouseEvent("contextmenu"));
		return menu.items.map((i) => i.title);
	}

	/**
	 * Opens `path` in an editor tab of its own (a markdown view), makes it active, and puts the
	 * cursor (and a selection to `head`) at the given offsets. With `load` false the view has not
	 * read its file yet, as right after a tab opens.
	 */
	async openInEditor(path: string, cursor = 0, head = cursor, load = true): Promise<obsidian.MarkdownView> {
		const file = this.app.vault.getAbstractFileByPath(path) as obsidian.TFile | null;
		if (!file) throw new Error(`No file ${path}`);
		const leaf = new obsidian.WorkspaceLeaf(this.app, this.app.workspace.rightEl.parentElement ?? document.body);
		this.app.workspace.leaves.push(leaf);
		const view = new obsidian.MarkdownView(leaf, file, this.app.vault);
		leaf.view = view;
		leaf.file = file;
		leaf.el.appendChild(view.containerEl);
		view.load();
		if (load) await view.loadFile();
		view.editor.setSelection(view.editor.offsetToPos(cursor), view.editor.offsetToPos(head));
		// As a click in the tab does: the workspace fires active-leaf-change and file-open itself.
		this.app.workspace.setActiveLeaf(leaf as unknown as O.WorkspaceLeaf);
		return view;
	}

	/** The markdown view showing `path`, if one is open. */
	editorView(path: string): obsidian.MarkdownView | null {
		for (const leaf of this.app.workspace.leaves) if (leaf.view instanceof obsidian.MarkdownView && leaf.view.file?.path === path) return leaf.view;
		return null;
	}

	/** Closes every open modal the way Escape does (their onClose runs). */
	closeModals(): void {
		for (const modal of [...openModals]) modal.close();
	}

	command(id: string): boolean {
		return this.app.executeCommand(id);
	}

	commandIds(): string[] {
		return [...this.app.commands.keys()].sort();
	}

	text(path: string): string | undefined {
		return this.app.vault.text(path);
	}

	async modify(path: string, text: string): Promise<void> {
		await this.app.vault.modify(this.app.vault.getAbstractFileByPath(path) as O.TFile, text);
	}

	async create(path: string, text: string): Promise<void> {
		await this.app.vault.create(path, text);
	}

	async rename(path: string, to: string): Promise<void> {
		await this.app.vault.rename(this.app.vault.getAbstractFileByPath(path) as O.TFile, to);
	}

	async remove(path: string): Promise<void> {
		await this.app.vault.delete(this.app.vault.getAbstractFileByPath(path) as O.TFile);
	}

	/** The stale view's rows in order: status group and name. */
	staleRows(): { status: string; name: string; path: string; days: string; cadence: string; company: string; tasks: string }[] {
		return [...document.querySelectorAll<HTMLElement>(".rapport-stale-view .rapport-contact")].map((row) => ({
			status: row.closest<HTMLElement>(".rapport-group")?.dataset.status ?? "",
			name: row.querySelector(".rapport-contact-name")?.textContent ?? "",
			path: row.dataset.path ?? "",
			days: row.querySelector(".rapport-days")?.textContent ?? "",
			cadence: row.querySelector(".rapport-cadence")?.textContent ?? "",
			company: row.querySelector(".rapport-contact-company")?.textContent ?? "",
			tasks: row.querySelector(".rapport-open-tasks")?.textContent ?? "",
		}));
	}

	/** Clicks an element inside the row of the person at `path`. */
	clickInRow(path: string, selector: string): void {
		const row = [...document.querySelectorAll<HTMLElement>(".rapport-contact")].find((r) => r.dataset.path === path);
		const target = row?.querySelector<HTMLElement>(selector);
		if (!target) throw new Error(`No ${selector} in the row of ${path}`);
		target.click();
	}

	/** Renders a ```rapport block of the note at `sourcePath`. */
	renderBlock(source: string, sourcePath: string, replacing?: HTMLElement): HTMLElement {
		const processor = this.app.codeBlockProcessors.get("rapport");
		if (!processor) throw new Error("No rapport code block processor");
		const el = document.createElement("div");
		if (replacing) replacing.replaceWith(el);
		else document.getElementById("app")!.appendChild(el);
		el.className = "markdown-rendered";
		const host = new obsidian.Component();
		host.load();
		const addChild = (c: O.MarkdownRenderChild) => {
			host.addChild(c);
			unloadWhenDetached(c as unknown as obsidian.Component, c.containerEl, host);
		};
		const ctx = { sourcePath, docId: "", frontmatter: null, addChild, getSectionInfo: () => null } as unknown as O.MarkdownPostProcessorContext;
		void processor(source, el, ctx);
		this.blocks.push({ source, file: this.app.vault.getAbstractFileByPath(sourcePath), el });
		return el;
	}

	/** Blocks rendered, with the note they are in (followed through renames). */
	blocks: { source: string; file: O.TAbstractFile | null; el: HTMLElement }[] = [];

	/** The note is rendered again (its text changed): each block's element is replaced by a new render. */
	rerenderBlocks(path: string): HTMLElement[] {
		const mine = this.blocks.filter((b) => b.file?.path === path && b.el.isConnected);
		return mine.map((b) => this.renderBlock(b.source, path, b.el));
	}

	/** Shows the settings tab in the page. */
	showSettings(): HTMLElement {
		const tab = this.app.settingTabs[0];
		document.getElementById("app")!.appendChild(tab.containerEl);
		tab.display();
		return tab.containerEl;
	}

	/** Disables the plugin and reports what is left behind. */
	async unload(): Promise<{ elements: number; domListeners: number; vaultListeners: number; workspaceListeners: number; views: number; leaves: number }> {
		this.plugin.unload();
		// Closing views is asynchronous (onClose returns a promise), as in Obsidian.
		await new Promise((r) => setTimeout(r, 0));
		return {
			elements: document.querySelectorAll("[class*='rapport']").length,
			domListeners: ledger.domListeners,
			vaultListeners: this.app.vault.listenerCount(),
			workspaceListeners: this.app.workspace.listenerCount(),
			// Views the plugin made that are still open, and the leaves kept (Obsidian keeps them).
			views: this.app.workspace.leaves.filter((l) => l.view && !(l.view instanceof InactiveView) && !(l.view instanceof obsidian.MarkdownView)).length,
			leaves: this.app.workspace.leaves.length,
		};
	}
}

(window as unknown as { harness: Harness }).harness = new Harness();
