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

/**
 * Offsets and positions over a text, counted in UTF-16 code units as CodeMirror counts them. A
 * position outside the document throws, as CodeMirror's `Text.line` and `Text.lineAt` do
 * ("Invalid line number", "Invalid position").
 */
function offsetToPos(text: string, offset: number): O.EditorPosition {
	if (!Number.isInteger(offset) || offset < 0 || offset > text.length) throw new RangeError(`Invalid position ${offset} in document of length ${text.length}`);
	const before = text.slice(0, offset);
	const line = before.split("\n").length - 1;
	return { line, ch: before.length - (before.lastIndexOf("\n") + 1) };
}

function posToOffset(text: string, pos: O.EditorPosition): number {
	const lines = text.split("\n");
	if (!Number.isInteger(pos.line) || pos.line < 0 || pos.line >= lines.length) throw new RangeError(`Invalid line number ${pos.line + 1} in ${lines.length}-line document`);
	let offset = 0;
	for (let i = 0; i < pos.line; i++) offset += lines[i].length + 1;
	// CodeMirror clips a column past the end of its line to the line's end.
	return offset + Math.max(0, Math.min(pos.ch, lines[pos.line].length));
}

/** One change of a transaction, in offsets of the text before it. */
interface Change {
	from: number;
	to: number;
	text: string;
}

/**
 * Where `pos` lands after `changes` (sorted, not overlapping, in offsets of the text before
 * them), as CodeMirror's `ChangeDesc.mapPos` maps it: `assoc` < 0 keeps a position before an
 * insertion made at it; a position inside a replaced range goes to the start of the replacement
 * (assoc < 0) or its end (assoc > 0); the start of a replaced range stays at its start.
 */
function mapPos(changes: Change[], pos: number, assoc: -1 | 1): number {
	let delta = 0;
	for (const c of changes) {
		if (pos < c.from) break;
		const removed = c.to - c.from;
		if (pos < c.to || (pos === c.to && assoc < 0 && removed === 0)) return pos === c.from || assoc < 0 ? c.from + delta : c.from + delta + c.text.length;
		delta += c.text.length - removed;
	}
	return pos + delta;
}

export class Editor implements Pick<O.Editor, "getValue" | "setValue" | "getLine" | "lineCount" | "offsetToPos" | "posToOffset" | "getCursor" | "setCursor" | "getSelection" | "setSelection" | "listSelections" | "replaceRange" | "transaction"> {
	private text = "";
	private anchor = 0;
	private head = 0;
	/**
	 * Folded ranges (from the end of a heading's line to the end of its section, in offsets), which
	 * a reload forgets and an edit maps, as CodeMirror's fold state does.
	 */
	private folded: { from: number; to: number }[] = [];
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

	/** Replaces the whole document: the cursor goes to the start and the folds are gone. */
	setValue(content: string): void {
		this.text = content.replace(/\r\n?/g, "\n");
		this.anchor = this.head = 0;
		this.folded = [];
	}

	/** A line outside the document throws, as CodeMirror's `Text.line` does. */
	getLine(line: number): string {
		const lines = this.text.split("\n");
		if (!Number.isInteger(line) || line < 0 || line >= lines.length) throw new RangeError(`Invalid line number ${line + 1} in ${lines.length}-line document`);
		return lines[line];
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

	/** Folds the lines after `line` up to `lastLine` (what clicking a heading's fold arrow does). */
	fold(line: number, lastLine: number): void {
		const from = this.posToOffset({ line, ch: this.getLine(line).length });
		const to = this.posToOffset({ line: lastLine, ch: this.getLine(lastLine).length });
		if (to > from) this.folded.push({ from, to });
	}

	/** The folds, as the first and last line of each, for the tests. */
	folds(): { line: number; lastLine: number }[] {
		return this.folded.map((f) => ({ line: this.offsetToPos(f.from).line, lastLine: this.offsetToPos(f.to).line }));
	}

	replaceRange(replacement: string, from: O.EditorPosition, to?: O.EditorPosition, origin?: string): void {
		this.transaction({ changes: [{ from, to, text: replacement }] }, origin);
	}

	/**
	 * Applies changes given against the text before the transaction, as CodeMirror does
	 * (`ChangeSet.of`): a range outside the document or overlapping another throws; inserted line
	 * breaks become "\n"; the selection maps through the changes (a cursor with assoc -1; a range's
	 * start with 1 and its end with -1, so text inserted at its edges stays outside it) and so do
	 * the folds (a fold whose range is replaced away is gone).
	 */
	transaction(tx: O.EditorTransaction, origin?: string): void {
		// What CodeMirror does with these depends on details the harness does not model; fail loudly
		// rather than pretend.
		if (tx.selection !== undefined || tx.selections !== undefined || tx.replaceSelection !== undefined) {
			throw new Error("The harness models EditorTransaction.changes only; model selection/replaceSelection before relying on them.");
		}
		const changes: Change[] = (tx.changes ?? [])
			.map((c) => ({ from: this.posToOffset(c.from), to: this.posToOffset(c.to ?? c.from), text: c.text.replace(/\r\n?/g, "\n") }))
			.sort((a, b) => a.from - b.from);
		for (const [i, c] of changes.entries()) {
			if (c.to < c.from) throw new RangeError(`Invalid change range ${c.from} to ${c.to}`);
			if (i > 0 && c.from < changes[i - 1].to) throw new RangeError("The harness does not model overlapping changes in one transaction");
		}
		let next = "";
		let at = 0;
		for (const c of changes) {
			next += this.text.slice(at, c.from) + c.text;
			at = c.to;
		}
		this.text = next + this.text.slice(at);
		if (this.anchor === this.head) {
			this.anchor = this.head = mapPos(changes, this.head, -1);
		} else {
			const forward = this.anchor < this.head;
			const from = mapPos(changes, Math.min(this.anchor, this.head), 1);
			const to = Math.max(from, mapPos(changes, Math.max(this.anchor, this.head), -1));
			[this.anchor, this.head] = forward ? [from, to] : [to, from];
		}
		this.folded = this.folded.map((f) => ({ from: mapPos(changes, f.from, 1), to: mapPos(changes, f.to, -1) })).filter((f) => f.to > f.from);
		this.edits.push({ origin });
		this.changed();
	}

	/**
	 * The user types at the cursor (not saved until the pause); the cursor ends after the text, as
	 * CodeMirror's input handling sets it (a plain change at the cursor would leave it before).
	 */
	type(text: string): void {
		const at = this.head;
		this.transaction({ changes: [{ from: this.offsetToPos(at), text }] }, "+input");
		this.anchor = this.head = at + text.replace(/\r\n?/g, "\n").length;
	}
}

export class MarkdownView extends ItemView implements Pick<O.MarkdownView, "getViewType" | "getMode" | "getViewData" | "requestSave" | "save"> {
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

	/** What a save writes (obsidian.d.ts: "Gets the data from the editor"). */
	getViewData(): string {
		return this.editor.getValue();
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

	/** obsidian.d.ts, TextFileView.requestSave: "Debounced save in 2 seconds from now". */
	requestSave(): void {
		if (this.saveTimer !== null) window.clearTimeout(this.saveTimer);
		this.saveTimer = window.setTimeout(() => void this.save(), EDITOR_SAVE_MS);
	}

	/** Writes the editor's text to the file now (what the pause does, or closing the tab). */
	async save(): Promise<void> {
		if (this.saveTimer !== null) window.clearTimeout(this.saveTimer);
		this.saveTimer = null;
		if (!this.file) return;
		const text = this.getViewData();
		if (text === Editor.docOf(this.synced)) return;
		const before = this.synced;
		this.synced = text;
		try {
			await this.vault.modify(this.file as unknown as O.TFile, text);
		} catch (error) {
			// Not saved: the change is still only in the editor, and the next save tries again.
			this.synced = before;
			throw error;
		}
	}
}
