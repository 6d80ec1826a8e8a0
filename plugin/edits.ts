/** Applying the core's text edits to notes, atomically, through Vault.process. */
import type { App, TFile } from "obsidian";
import type { Diagnostic, Fix, TextEdit } from "../pkg/rapport";

/** `text` with `edit` applied; offsets are UTF-16, as JavaScript strings count. */
export function applyTextEdit(text: string, edit: TextEdit): string {
	if (edit.from < 0 || edit.to < edit.from || edit.to > text.length) {
		throw new Error("Rapport computed an edit outside the note; nothing was written.");
	}
	return text.slice(0, edit.from) + edit.insert + text.slice(edit.to);
}

/**
 * Writes one core-computed edit to `file`. `compute` runs inside Vault.process on the note's
 * current text, so the edit is always computed on exactly the text it replaces; every other
 * byte stays as it was. Returns whether the note changed.
 */
export async function writeEdit(app: App, file: TFile, compute: (text: string) => TextEdit | null): Promise<boolean> {
	let changed = false;
	await app.vault.process(file, (text) => {
		const edit = compute(text);
		if (!edit) return text;
		const next = applyTextEdit(text, edit);
		changed = next !== text;
		return next;
	});
	return changed;
}

/** Replaces the whole note with what `compute` returns for its current text. */
export async function rewrite(app: App, file: TFile, compute: (text: string) => string): Promise<boolean> {
	let changed = false;
	await app.vault.process(file, (text) => {
		const next = compute(text);
		changed = next !== text;
		return next;
	});
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
