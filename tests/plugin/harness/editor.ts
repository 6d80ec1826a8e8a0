/**
 * The markdown view and its editor, as strict as Obsidian where Rapport writes: the editor holds
 * the note's text (unsaved changes included) with a cursor and a selection, saves after a pause,
 * and when the file changes on disk under it, it reloads the text and the cursor, selection and
 * folds are gone; typing not saved yet is lost.
 */
import type * as O from "obsidian";
import { ItemView, type WorkspaceLeaf } from "./workspace";
import type { TFile, Vault } from "./vault";

/** Obsidian saves an editor's changes about two seconds after the last keystroke. */
export const EDITOR_SAVE_MS = 2_000;

/** Offsets and positions over a text, counted in UTF-16 code units as CodeMirror counts them. */
function offsetToPos(text: string, offset: number): O.EditorPosition {
	const before = text.slice(0, Math.max(0, Math.min(offset, text.length)));
	const line = before.split("\n").length - 1;
	return { line, ch: before.length - (before.lastIndexOf("\n") + 1) };
}

function posToOffset(text: string, pos: O.EditorPosition): number {
	const lines = text.split("\n");
	let offset = 0;
	for (let i = 0; i < Math.min(pos.line, lines.length - 1); i++) offset += lines[i].length + 1;
	return offset + Math.min(pos.ch, lines[Math.min(pos.line, lines.length - 1)]?.length ?? 0);
}

export class Editor implements Pick<O.Editor, "getValue" | "setValue" | "getLine" | "lineCount" | "offsetToPos" | "posToOffset" | "getCursor" | "setCursor" | "getSelection" | "setSelection" | "listSelections" | "replaceRange" | "transaction"> {
	private text = "";
	private anchor = 0;
	private head = 0;
	/** Folded lines (their first line numbers), which a reload forgets. */
	folds = new Set<number>();
	/** Every transaction and replaceRange, for the tests. */
	edits: { origin?: string }[] = [];

	constructor(private readonly changed: () => void) {}

	/** What CodeMirror holds for a file's text: no byte order mark, lines joined by "\n". */
	static docOf(fileText: string): string {
		return fileText.replace(/^\ufeff/, "").replace(/\r\n?/g, "\n");
	}

	getValue(): string {
		return this.text;
	}

	setValue(content: string): void {
		this.text = content;
		this.anchor = this.head = 0;
		this.folds.clear();
	}

	getLine(line: number): string {
		return this.text.split("\n")[line] ?? "";
	}

	lineCount(): number {
		return this.text.split("\n").length;
	}

	offsetToPos(offset: number): O.EditorPosition {
		return offsetToPos(this.text, offset);
	}

	posToOffset(pos: O.EditorPosition): number {
		return posToOffset(this.text, pos);
	}

	getCursor(string?: "from" | "to" | "head" | "anchor"): O.EditorPosition {
		const at = string === "anchor" ? this.anchor : string === "from" ? Math.min(this.anchor, this.head) : string === "to" ? Math.max(this.anchor, this.head) : this.head;
		return this.offsetToPos(at);
	}

	setCursor(pos: O.EditorPosition | number, ch?: number): void {
		const at = typeof pos === "number" ? this.posToOffset({ line: pos, ch: ch ?? 0 }) : this.posToOffset(pos);
		this.anchor = this.head = at;
	}

	setSelection(anchor: O.EditorPosition, head?: O.EditorPosition): void {
		this.anchor = this.posToOffset(anchor);
		this.head = this.posToOffset(head ?? anchor);
	}

	getSelection(): string {
		return this.text.slice(Math.min(this.anchor, this.head), Math.max(this.anchor, this.head));
	}

	listSelections(): O.EditorSelection[] {
		return [{ anchor: this.offsetToPos(this.anchor), head: this.offsetToPos(this.head) }];
	}

	replaceRange(replacement: string, from: O.EditorPosition, to?: O.EditorPosition, origin?: string): void {
		this.transaction({ changes: [{ from, to, text: replacement }] }, origin);
	}

	/** Applies changes given against the text before the transaction; the selection maps through them. */
	transaction(tx: O.EditorTransaction, origin?: string): void {
		const changes = (tx.changes ?? [])
			.map((c) => ({ from: this.posToOffset(c.from), to: this.posToOffset(c.to ?? c.from), text: c.text }))
			.sort((a, b) => b.from - a.from);
		for (const c of changes) {
			this.text = this.text.slice(0, c.from) + c.text + this.text.slice(c.to);
			const map = (p: number) => (p <= c.from ? p : p >= c.to ? p + c.text.length - (c.to - c.from) : c.from + c.text.length);
			this.anchor = map(this.anchor);
			this.head = map(this.head);
		}
		this.edits.push({ origin });
		this.changed();
	}

	/** The user types at the cursor (not saved until the pause). */
	type(text: string): void {
		this.transaction({ changes: [{ from: this.offsetToPos(this.head), text }] }, "+input");
	}
}

export class MarkdownView extends ItemView {
	file: TFile | null;
	editor: Editor;
	private saveTimer: number | null = null;
	/** The text last saved or loaded, to tell the editor's own save from a change on disk. */
	private synced = "";
	private actions: HTMLElement;

	constructor(
		leaf: WorkspaceLeaf,
		file: TFile,
		private readonly vault: Vault,
	) {
		super(leaf);
		this.file = file;
		this.editor = new Editor(() => this.requestSave());
		this.actions = (this.containerEl.querySelector(".view-header") ?? this.containerEl).appendChild(document.createElement("div"));
		this.actions.className = "view-actions";
		const onModify = (changed: unknown) => {
			if (changed !== this.file) return;
			const disk = vault.text(file.path) ?? "";
			if (disk === this.synced) return;
			// A change on disk that this editor did not write: reload, as Obsidian does; the cursor,
			// selection and folds are lost, and so is anything typed since the last save.
			this.synced = disk;
			this.editor.setValue(Editor.docOf(disk));
		};
		vault.on("modify", onModify);
		this.register(() => vault.off("modify", onModify));
	}

	getViewType(): string {
		return "markdown";
	}

	getDisplayText(): string {
		return this.file?.basename ?? "";
	}

	getMode(): "source" | "preview" {
		return "source";
	}

	/** Loads the file's text into the editor. */
	async loadFile(): Promise<void> {
		if (!this.file) return;
		const disk = await this.vault.read(this.file as unknown as O.TFile);
		this.synced = disk;
		this.editor.setValue(Editor.docOf(disk));
	}

	/** A header action (an icon button); on mobile the header is where actions live. */
	addAction(icon: string, title: string, callback: (evt: MouseEvent) => unknown): HTMLElement {
		const el = this.actions.appendChild(document.createElement("button"));
		el.className = "clickable-icon view-action";
		el.dataset.icon = icon;
		el.setAttribute("aria-label", title);
		el.addEventListener("click", callback);
		return el;
	}

	/** Header actions shown, for the tests. */
	actionEls(): HTMLElement[] {
		return [...this.actions.querySelectorAll<HTMLElement>(".view-action")];
	}

	requestSave(): void {
		if (this.saveTimer !== null) window.clearTimeout(this.saveTimer);
		this.saveTimer = window.setTimeout(() => void this.save(), EDITOR_SAVE_MS);
	}

	/** Writes the editor's text to the file now (what the pause does, or closing the tab). */
	async save(): Promise<void> {
		if (this.saveTimer !== null) window.clearTimeout(this.saveTimer);
		this.saveTimer = null;
		if (!this.file) return;
		const text = this.editor.getValue();
		if (text === Editor.docOf(this.synced)) return;
		this.synced = text;
		await this.vault.modify(this.file as unknown as O.TFile, text);
	}
}
