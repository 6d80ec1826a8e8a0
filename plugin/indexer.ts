/** Feeds the vault to the core: all of it in batches at startup, then each change (debounced). */
import { type App, Notice, TFile, type TAbstractFile } from "obsidian";
import type { CoreHost } from "./core";
import { joinFiles } from "./files";

/**
 * Core time per batch during the full index: the page cannot paint or take input while a batch
 * runs, so longer batches show as a stutter. Batch sizes follow the device's measured speed
 * (a phone indexes several times slower than a desktop).
 */
const BATCH_BUDGET_MS = 40;
/** Text in the first batch, before the device's speed is known. */
const FIRST_BATCH_BYTES = 256 * 1024;
const MIN_BATCH_BYTES = 16 * 1024;
const MAX_BATCH_BYTES = 4 * 1024 * 1024;
/** Notes per crossing at most, however small: each note has a fixed cost too. */
const BATCH_FILES = 500;
/** Vaults at least this large get a progress notice while indexing. */
const PROGRESS_THRESHOLD = 2_000;
/** Quiet time after the last change before it is indexed: typing fires modify on every save. */
export const CHANGE_DEBOUNCE_MS = 250;

/** Lets the browser paint and handle input between batches. */
function yieldToUi(): Promise<void> {
	return new Promise((resolve) => window.setTimeout(resolve, 0));
}

/**
 * The text the next batch should carry, given that the last one carried `bytes` in `ms`: enough
 * to fill BATCH_BUDGET_MS at that speed, growing at most twofold per batch so that one quick
 * batch (small notes, a warm cache) does not lead to one long one.
 */
export function nextBatchBytes(bytes: number, ms: number): number {
	const atSpeed = ms > 0 ? (bytes / ms) * BATCH_BUDGET_MS : MAX_BATCH_BYTES;
	return Math.round(Math.min(MAX_BATCH_BYTES, Math.max(MIN_BATCH_BYTES, Math.min(atSpeed, bytes * 2))));
}

function isMarkdown(file: TAbstractFile | null): file is TFile {
	return file instanceof TFile && file.extension === "md";
}

export class VaultIndexer {
	private pending = new Map<string, "upsert" | "remove">();
	/**
	 * Notes that were in a batch when the core trapped. The next full index feeds them one at a
	 * time, last, so the note that makes the core fail is found and the others are indexed.
	 */
	private suspects = new Set<string>();
	/** Notes whose reading made the core trap; left out of the index until the next rebuild. */
	readonly quarantined = new Set<string>();
	private timer: number | null = null;
	private generation = 0;
	/** Whether a full index is running. */
	indexing = false;
	/** Figures of the last full index, for the log and the tests. */
	lastRun = { notes: 0, ms: 0 };

	constructor(
		private readonly app: App,
		private readonly core: CoreHost,
		private readonly changed: () => void,
		/** Tells the user that a note was left out of the index. */
		private readonly notify: (message: string) => void,
	) {}

	/**
	 * Indexes every markdown note from scratch, yielding to the UI between batches. When the core
	 * traps, this run ends: the restart that follows calls it again, with the batch under suspicion.
	 */
	async indexAll(): Promise<void> {
		const generation = ++this.generation;
		const started = performance.now();
		this.indexing = true;
		this.pending.clear();
		const files = this.app.vault.getMarkdownFiles().filter((f) => !this.quarantined.has(f.path));
		const trusted = files.filter((f) => !this.suspects.has(f.path));
		const suspects = files.filter((f) => this.suspects.has(f.path));
		this.core.run((index) => index.clear(), undefined);
		const notice = files.length >= PROGRESS_THRESHOLD ? new Notice(`Rapport: indexing ${files.length} notes…`, 0) : null;
		let done = 0;
		let budget = FIRST_BATCH_BYTES;
		/** Feeds `batch` to the core; false when this run must end (superseded, trapped or no core). */
		const feed = async (batch: TFile[]): Promise<boolean> => {
			// The files' bytes, not their text: the core reads UTF-8, so bytes cross as one copy
			// where text would be decoded to JS strings here and encoded back at the crossing.
			const files = await Promise.all(batch.map((f) => this.app.vault.readBinary(f)));
			// A newer full index started meanwhile (settings changed, or unload): it owns the index now.
			if (generation !== this.generation) return false;
			const began = performance.now();
			const { bytes, ends } = joinFiles(files);
			const outcome = this.core.attempt((index) => index.upsertBytes(batch.map((f) => f.path), bytes, ends));
			budget = nextBatchBytes(bytes.length, performance.now() - began);
			if (outcome === "trapped") this.suspect(batch);
			if (outcome !== "done") return false;
			for (const f of batch) this.suspects.delete(f.path);
			done += batch.length;
			notice?.setMessage(`Rapport: indexed ${done} of ${files.length} notes…`);
			await yieldToUi();
			return true;
		};
		try {
			for (let i = 0; i < trusted.length; ) {
				const batch: TFile[] = [];
				let bytes = 0;
				while (i < trusted.length && batch.length < BATCH_FILES && (batch.length === 0 || bytes + trusted[i].stat.size <= budget)) {
					batch.push(trusted[i]);
					bytes += trusted[i].stat.size;
					i++;
				}
				if (!(await feed(batch))) return;
			}
			for (const file of suspects) if (!(await feed([file]))) return;
		} finally {
			notice?.hide();
			if (generation === this.generation) {
				this.indexing = false;
				this.lastRun = { notes: done, ms: performance.now() - started };
				console.debug(`Rapport: indexed ${done} notes in ${Math.round(this.lastRun.ms)} ms`);
			}
		}
		this.changed();
	}

	/** The core trapped on `batch`: one note is the culprit when the batch was that note alone. */
	private suspect(batch: TFile[]): void {
		if (batch.length === 1 && this.suspects.has(batch[0].path)) {
			const path = batch[0].path;
			this.suspects.delete(path);
			this.quarantined.add(path);
			console.error(`Rapport: reading ${path} makes the core fail; leaving it out of the index.`);
			this.notify(`Rapport left "${path}" out of its index: reading it made Rapport fail. Run "Rebuild the index" after changing it to try again.`);
			return;
		}
		for (const f of batch) this.suspects.add(f.path);
	}

	/** Forgets which notes were left out, so the next full index tries them all again. */
	forgive(): void {
		this.suspects.clear();
		this.quarantined.clear();
	}

	/** A note was created or modified. */
	onChange(file: TAbstractFile): void {
		if (isMarkdown(file)) this.queue(file.path, "upsert");
	}

	onDelete(file: TAbstractFile): void {
		if (isMarkdown(file)) this.queue(file.path, "remove");
	}

	onRename(file: TAbstractFile, oldPath: string): void {
		const wasMarkdown = oldPath.toLowerCase().endsWith(".md");
		if (wasMarkdown && this.pending.has(oldPath)) this.pending.delete(oldPath);
		// A note left out of the index stays out under its new name; the core never had it.
		if (this.quarantined.delete(oldPath)) {
			this.quarantined.add(file.path);
			return;
		}
		if (wasMarkdown && isMarkdown(file)) {
			// The core had no text under the old path (an excluded folder, or a note created
			// and renamed before it was read): the note must be read under its new one.
			const moved = this.core.run((index) => index.rename(oldPath, file.path), false);
			if (moved) this.changed();
			else this.queue(file.path, "upsert");
		} else if (wasMarkdown) {
			this.queue(oldPath, "remove");
		} else if (isMarkdown(file)) {
			this.queue(file.path, "upsert");
		}
	}

	private queue(path: string, op: "upsert" | "remove"): void {
		this.pending.set(path, op);
		if (this.timer !== null) window.clearTimeout(this.timer);
		this.timer = window.setTimeout(() => {
			this.timer = null;
			void this.flush();
		}, CHANGE_DEBOUNCE_MS);
	}

	/** Indexes the queued changes now. */
	async flush(): Promise<void> {
		if (this.timer !== null) {
			window.clearTimeout(this.timer);
			this.timer = null;
		}
		const work = [...this.pending];
		this.pending.clear();
		if (work.length === 0) return;
		for (const [path, op] of work) {
			const file = this.app.vault.getAbstractFileByPath(path);
			if (op === "upsert" && isMarkdown(file)) {
				if (this.quarantined.has(path)) continue;
				const text = await this.app.vault.cachedRead(file);
				// A note that traps here is read alone by the full index the restart runs.
				if (this.core.attempt((index) => index.upsert(path, text)) === "trapped") this.suspects.add(path);
			} else {
				this.core.run((index) => index.remove(path), false);
			}
		}
		this.changed();
	}

	/** Re-reads one note at once (after Rapport itself wrote it). */
	async refresh(file: TFile): Promise<void> {
		this.pending.delete(file.path);
		if (this.quarantined.has(file.path)) return;
		const text = await this.app.vault.read(file);
		if (this.core.attempt((index) => index.upsert(file.path, text)) === "trapped") this.suspects.add(file.path);
		this.changed();
	}

	stop(): void {
		this.generation++;
		if (this.timer !== null) window.clearTimeout(this.timer);
		this.timer = null;
		this.pending.clear();
	}
}
