/**
 * "Log this interaction" (`log-interaction`): meeting write-back. On a dated note, a preview of
 * the line each linked person's Recent Context gains (and the last contact it moves), each
 * person with a box to untick; on a people note, a form for a contact with no note of its own.
 * Every write is one Vault.process per person note (or its open editor, see `writeEdit`), with
 * the edits recomputed by the core on the text it hands over: never from the preview's read.
 */
import { type App, Modal, Notice, Setting, TFile } from "obsidian";
import type { LogEdits, LogPlan } from "../pkg/rapport";
import type { CoreHost } from "./core";
import { applyTextEdit, rewrite, WriteError } from "./edits";
import type { VaultIndexer } from "./indexer";
import { plural } from "./render";

/** What one person's write came to, for the closing notice. */
type Outcome = { name: string } & ({ kind: "written"; dateSkipped: string | null } | { kind: "unchanged" } | { kind: "skipped"; reason: string });

/** One person of the preview: what logging would do to their note as it read then. */
interface Row {
	path: string;
	name: string;
	preview: LogEdits | null;
	/** Why the note could not be read for the preview. */
	unreadable: string | null;
	ticked: boolean;
}

/** What is logged: the note linked (null from the people-note form), its day and its summary. */
interface Entry {
	notePath: string | null;
	date: string;
	summary: string;
}

export class InteractionLogger {
	constructor(
		private readonly app: App,
		private readonly core: CoreHost,
		private readonly indexer: VaultIndexer,
		private readonly today: () => string,
	) {}

	/** The command on `file`: the form on a people note, the preview on a dated note. Never rejects. */
	async run(file: TFile): Promise<void> {
		if (!this.core.ready) {
			new Notice("Rapport is not ready yet (it is loading or restarting), so nothing was logged. Try again in a moment.");
			return;
		}
		const person = this.core.run((index) => index.personForPath(file.path), null);
		if (person) {
			new LogContactModal(this.app, this.today(), person.name, (entry) => void this.apply(entry, [{ path: file.path, name: person.name }])).open();
			return;
		}
		let text: string;
		try {
			text = await this.app.vault.cachedRead(file);
		} catch (error) {
			console.error("Rapport: could not read the note to log", error);
			new Notice(`Rapport: could not read "${file.path}", so nothing was logged.`);
			return;
		}
		let plan: LogPlan | null;
		try {
			plan = this.core.run((index) => index.logPlan(file.path, text, this.today(), null), null, true);
		} catch (error) {
			new Notice(`Rapport: ${errorText(error)}.`);
			return;
		}
		if (!plan) return;
		if (plan.notYet) {
			new Notice(`Rapport: ${plan.notYet} Nothing was logged.`);
			return;
		}
		if (plan.people.length === 0) {
			new Notice(`Rapport: "${file.basename}" links no people, so there is nothing to log.`);
			return;
		}
		const entry: Entry = { notePath: plan.note, date: plan.date, summary: plan.summary };
		const rows: Row[] = [];
		for (const p of plan.people) rows.push(await this.previewRow(p.path, p.name, entry));
		new LogPreviewModal(this.app, plan, rows, (chosen) => void this.apply(entry, chosen)).open();
	}

	private async previewRow(path: string, name: string, entry: Entry): Promise<Row> {
		const file = this.app.vault.getAbstractFileByPath(path);
		try {
			if (!(file instanceof TFile)) throw new Error("no such file");
			const text = await this.app.vault.cachedRead(file);
			const preview = this.edits(path, text, entry);
			const ticked = preview !== null && preview.edits.length > 0;
			return { path, name, preview, unreadable: null, ticked };
		} catch (error) {
			console.error(`Rapport: could not read ${path} for the preview`, error);
			return { path, name, preview: null, unreadable: "its note could not be read", ticked: true };
		}
	}

	/** The core's edits for `text`, the person note as it reads now; null when the core is away. */
	private edits(path: string, text: string, entry: Entry): LogEdits | null {
		return this.core.run((index) => index.logEdits(path, text, entry.notePath, entry.date, entry.summary, this.today()), null, true);
	}

	/** Writes `entry` to each person note, each computed on its current text; one notice at the end. */
	async apply(entry: Entry, people: { path: string; name: string }[]): Promise<Outcome[]> {
		const outcomes: Outcome[] = [];
		for (const { path, name } of people) outcomes.push(await this.applyOne(path, name, entry));
		new Notice(summarize(outcomes));
		return outcomes;
	}

	private async applyOne(path: string, name: string, entry: Entry): Promise<Outcome> {
		if (!this.core.ready) return { name, kind: "skipped", reason: "Rapport is restarting" };
		const file = this.app.vault.getAbstractFileByPath(path);
		if (!(file instanceof TFile)) return { name, kind: "skipped", reason: "the note is no longer in the vault" };
		let last: LogEdits | null = null;
		let changed: boolean;
		try {
			changed = await rewrite(this.app, file, (text) => {
				last = this.edits(path, text, entry);
				let next = text;
				// The core's edits are in text order: applied from the last, each keeps the offsets of those before it.
				for (const edit of [...(last?.edits ?? [])].reverse()) next = applyTextEdit(next, edit);
				return next;
			});
		} catch (error) {
			console.error(`Rapport: could not log in ${path}`, error);
			const reason = error instanceof WriteError ? (error.inEditor ? "written in the editor, which could not save it yet" : "the note could not be written") : errorText(error);
			if (error instanceof WriteError && error.inEditor) return { name, kind: "written", dateSkipped: null };
			return { name, kind: "skipped", reason };
		}
		if (changed) {
			await this.refresh(file);
			return { name, kind: "written", dateSkipped: (last as LogEdits | null)?.skipped ?? null };
		}
		const skipped = (last as LogEdits | null)?.skipped;
		return skipped ? { name, kind: "skipped", reason: skipped } : { name, kind: "unchanged" };
	}

	private async refresh(file: TFile): Promise<void> {
		try {
			await this.indexer.refresh(file);
		} catch (error) {
			console.warn("Rapport: could not re-read a note after writing it; it will be indexed with the next change.", error);
		}
	}
}

function errorText(error: unknown): string {
	const text = error instanceof Error ? error.message : String(error);
	return text.replace(/[.\s]+$/, "");
}

/** The closing notice: who got the line, who was already up to date, who was skipped and why. */
export function summarize(outcomes: Outcome[]): string {
	const names = (kind: Outcome["kind"]) => outcomes.filter((o) => o.kind === kind).map((o) => o.name);
	const parts: string[] = [];
	const written = names("written");
	if (written.length > 0) parts.push(`logged for ${written.join(", ")}`);
	const same = names("unchanged");
	if (same.length > 0) parts.push(`already up to date: ${same.join(", ")}`);
	for (const o of outcomes) {
		if (o.kind === "skipped") parts.push(`skipped ${o.name}: ${o.reason.replace(/[.\s]+$/, "")}`);
		if (o.kind === "written" && o.dateSkipped) parts.push(`${o.name}'s ${o.dateSkipped.replace(/[.\s]+$/, "")}`);
	}
	if (parts.length === 0) return "Rapport: nobody was chosen, so nothing was logged.";
	const text = parts.join("; ");
	return `Rapport: ${text.charAt(0).toUpperCase()}${text.slice(1)}.`;
}

/** The preview on a dated note: a row per linked person, each with a box to untick. */
class LogPreviewModal extends Modal {
	constructor(
		app: App,
		private readonly plan: LogPlan,
		private readonly rows: Row[],
		private readonly onApply: (people: { path: string; name: string }[]) => void,
	) {
		super(app);
	}

	onOpen(): void {
		const { contentEl } = this;
		contentEl.addClass("rapport-log-modal");
		this.setTitle("Log this interaction");
		contentEl.createEl("p", { text: `${this.plan.note} (${this.plan.date}) links ${plural(this.rows.length, "person", "people")}.` });
		const list = contentEl.createDiv({ cls: "rapport-log-rows" });
		for (const row of this.rows) {
			const el = list.createDiv({ cls: "rapport-log-row", attr: { "data-path": row.path } });
			const label = el.createEl("label", { cls: "rapport-log-person" });
			const box = label.createEl("input", { type: "checkbox" });
			box.checked = row.ticked;
			const nothing = row.preview !== null && row.preview.edits.length === 0;
			box.disabled = nothing;
			box.addEventListener("change", () => (row.ticked = box.checked));
			label.createSpan({ text: row.name });
			const what = el.createDiv({ cls: "rapport-log-changes" });
			if (row.unreadable) what.createDiv({ cls: "rapport-log-skip", text: `Could not be previewed: ${row.unreadable}.` });
			const p = row.preview;
			if (p?.line) what.createDiv({ cls: "rapport-log-line", text: p.line });
			if (p?.lastContact) what.createDiv({ cls: "rapport-log-date", text: `Last contact → ${p.lastContact}` });
			if (p?.skipped) what.createDiv({ cls: "rapport-log-skip", text: p.skipped });
			if (nothing && !p?.skipped) what.createDiv({ cls: "rapport-log-none rapport-muted", text: "Already up to date." });
		}
		new Setting(contentEl)
			.addButton((b) => b.setButtonText("Cancel").onClick(() => this.close()))
			.addButton((b) =>
				b
					.setButtonText("Apply")
					.setCta()
					.onClick(() => {
						const chosen = this.rows.filter((r) => r.ticked).map((r) => ({ path: r.path, name: r.name }));
						this.close();
						this.onApply(chosen);
					}),
			);
	}

	onClose(): void {
		this.contentEl.empty();
	}
}

/** The form on a people note: the day (today by default), a summary and an optional note to link. */
class LogContactModal extends Modal {
	constructor(
		app: App,
		private readonly today: string,
		private readonly name: string,
		private readonly onApply: (entry: Entry) => void,
	) {
		super(app);
	}

	onOpen(): void {
		const { contentEl } = this;
		contentEl.addClass("rapport-log-contact-modal");
		this.setTitle(`Log an interaction with ${this.name}`);
		let date = this.today;
		let summary = "";
		let link = "";
		const error = contentEl.createEl("p", { cls: "rapport-log-error" });
		new Setting(contentEl).setName("Date").addText((t) => {
			t.inputEl.type = "date";
			t.inputEl.addClass("rapport-log-date-input");
			t.setValue(date).onChange((v) => (date = v));
		});
		new Setting(contentEl).setName("Summary").addText((t) => {
			t.inputEl.addClass("rapport-log-summary-input");
			t.setPlaceholder("Coffee; talked about the move").onChange((v) => (summary = v));
		});
		new Setting(contentEl)
			.setName("Link a note")
			.setDesc("Optional: the note of this interaction, by path or name.")
			.addText((t) => {
				t.inputEl.addClass("rapport-log-link-input");
				t.setPlaceholder("A note, by path or name").onChange((v) => (link = v));
			});
		new Setting(contentEl).addButton((b) =>
			b
				.setButtonText("Log")
				.setCta()
				.onClick(() => {
					if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) {
						error.setText("Choose a date.");
						return;
					}
					const note = link.trim() === "" ? null : this.resolve(link.trim());
					if (link.trim() !== "" && !note) {
						error.setText(`No note "${link.trim()}" in the vault.`);
						return;
					}
					if (!note && summary.trim() === "") {
						error.setText("Write a summary or link a note.");
						return;
					}
					this.close();
					this.onApply({ notePath: note, date, summary: summary.trim() });
				}),
		);
	}

	/** The note a path or name designates (`[[…]]` and an alias allowed): by path, else by name. */
	private resolve(link: string): string | null {
		const target = link.replace(/^\[\[/, "").replace(/\]\]$/, "").split("|")[0].split("#")[0].trim();
		const vault = this.app.vault;
		for (const path of [target, `${target}.md`]) if (vault.getAbstractFileByPath(path) instanceof TFile) return path;
		const name = target.replace(/\.md$/i, "").toLowerCase();
		const found = vault
			.getMarkdownFiles()
			.filter((f) => f.basename.toLowerCase() === name)
			.sort((a, b) => a.path.localeCompare(b.path));
		return found[0]?.path ?? null;
	}

	onClose(): void {
		this.contentEl.empty();
	}
}
