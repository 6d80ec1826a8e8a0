/**
 * Every write Rapport makes to a note: mark contacted, snooze, mark reviewed, complete a task, apply fixes. Each
 * is a text edit the core computes on the note's current text (the open editor's, or the file's
 * inside Vault.process: see `writeEdit`), so every other byte stays as it was and nothing is
 * written from a stale read.
 */
import { type App, Notice, TFile } from "obsidian";
import type { Diagnostic, Task, TextEdit } from "../pkg/rapport";
import type { CoreHost } from "./core";
import { applyTextEdit, pickFix, rewrite, WriteError, writeEdit } from "./edits";
import type { VaultIndexer } from "./indexer";
import { appendMarkedText, plural } from "./render";

/**
 * Fixes applied one by one after the core's fixAll, for diagnostics that rest on other notes
 * (fixAll sees the note alone). Bounded in case a fix does not make its diagnostic go away.
 */
const MAX_VAULT_FIXES = 20;

/** What to tell the user after a write: when it changed the note, and when there was nothing to do. */
interface Messages {
	done?: string;
	unchanged?: string;
}

export class NoteWriter {
	constructor(
		private readonly app: App,
		private readonly core: CoreHost,
		private readonly indexer: VaultIndexer,
		private readonly today: () => string,
	) {}

	/** Sets `last_contact` to today (adding the key if missing), keeping its quoting style. */
	markContacted(path: string): Promise<boolean> {
		return this.edit(path, (text) => this.core.run((index) => index.editMarkContacted(path, text, this.today()), null, true), {
			done: "Marked contacted today.",
			unchanged: "Already marked contacted today.",
		});
	}

	snooze(path: string, until: string): Promise<boolean> {
		return this.edit(path, (text) => this.core.run((index) => index.editSnooze(path, text, until), null, true), {
			done: `Snoozed until ${until}.`,
			unchanged: `Already snoozed until ${until}.`,
		});
	}

	/**
	 * Removes the `needs-review` tag from the tags property, whatever its form. A tag written only
	 * in the body is the user's text: the notice says so rather than "already reviewed".
	 */
	markReviewed(path: string): Promise<boolean> {
		return this.edit(path, (text) => this.core.run((index) => index.editMarkReviewed(path, text), null, true), {
			done: "Marked reviewed (the needs-review tag is removed).",
			unchanged: "The tags property has no needs-review tag; a #needs-review in the body is left for you to remove.",
		});
	}

	/** Whether the task was written as done (false: it moved or changed, and the user was told). */
	completeTask(task: Task): Promise<boolean> {
		return this.edit(task.path, (text) => this.core.run((index) => index.editCompleteTask(task.path, text, task.line, task.text, this.today()), null, true), {});
	}

	/** Applies the fix of `diagnostic`, recomputed on the current text: the one shown may be out of date. */
	applyFix(file: TFile, diagnostic: Diagnostic): Promise<boolean> {
		return this.edit(file.path, (text) => pickFix(this.currentDiagnostics(file.path, text), diagnostic), {
			unchanged: "Nothing to fix any more: the note has changed since.",
		});
	}

	/** Every mechanical fix of the note, in one write. Never rejects: a failure is told in a notice. */
	async fixAll(file: TFile): Promise<void> {
		if (this.unavailable()) return;
		let applied = 0;
		try {
			await rewrite(this.app, file, (text) => {
				const result = this.core.run((index) => index.fixAll(file.path, text, this.today()), { text, applied: 0 });
				let next = result.text;
				applied = result.applied;
				// What fixAll cannot see: fixes that rest on other notes, each computed on the text so far.
				for (let i = 0; i < MAX_VAULT_FIXES; i++) {
					const fix = this.currentDiagnostics(file.path, next).find((d) => d.fix)?.fix;
					if (!fix) break;
					next = applyTextEdit(next, fix);
					applied++;
				}
				return next;
			});
		} catch (error) {
			this.tellFailure(file, error);
			return;
		}
		if (applied > 0) await this.refresh(file);
		// Nothing applied because the core trapped is not "nothing to fix": the trap has its own notice.
		else if (!this.core.ready) return;
		new Notice(applied > 0 ? `Rapport: applied ${plural(applied, "fix", "fixes")}.` : "Rapport: nothing to fix mechanically.");
	}

	/**
	 * Diagnostics of the note at `path` as it reads now (`text`), with the whole vault as context:
	 * the index is brought up to `text` first, so fixes that rest on other notes (a newer meeting
	 * that links the person) are found too, which `diagnoseText` alone cannot see.
	 */
	private currentDiagnostics(path: string, text: string): Diagnostic[] {
		return this.core.run((index) => {
			index.upsert(path, text);
			return index.diagnostics(path, this.today());
		}, []);
	}

	/**
	 * Applies a core-computed edit to the note at `path`; says what happened in a notice, and
	 * reports a refusal (the core's error: the task moved, say) or a failed write the same way,
	 * once. Never rejects, so no caller is left waiting with a disabled button.
	 */
	private async edit(path: string, compute: (text: string) => TextEdit | null, say: Messages): Promise<boolean> {
		if (this.unavailable()) return false;
		const file = this.app.vault.getAbstractFileByPath(path);
		if (!(file instanceof TFile)) {
			new Notice(`Rapport: "${path}" is no longer in the vault, so nothing was changed.`);
			return false;
		}
		let changed: boolean;
		try {
			changed = await writeEdit(this.app, file, compute);
		} catch (error) {
			this.tellFailure(file, error);
			// In the editor but not saved yet is still changed: the editor saves it with the next edit.
			return error instanceof WriteError && error.inEditor;
		}
		if (changed) await this.refresh(file);
		// Unchanged because the core trapped is not "already done": the trap has its own notice.
		const message = changed ? say.done : this.core.ready ? say.unchanged : undefined;
		if (message) new Notice(`Rapport: ${message}`);
		return changed;
	}

	/**
	 * Every edit is computed by the core: without it (still loading, restarting, or stopped after
	 * repeated traps) nothing can be written, and a click must not pass in silence.
	 */
	private unavailable(): boolean {
		if (this.core.ready) return false;
		new Notice(
			this.core.stopped
				? 'Rapport stopped after repeated internal errors, so nothing was changed. Run "Rebuild the index" to try again.'
				: "Rapport is not ready yet (it is loading or restarting), so nothing was changed. Try again in a moment.",
		);
		return true;
	}

	/**
	 * Brings the index up to the note just written. A failed read here is not a failed write: the
	 * note changed, and the vault's modify event queues it for the indexer again.
	 */
	private async refresh(file: TFile): Promise<void> {
		try {
			await this.indexer.refresh(file);
		} catch (error) {
			console.warn("Rapport: could not re-read a note after writing it; it will be indexed with the next change.", error);
		}
	}

	/** One notice for a write that did not happen: what happened and what to do, in plain words. */
	private tellFailure(file: TFile, error: unknown): void {
		if (error instanceof WriteError) {
			console.error(`Rapport: writing ${file.path} failed.`, error.reason);
			new Notice(
				error.inEditor
					? `Rapport: the change is in the open note "${file.basename}", but Obsidian could not save it. Check that the file can be written; Obsidian saves it again with your next edit.`
					: `Rapport: could not save "${file.basename}", so it is as it was. Check that the file still exists and can be written (not read-only, not locked by a sync app), then try again.`,
				10_000,
			);
			return;
		}
		// The core refusing an edit (the task moved, say): its message says why, naming properties
		// in backticks, shown as code.
		const text = `Rapport: ${error instanceof Error ? error.message : String(error)}`;
		new Notice(createFragment((f) => appendMarkedText(f.createSpan(), text)));
	}
}
