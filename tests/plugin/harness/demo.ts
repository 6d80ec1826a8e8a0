/**
 * The demo page: the built plugin running on the example vault in a plain browser, with a file
 * list, a bare text editor standing in for Obsidian's, the plugin's commands as buttons, and a
 * theme switch. `npm run demo` serves it; `npm run screenshots` photographs it.
 */
import type * as O from "obsidian";
import type { Harness } from "./main";
import "./main";
import { Notice } from "./obsidian";

/** Typing pauses this long before the note is saved (Obsidian saves about as often). */
const SAVE_DEBOUNCE_MS = 400;

interface DemoWindow {
	harness: Harness;
	/** Set once the vault is indexed and the views are open; the screenshot script waits on it. */
	demoReady?: boolean;
}

const win = window as unknown as DemoWindow;

function setTheme(theme: "light" | "dark"): void {
	document.body.classList.toggle("theme-dark", theme === "dark");
	document.body.classList.toggle("theme-light", theme === "light");
}

/** The left column: every note, grouped by folder, each opening in the editor. */
function renderFileList(harness: Harness, el: HTMLElement): void {
	el.empty();
	el.createDiv({ cls: "demo-pane-title", text: "Vault" });
	const paths = harness.app.vault
		.getMarkdownFiles()
		.map((f) => f.path)
		.sort((a, b) => a.localeCompare(b));
	let folder: string | null = null;
	for (const path of paths) {
		const at = path.lastIndexOf("/");
		const dir = at < 0 ? "" : path.slice(0, at);
		if (dir !== folder) {
			folder = dir;
			if (dir) el.createDiv({ cls: "demo-folder", text: dir });
		}
		const item = el.createDiv({ cls: "demo-file", text: path.slice(at + 1).replace(/\.md$/, "") });
		item.dataset.path = path;
		item.toggleClass("is-active", harness.app.workspace.activeFile?.path === path);
		item.addEventListener("click", () => void harness.open(path));
	}
}

/** The main pane: the active note as plain text; typing saves through Vault.modify like Obsidian. */
function mountEditor(harness: Harness, leafEl: HTMLElement, fileList: HTMLElement): void {
	const pane = leafEl.createDiv({ cls: "demo-editor" });
	const title = pane.createDiv({ cls: "demo-editor-title", text: "Open a note from the list" });
	const area = pane.createEl("textarea", { cls: "demo-editor-text", attr: { spellcheck: "false", "aria-label": "Note text" } });
	area.disabled = true;
	let saveTimer: number | null = null;
	let shown: string | null = null;

	const show = (path: string | null, line?: number) => {
		shown = path;
		const text = path ? harness.text(path) : undefined;
		title.setText(path ?? "Open a note from the list");
		area.disabled = text === undefined;
		area.value = text ?? "";
		if (line !== undefined && text !== undefined) {
			const lines = text.split("\n");
			const from = lines.slice(0, line).reduce((n, l) => n + l.length + 1, 0);
			area.focus();
			area.setSelectionRange(from, from + (lines[line]?.length ?? 0));
			area.scrollTop = Math.max(0, (line - 5) * 20);
		}
		renderFileList(harness, fileList);
	};

	harness.app.workspace.on("file-open", (file: O.TFile | null) => {
		const state = harness.app.workspace.mainLeaf.eState as { line?: number } | null;
		show(file?.path ?? null, state?.line);
	});
	// Rapport's own writes (mark contacted, fixes, completed tasks) show up in the editor at once.
	harness.app.vault.on("modify", (file: O.TAbstractFile) => {
		if (file.path === shown && document.activeElement !== area) show(shown);
	});
	harness.app.vault.on("rename", (file: O.TAbstractFile, old: string) => {
		if (old === shown) show(file.path);
		else renderFileList(harness, fileList);
	});
	harness.app.vault.on("create", () => renderFileList(harness, fileList));
	harness.app.vault.on("delete", () => renderFileList(harness, fileList));
	area.addEventListener("input", () => {
		if (saveTimer !== null) window.clearTimeout(saveTimer);
		saveTimer = window.setTimeout(() => {
			saveTimer = null;
			if (shown) void harness.modify(shown, area.value);
		}, SAVE_DEBOUNCE_MS);
	});
}

/** The top bar: each registered command as a button, settings, and the theme. */
function renderToolbar(harness: Harness, el: HTMLElement): void {
	el.createSpan({ cls: "demo-brand", text: "Rapport demo" });
	const commands = el.createDiv({ cls: "demo-commands" });
	for (const [id, command] of harness.app.commands) {
		const button = commands.createEl("button", { text: command.name, attr: { "data-command": id } });
		button.addEventListener("click", () => {
			if (!harness.command(id)) new Notice(`“${command.name}” needs a note open that it applies to.`);
		});
	}
	const settings = el.createEl("button", { text: "Settings" });
	settings.addEventListener("click", () => openSettings(harness));
	const theme = el.createEl("button", { text: "Dark theme" });
	theme.addEventListener("click", () => {
		const dark = !document.body.classList.contains("theme-dark");
		setTheme(dark ? "dark" : "light");
		theme.setText(dark ? "Light theme" : "Dark theme");
	});
}

/** Obsidian shows a plugin's settings tab in its settings window; the demo uses an overlay. */
function openSettings(harness: Harness): void {
	const overlay = document.body.createDiv({ cls: "modal-container demo-settings" });
	const box = overlay.createDiv({ cls: "modal" });
	const close = box.createEl("button", { cls: "demo-close", text: "Close" });
	const tab = harness.app.settingTabs[0];
	if (!tab) return;
	box.appendChild(tab.containerEl);
	tab.display();
	const done = () => {
		tab.hide();
		overlay.remove();
	};
	close.addEventListener("click", done);
	overlay.addEventListener("click", (e) => {
		if (e.target === overlay) done();
	});
}

async function main(): Promise<void> {
	const params = new URLSearchParams(location.search);
	setTheme(params.get("theme") === "dark" ? "dark" : "light");
	const harness = win.harness;
	const vault = (await fetch("/tests/plugin/harness/dist/vault.json").then((r) => r.json())) as Record<string, string>;
	await harness.start(vault);

	const root = harness.app.root;
	root.addClass("demo");
	const toolbar = root.createDiv({ cls: "demo-toolbar" });
	const fileList = root.createDiv({ cls: "demo-files" });
	root.prepend(toolbar, fileList);
	renderToolbar(harness, toolbar);
	mountEditor(harness, harness.app.workspace.mainLeaf.el, fileList);
	renderFileList(harness, fileList);

	harness.command("rapport:open-stale-contacts");
	const person = params.get("person") ?? "People/Nadia Farrow.md";
	await harness.open(person);
	await (harness.plugin as unknown as { showPersonTasks(path: string): Promise<void> }).showPersonTasks(person);
	await harness.settle();
	win.demoReady = true;
}

void main();
