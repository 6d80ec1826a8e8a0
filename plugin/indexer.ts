/** Feeds the vault to the core: all of it in batches at startup, then each change (debounced). */
import { type App, Notice, TFile, type TAbstractFile } from "obsidian";
import type { CoreHost } from "./core";

/** Notes per crossing into wasm; with BATCH_BYTES, keeps each batch well under a frame's work. */
const BATCH_FILES = 250;
/** Text per crossing into wasm. */
const BATCH_BYTES = 1_000_000;
/** Vaults at least this large get a progress notice while indexing. */
const PROGRESS_THRESHOLD = 2_000;
/** Quiet time after the last change before it is indexed: typing fires modify on every save. */
export const CHANGE_DEBOUNCE_MS = 250;

/** Lets the browser paint and handle input between batches. */
function yieldToUi(): Promise<void> {
	return new Promise((resolve) => window.setTimeout(resolve, 0));
}

function isMarkdown(file: TAbstractFile | null): file is TFile {
	return file instanceof TFile && file.extension === "md";
}

export class VaultIndexer {
	private pending = new Map<string, "upsert" | "remove">();
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
	) {}

	/** Indexes every markdown note from scratch, yielding to the UI between batches. */
	async indexAll(): Promise<void> {
		const generation = ++this.generation;
		const started = performance.now();
		this.indexing = true;
		this.pending.clear();
		const files = this.app.vault.getMarkdownFiles();
		this.core.run((index) => index.clear(), undefined);
		const notice = files.length >= PROGRESS_THRESHOLD ? new Notice(`Rapport: indexing ${files.length} notes…`, 0) : null;
		let done = 0;
		try {
			for (let i = 0; i < files.length; ) {
				const batch: TFile[] = [];
				let bytes = 0;
				while (i < files.length && batch.length < BATCH_FILES && bytes < BATCH_BYTES) {
					batch.push(files[i]);
					bytes += files[i].stat.size;
					i++;
				}
				const texts = await Promise.all(batch.map((f) => this.app.vault.cachedRead(f)));
				// A newer full index started meanwhile (settings changed): it owns the index now.
				if (generation !== this.generation) return;
				this.core.run((index) => index.upsertMany(batch.map((f) => f.path), texts), undefined);
				done += batch.length;
				notice?.setMessage(`Rapport: indexed ${done} of ${files.length} notes…`);
				await yieldToUi();
			}
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
		if (wasMarkdown && isMarkdown(file)) {
			this.core.run((index) => index.rename(oldPath, file.path), false);
			this.changed();
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
				const text = await this.app.vault.cachedRead(file);
				this.core.run((index) => index.upsert(path, text), undefined);
			} else {
				this.core.run((index) => index.remove(path), false);
			}
		}
		this.changed();
	}

	/** Re-reads one note at once (after Rapport itself wrote it). */
	async refresh(file: TFile): Promise<void> {
		this.pending.delete(file.path);
		const text = await this.app.vault.read(file);
		this.core.run((index) => index.upsert(file.path, text), undefined);
		this.changed();
	}

	stop(): void {
		this.generation++;
		if (this.timer !== null) window.clearTimeout(this.timer);
		this.timer = null;
		this.pending.clear();
	}
}
