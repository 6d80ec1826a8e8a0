/**
 * Applying the core's text edits to notes: through the note's open editor when that is safe (so
 * the cursor, selection and folds stay where they were), through Vault.process otherwise.
 */
import { type App, MarkdownView, type TFile } from "obsidian";
import type { Diagnostic, Fix, TextEdit } from "../pkg/rapport";

/** `text` with `edit` applied; offsets are UTF-16, as JavaScript strings count. */
export function applyTextEdit(text: string, edit: TextEdit): string {
	if (edit.from < 0 || edit.to < edit.from || edit.to > text.length) {
		throw new Error("Rapport computed an edit outside the note; nothing was written.");
	}
	return text.slice(0, edit.from) + edit.insert + text.slice(edit.to);
}

/**
 * The one edit that turns `before` into `after`: their common start and end are kept, the rest
 * replaced. Never splits a surrogate pair, so the edit is always on whole characters.
 */
export function diffEdit(before: string, after: string): TextEdit | null {
	if (before === after) return null;
	let head = 0;
	const shorter = Math.min(before.length, after.length);
	while (head < shorter && before.charCodeAt(head) === after.charCodeAt(head)) head++;
	if (head > 0 && isHighSurrogate(before.charCodeAt(head - 1))) head--;
	let tail = 0;
	while (tail < shorter - head && before.charCodeAt(before.length - 1 - tail) === after.charCodeAt(after.length - 1 - tail)) tail++;
	if (tail > 0 && isLowSurrogate(before.charCodeAt(before.length - tail))) tail--;
	return { from: head, to: before.length - tail, insert: after.slice(head, after.length - tail) };
}

function isHighSurrogate(code: number): boolean {
	return code >= 0xd800 && code <= 0xdbff;
}

function isLowSurrogate(code: number): boolean {
	return code >= 0xdc00 && code <= 0xdfff;
}

/**
 * The note's file could not be read or written (or its editor could not save): Obsidian's own
 * error is in `reason`, for the console; the user is told in plain words.
 */
export class WriteError extends Error {
	constructor(
		readonly file: TFile,
		/** What Obsidian threw. */
		readonly reason: unknown,
		/** True when the edit is in the open editor but the save failed. */
		readonly inEditor = false,
	) {
		super(`Could not write ${file.path}`);
	}
}

/** The text CodeMirror holds for a file's text: lines joined by "\n", no byte order mark. */
function editorForm(fileText: string): string {
	return fileText.replace(/^\ufeff/, "").replace(/\r\n?/g, "\n");
}

/** The markdown views showing `file`. */
function editorsOf(app: App, file: TFile): MarkdownView[] {
	const views: MarkdownView[] = [];
	for (const leaf of app.workspace.getLeavesOfType("markdown")) {
		if (leaf.view instanceof MarkdownView && leaf.view.file?.path === file.path) views.push(leaf.view);
	}
	return views;
}

/**
 * Writes one core-computed edit to `file`, computed by `compute` on the note's current text, so
 * the edit always replaces exactly the text it was computed on and every other byte stays as it
 * was. Returns whether the note changed.
 *
 * Where the current text is, and so where the edit goes:
 * - The note is not open: the file, through Vault.process.
 * - The note is open in one editor: the editor's text is the current text (it holds typing not
 *   saved yet, which the file does not), so the edit is computed on it and applied through
 *   `editor.transaction`; CodeMirror maps the cursor, the selection and the folds through it, as
 *   the plugin guidelines ask ("prefer the Editor API to Vault.modify for the active file"). The
 *   editor then saves, so the index and the views see the change now.
 *   Exception: the editor shows the file unchanged but in its own form (the file has CRLF line
 *   endings or a byte order mark, which CodeMirror drops). An edit made there would make the
 *   editor save the whole note in its form, rewriting every line ending for one changed date, so
 *   the edit goes to the file instead; Obsidian reloads the editor, and the cursor goes to the
 *   start. Keeping the user's bytes matters more than keeping the cursor. (With typing not saved
 *   yet, the editor's save rewrites the note in its form anyway; the edit goes to the editor then.)
 *   Likewise when the editor is empty and the file is not: the view has not loaded the file yet,
 *   and is not saved either.
 * - The note is open in several editors: each holds its own text, and an edit applied to one
 *   could be lost by another's save, or applied twice if Obsidian syncs them. Every editor with
 *   typing not saved yet saves first (so none is lost), then the edit goes to the file through
 *   Vault.process, and Obsidian reloads the editors from it.
 */
export async function writeEdit(app: App, file: TFile, compute: (text: string) => TextEdit | null): Promise<boolean> {
	const editors = editorsOf(app, file);
	if (editors.length === 0) return writeInFile(app, file, compute);
	let disk: string;
	try {
		disk = await app.vault.read(file);
	} catch (error) {
		throw new WriteError(file, error);
	}
	// The editors are read after the await: the user may have typed meanwhile. A view that has not
	// loaded its file yet (just opened) shows nothing: an edit computed on that, or a save of it,
	// would replace the whole note.
	const loaded = editors.filter((view) => view.editor.getValue() !== "" || disk === "");
	if (editors.length === 1 && loaded.length === 1) {
		const text = loaded[0].editor.getValue();
		const formOnly = disk !== text && editorForm(disk) === text;
		if (!formOnly) return writeInEditor(loaded[0], file, compute);
	}
	try {
		// Only editors holding typing not saved yet: the others have nothing to save.
		for (const view of loaded) if (view.editor.getValue() !== editorForm(disk)) await view.save();
	} catch (error) {
		throw new WriteError(file, error);
	}
	return writeInFile(app, file, compute);
}

/** Replaces the whole note with what `compute` returns for its current text, as one edit. */
export function rewrite(app: App, file: TFile, compute: (text: string) => string): Promise<boolean> {
	return writeEdit(app, file, (text) => diffEdit(text, compute(text)));
}

async function writeInEditor(view: MarkdownView, file: TFile, compute: (text: string) => TextEdit | null): Promise<boolean> {
	const editor = view.editor;
	const text = editor.getValue();
	const edit = compute(text);
	if (!edit) return false;
	const next = applyTextEdit(text, edit);
	if (next === text) return false;
	editor.transaction({ changes: [{ from: editor.offsetToPos(edit.from), to: editor.offsetToPos(edit.to), text: edit.insert }] });
	try {
		await view.save();
	} catch (error) {
		throw new WriteError(file, error, true);
	}
	return true;
}

async function writeInFile(app: App, file: TFile, compute: (text: string) => TextEdit | null): Promise<boolean> {
	let changed = false;
	// An error from `compute` (the core refusing the edit) passes through as it is, and nothing is
	// written; Vault.process failing to read or write the file becomes a WriteError.
	let refusal: unknown = undefined;
	try {
		await app.vault.process(file, (text) => {
			try {
				const edit = compute(text);
				if (!edit) return text;
				const next = applyTextEdit(text, edit);
				changed = next !== text;
				return next;
			} catch (error) {
				refusal = error;
				throw error;
			}
		});
	} catch (error) {
		if (refusal !== undefined && error === refusal) throw error;
		throw new WriteError(file, error);
	}
	return changed;
}

/**
 * The fix, among `current` diagnostics, for the one the user clicked (`wanted`, possibly computed
 * on an older text): same code and field, on the same line when there are several.
 */
export function pickFix(current: Diagnostic[], wanted: Pick<Diagnostic, "code" | "field" | "line">): Fix | null {
	const same = current.filter((d) => d.fix && d.code === wanted.code && d.field === wanted.field);
	return (same.find((d) => d.line === wanted.line) ?? same[0])?.fix ?? null;
}
