/**
 * Migration off Dataview: a preview of the ```dataview blocks of people notes that ```rapport
 * blocks replace (and of those left, with why), then one write per note, whose blocks the core
 * computes again on the note's text at that moment (`migrationPlan` inside Vault.process, or on
 * the open editor's text: see `writeEdit`).
 */
import { type App, Component, Modal, Notice, TFile } from "obsidian";
import type { MigrationPlan } from "../pkg/rapport";
import type { RapportApi } from "./api";
import { applyTextEdit, rewrite, WriteError } from "./edits";
import { plural } from "./render";

/** A people note with Dataview blocks, and its plan on the text read for the preview. */
interface NotePlan {
	file: TFile;
	plan: MigrationPlan;
}

/** What the preview found: the notes with blocks, and the people notes that could not be read. */
interface Preview {
	notes: NotePlan[];
	unread: string[];
}

/** `text` with every block of `plan` replaced (the blocks are in text order and never overlap). */
export function applyPlan(text: string, plan: MigrationPlan): string {
	let next = text;
	for (const block of [...plan.blocks].reverse()) next = applyTextEdit(next, block);
	return next;
}

/** Reads every people note the index knows and asks the core for its plan. */
async function preview(app: App, api: RapportApi): Promise<Preview> {
	const people = api.core.run((index) => index.people(), []);
	const notes: NotePlan[] = [];
	const unread: string[] = [];
	for (const person of people) {
		const file = app.vault.getAbstractFileByPath(person.path);
		if (!(file instanceof TFile)) continue;
		let text: string;
		try {
			text = await app.vault.cachedRead(file);
		} catch (error) {
			console.warn(`Rapport: could not read ${file.path} for the migration preview.`, error);
			unread.push(file.path);
			continue;
		}
		const plan = api.core.run((index) => index.migrationPlan(file.path, text), null);
		if (plan && (plan.blocks.length > 0 || plan.skipped.length > 0)) notes.push({ file, plan });
	}
	return { notes, unread };
}

/** What the writes did, for the one notice. */
interface Outcome {
	blocks: number;
	notes: number;
	failed: string[];
}

/**
 * Migrates each note: one write per note, its blocks recomputed by the core on the text the write
 * hands over, so a note edited since the preview is migrated as it is now (or left, when its
 * blocks are gone). `refresh` brings the index up to a written note.
 */
async function migrate(app: App, api: RapportApi, notes: NotePlan[], refresh: (file: TFile) => Promise<void>): Promise<Outcome> {
	const outcome: Outcome = { blocks: 0, notes: 0, failed: [] };
	for (const { file } of notes) {
		let blocks = 0;
		try {
			const changed = await rewrite(app, file, (text) => {
				const plan = api.core.run((index) => index.migrationPlan(file.path, text), null, true);
				blocks = plan?.blocks.length ?? 0;
				return plan ? applyPlan(text, plan) : text;
			});
			if (!changed) continue;
			outcome.blocks += blocks;
			outcome.notes += 1;
		} catch (error) {
			console.error(`Rapport: migrating ${file.path} failed.`, error instanceof WriteError ? error.reason : error);
			// In the editor but not saved yet is migrated: the editor saves it with the next edit.
			if (error instanceof WriteError && error.inEditor) {
				outcome.blocks += blocks;
				outcome.notes += 1;
			}
			outcome.failed.push(file.basename);
			continue;
		}
		try {
			await refresh(file);
		} catch (error) {
			console.warn("Rapport: could not re-read a note after migrating it; it will be indexed with the next change.", error);
		}
	}
	return outcome;
}

/** The one notice after the writes. */
function say(outcome: Outcome): string {
	const done =
		outcome.blocks > 0 ? `Rapport: migrated ${plural(outcome.blocks, "Dataview block", "Dataview blocks")} in ${plural(outcome.notes, "note", "notes")}.` : "Rapport: no Dataview block was migrated.";
	if (outcome.failed.length === 0) return done;
	const names = outcome.failed.map((n) => `"${n}"`).join(", ");
	return `${done} Could not save ${names}, so ${outcome.failed.length === 1 ? "it is" : "they are"} as before. Check that ${outcome.failed.length === 1 ? "the file" : "the files"} can be written, then run the command again.`;
}

/** The preview, and the migration once the user confirms it. */
export class MigrateModal extends Modal {
	/** Set when the modal closes: a preview still reading is not shown. */
	private closed = false;
	/** The buttons' listeners: a modal is no Component, so it owns one, unloaded when it closes. */
	private readonly listeners = new Component();

	constructor(
		app: App,
		private readonly api: RapportApi,
		private readonly refresh: (file: TFile) => Promise<void>,
	) {
		super(app);
	}

	onOpen(): void {
		this.setTitle("Migrate dataview blocks of people notes");
		this.contentEl.addClass("rapport-migrate-modal");
		this.listeners.load();
		void this.render();
	}

	private async render(): Promise<void> {
		const { contentEl } = this;
		contentEl.empty();
		if (!this.api.isReady()) {
			// A half-read vault would miss people notes: say so rather than preview part of it.
			contentEl.createDiv({ cls: "rapport-empty rapport-not-ready", text: `Rapport cannot look for Dataview blocks until its index is ready. ${this.api.waitingText()}` });
			return;
		}
		contentEl.createDiv({ cls: "rapport-muted", text: "Reading people notes…" });
		const found = await preview(this.app, this.api);
		if (this.closed) return;
		contentEl.empty();
		const blocks = found.notes.reduce((n, p) => n + p.plan.blocks.length, 0);
		const skipped = found.notes.reduce((n, p) => n + p.plan.skipped.length, 0);
		const changing = found.notes.filter((p) => p.plan.blocks.length > 0);
		const summary = contentEl.createDiv({ cls: "rapport-migrate-summary" });
		summary.setText(
			blocks === 0 && skipped === 0
				? "No people note has a Dataview block."
				: `${plural(blocks, "block", "blocks")} to migrate in ${plural(changing.length, "people note", "people notes")}; ${plural(skipped, "block", "blocks")} left as ${skipped === 1 ? "it is" : "they are"}.`,
		);
		if (found.unread.length > 0) {
			contentEl.createDiv({ cls: "rapport-migrate-unread rapport-error", text: `Could not read ${plural(found.unread.length, "people note", "people notes")}, left out: ${found.unread.join(", ")}.` });
		}
		for (const { file, plan } of found.notes) {
			const group = contentEl.createDiv({ cls: "rapport-migrate-note" });
			group.dataset.path = file.path;
			group.createDiv({ cls: "rapport-report-path", text: file.path });
			const rows = [...plan.blocks.map((b) => ({ line: b.line, block: b })), ...plan.skipped.map((s) => ({ line: s.line, skip: s }))].sort((a, b) => a.line - b.line);
			for (const row of rows) {
				if ("block" in row && row.block) {
					const el = group.createDiv({ cls: "rapport-migrate-block" });
					el.dataset.line = String(row.line);
					el.dataset.kind = row.block.kind;
					el.createDiv({ text: `Line ${row.line}: becomes a ${row.block.kind} block` });
					el.createEl("pre", { cls: "rapport-migrate-insert", text: row.block.insert });
				} else if ("skip" in row && row.skip) {
					const el = group.createDiv({ cls: "rapport-migrate-skipped" });
					el.dataset.line = String(row.line);
					el.createDiv({ text: `Line ${row.line}: left as it is. ${row.skip.reason}` });
				}
			}
		}
		const buttons = contentEl.createDiv({ cls: "modal-button-container" });
		const apply = buttons.createEl("button", { cls: "mod-cta rapport-migrate-apply", text: blocks > 0 ? `Migrate ${plural(blocks, "block", "blocks")}` : "Nothing to migrate" });
		apply.disabled = blocks === 0;
		const cancel = buttons.createEl("button", { cls: "rapport-migrate-cancel", text: "Cancel" });
		this.listeners.registerDomEvent(cancel, "click", () => this.close());
		this.listeners.registerDomEvent(apply, "click", () => {
			apply.disabled = true;
			this.close();
			void migrate(this.app, this.api, changing, this.refresh).then((outcome) => {
				new Notice(say(outcome), outcome.failed.length > 0 ? 10_000 : undefined);
			});
		});
	}

	onClose(): void {
		this.closed = true;
		this.listeners.unload();
		this.contentEl.empty();
	}
}
