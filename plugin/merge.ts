/**
 * Merging one person into another (`rapport merge`): a picker for the person kept, a preview of
 * every file the merge touches with each edit and the conflicts, then one write per note (the
 * core's edits recomputed on the text the write hands over: see `rewrite`), the merged note moved
 * to the trash through Obsidian's file manager (the user's "Deleted files" setting), and a notice
 * whose Undo puts every note back as it was before, as long as the notice is up.
 */
import { type App, Component, Modal, Notice, SuggestModal, TFile } from "obsidian";
import type { MergeEdits, MergePlan, Person } from "../pkg/rapport";
import type { RapportApi } from "./api";
import { applyTextEdit, rewrite, WriteError } from "./edits";
import { plural } from "./render";

/** How long the Undo notice stays up; the texts before the merge are kept that long. */
export const UNDO_MS = 60_000;

/** `text` with the edits applied (in text order, not overlapping). */
export function applyMergeEdits(text: string, edits: MergeEdits): string {
	let next = text;
	for (const edit of [...edits.edits].reverse()) next = applyTextEdit(next, edit);
	return next;
}

/** One note of the preview: its file, and its edits on the text read for it. */
interface NotePreview {
	path: string;
	edits: MergeEdits;
}

/** What a written note was before and after, for Undo. */
interface Written {
	path: string;
	before: string;
	after: string;
}

/** Picks the person kept; the merged person is the one the command runs on. */
export class KeepPicker extends SuggestModal<Person> {
	constructor(
		app: App,
		private readonly api: RapportApi,
		private readonly mergedPath: string,
		private readonly refresh: (file: TFile) => Promise<void>,
	) {
		super(app);
		this.setPlaceholder("Merge into whom? Type a name or an alias");
		this.emptyStateText = "No other person has that name or alias.";
	}

	getSuggestions(query: string): Person[] {
		const q = query.trim().toLowerCase();
		const people = this.api.core.run((index) => index.people(), [] as Person[]);
		return people.filter((p) => p.path !== this.mergedPath && (q === "" || [p.name, ...p.aliases].some((n) => n.toLowerCase().includes(q))));
	}

	renderSuggestion(person: Person, el: HTMLElement): void {
		el.createDiv({ text: person.name });
		el.createEl("small", { cls: "rapport-muted", text: person.path });
	}

	onChooseSuggestion(person: Person): void {
		new MergePreviewModal(this.app, this.api, person.path, this.mergedPath, this.refresh).open();
	}
}

/** The files the merge touches, each edit and the conflicts; Merge or Cancel. */
export class MergePreviewModal extends Modal {
	private closed = false;
	/** The buttons' listeners: a modal is no Component, so it owns one, unloaded when it closes. */
	private readonly listeners = new Component();

	constructor(
		app: App,
		private readonly api: RapportApi,
		private readonly keptPath: string,
		private readonly mergedPath: string,
		private readonly refresh: (file: TFile) => Promise<void>,
	) {
		super(app);
	}

	onOpen(): void {
		this.setTitle("Merge people");
		this.contentEl.addClass("rapport-merge-modal");
		this.listeners.load();
		void this.render();
	}

	onClose(): void {
		this.closed = true;
		this.listeners.unload();
		this.contentEl.empty();
	}

	private async render(): Promise<void> {
		const { contentEl } = this;
		contentEl.empty();
		let plan: MergePlan;
		try {
			plan = this.api.core.run((index) => index.mergePlan(this.keptPath, this.mergedPath), null as unknown as MergePlan, true);
		} catch (error) {
			contentEl.createDiv({ cls: "rapport-error", text: error instanceof Error ? error.message : String(error) });
			return;
		}
		if (!plan) {
			contentEl.createDiv({ cls: "rapport-empty rapport-not-ready", text: this.api.waitingText() });
			return;
		}
		contentEl.createDiv({ cls: "rapport-muted", text: "Reading the notes the merge touches…" });
		const texts = await readAll(this.app, plan.paths);
		if (this.closed) return;
		contentEl.empty();
		const mergedText = texts.get(plan.merged.path);
		const unread = plan.paths.filter((p) => !texts.has(p));
		if (mergedText === undefined || unread.length > 0) {
			contentEl.createDiv({ cls: "rapport-error rapport-merge-unread", text: `Could not read ${unread.join(", ")}, so nothing can be merged. Try again.` });
			return;
		}
		const previews: NotePreview[] = [];
		for (const path of plan.paths) {
			if (path === plan.merged.path) continue;
			const text = texts.get(path) ?? "";
			const edits = this.api.core.run((index) => index.mergeEdits(plan.kept.path, plan.merged.path, path, text, mergedText), { edits: [], conflicts: [] });
			if (edits.edits.length > 0 || edits.conflicts.length > 0) previews.push({ path, edits });
		}
		const changing = previews.filter((p) => p.edits.edits.length > 0).length;
		contentEl.createDiv({
			cls: "rapport-merge-summary",
			text: `${plan.merged.name} is merged into ${plan.kept.name}: ${plural(changing, "note changes", "notes change")}, and ${plan.merged.path} goes to the trash.`,
		});
		for (const { path, edits } of previews) {
			const group = contentEl.createDiv({ cls: "rapport-merge-note" });
			group.dataset.path = path;
			group.createDiv({ cls: "rapport-report-path", text: path });
			const list = group.createEl("ul");
			for (const edit of edits.edits) list.createEl("li", { cls: "rapport-merge-edit", text: edit.description });
			for (const c of edits.conflicts) {
				const kept = c.kept === null ? "" : `; ${plan.kept.name} keeps “${c.kept}”`;
				list.createEl("li", { cls: "rapport-merge-conflict", text: `Not merged: ${c.field} “${c.merged}”${kept}` });
			}
		}
		const trash = contentEl.createDiv({ cls: "rapport-merge-note rapport-merge-trash" });
		trash.dataset.path = plan.merged.path;
		trash.createDiv({ cls: "rapport-report-path", text: plan.merged.path });
		trash.createEl("ul").createEl("li", { text: "Moved to the trash" });
		const buttons = contentEl.createDiv({ cls: "modal-button-container" });
		const merge = buttons.createEl("button", { cls: "mod-cta rapport-merge-apply", text: "Merge" });
		const cancel = buttons.createEl("button", { cls: "rapport-merge-cancel", text: "Cancel" });
		this.listeners.registerDomEvent(cancel, "click", () => this.close());
		this.listeners.registerDomEvent(merge, "click", () => {
			merge.disabled = true;
			this.close();
			void runMerge(this.app, this.api, plan, this.refresh);
		});
	}
}

/** The texts of `paths` that could be read. */
async function readAll(app: App, paths: string[]): Promise<Map<string, string>> {
	const texts = new Map<string, string>();
	for (const path of paths) {
		const file = app.vault.getAbstractFileByPath(path);
		if (!(file instanceof TFile)) continue;
		try {
			texts.set(path, await app.vault.read(file));
		} catch (error) {
			console.warn(`Rapport: could not read ${path} for the merge.`, error);
		}
	}
	return texts;
}

/**
 * Writes the merge: each note through `rewrite` with its edits recomputed on the text handed over,
 * keeping what it was and what it became; then the merged note to the trash; then the notice.
 */
async function runMerge(app: App, api: RapportApi, plan: MergePlan, refresh: (file: TFile) => Promise<void>): Promise<void> {
	const mergedFile = app.vault.getAbstractFileByPath(plan.merged.path);
	if (!(mergedFile instanceof TFile)) {
		new Notice(`Rapport: "${plan.merged.path}" is no longer in the vault, so nothing was merged.`);
		return;
	}
	let mergedText: string;
	try {
		mergedText = await app.vault.read(mergedFile);
	} catch (error) {
		console.error("Rapport: could not read the merged note.", error);
		new Notice(`Rapport: could not read "${mergedFile.basename}", so nothing was merged. Try again.`, 10_000);
		return;
	}
	const written: Written[] = [];
	const failed: string[] = [];
	for (const path of plan.paths) {
		if (path === plan.merged.path) continue;
		const file = app.vault.getAbstractFileByPath(path);
		if (!(file instanceof TFile)) continue;
		let before = "";
		let after = "";
		try {
			const changed = await rewrite(app, file, (text) => {
				const edits = api.core.run((index) => index.mergeEdits(plan.kept.path, plan.merged.path, path, text, mergedText), null, true);
				before = text;
				after = edits ? applyMergeEdits(text, edits) : text;
				return after;
			});
			if (changed) written.push({ path, before, after });
		} catch (error) {
			console.error(`Rapport: merging into ${path} failed.`, error instanceof WriteError ? error.reason : error);
			if (error instanceof WriteError && error.inEditor) written.push({ path, before, after });
			failed.push(file.basename);
			continue;
		}
		try {
			await refresh(file);
		} catch (error) {
			console.warn("Rapport: could not re-read a note after merging into it; it will be indexed with the next change.", error);
		}
	}
	if (failed.length > 0) {
		// The merged note stays where it is while a note that links it could not be changed; the
		// notes already written can be put back (or the merge run again: it adds nothing twice).
		const saying = `Rapport: could not save ${failed.map((n) => `"${n}"`).join(", ")}; "${mergedFile.basename}" stays in the vault. Check that the files can be written, then merge again.`;
		if (written.length === 0) new Notice(saying, 10_000);
		else undoNotice(app, plan, written, null, refresh, `${saying} ${plural(written.length, "note was", "notes were")} changed. `);
		return;
	}
	try {
		await app.fileManager.trashFile(mergedFile);
	} catch (error) {
		console.error("Rapport: could not move the merged note to the trash.", error);
		new Notice(`Rapport: merged, but "${mergedFile.basename}" could not be moved to the trash; delete it yourself.`, 10_000);
		return;
	}
	undoNotice(app, plan, written, mergedText, refresh, `Rapport: merged ${plan.merged.name} into ${plan.kept.name} (${plural(written.length, "note", "notes")} changed; ${plan.merged.path} is in the trash). `);
}

/**
 * The notice after a merge, with Undo; the texts are dropped when it goes. `mergedText` is the
 * merged note's text when it went to the trash (Undo recreates it), null when it stayed.
 */
function undoNotice(app: App, plan: MergePlan, written: Written[], mergedText: string | null, refresh: (file: TFile) => Promise<void>, saying: string): void {
	let kept: { written: Written[]; mergedText: string | null } | null = { written, mergedText };
	const fragment = createFragment((f) => {
		const message = f.createSpan({ cls: "rapport-merge-notice" });
		message.createSpan({ text: saying });
		const undo = message.createEl("button", { cls: "rapport-merge-undo", text: "Undo" });
		undo.addEventListener("click", () => {
			const texts = kept;
			kept = null;
			if (texts) void undoMerge(app, plan, texts.written, texts.mergedText, refresh);
		});
		// A click on the notice dismisses it in Obsidian: the texts go with it.
		message.addEventListener("click", () => {
			kept = null;
		});
	});
	const notice = new Notice(fragment, UNDO_MS);
	window.setTimeout(() => {
		kept = null;
		notice.hide();
	}, UNDO_MS);
}

/**
 * Puts every note back as it was before the merge, when it is still as the merge left it (a note
 * edited since is left, and named), and recreates the merged note at its path.
 */
async function undoMerge(app: App, plan: MergePlan, written: Written[], mergedText: string | null, refresh: (file: TFile) => Promise<void>): Promise<void> {
	const left: string[] = [];
	for (const w of written) {
		const file = app.vault.getAbstractFileByPath(w.path);
		if (!(file instanceof TFile)) {
			left.push(w.path);
			continue;
		}
		let restored = false;
		try {
			await rewrite(app, file, (text) => {
				restored = text === w.after;
				return restored ? w.before : text;
			});
		} catch (error) {
			console.error(`Rapport: undoing the merge in ${w.path} failed.`, error);
			restored = false;
		}
		if (!restored) left.push(w.path);
		else await refresh(file).catch(() => undefined);
	}
	let recreated = true;
	if (mergedText === null) {
		// The merge stopped before the merged note went to the trash: it is where it was.
	} else if (app.vault.getAbstractFileByPath(plan.merged.path)) recreated = false;
	else {
		try {
			await app.vault.create(plan.merged.path, mergedText);
		} catch (error) {
			console.error("Rapport: could not recreate the merged note.", error);
			recreated = false;
		}
	}
	const parts: string[] = [];
	if (left.length > 0) parts.push(`left ${left.join(", ")} as ${left.length === 1 ? "it is" : "they are"}: changed since the merge`);
	if (!recreated) parts.push(`could not recreate ${plan.merged.path} (restore it from the trash)`);
	const done = mergedText === null ? "Rapport: merge undone." : `Rapport: merge undone; ${plan.merged.path} is back.`;
	new Notice(parts.length === 0 ? done : `Rapport: merge undone, but ${parts.join("; ")}.`, parts.length > 0 ? 10_000 : undefined);
}
