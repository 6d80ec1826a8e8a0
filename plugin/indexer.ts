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
/**
 * Reads of a changed note that may fail before it is left as the index last saw it. A read fails
 * for a moment while sync replaces a file or a cloud drive downloads it; the next event retries.
 */
const MAX_READ_ATTEMPTS = 3;
/** Wait before a failed read is tried again, doubled at each attempt. */
const READ_RETRY_MS = 1_000;

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
	/** Figures of the last full index, for the log and the tests: notes indexed, time, notes it could not read. */
	lastRun = { notes: 0, ms: 0, unread: 0 };
	/** Failed reads of changed notes so far, by path; cleared when a read succeeds. */
	private readFailures = new Map<string, number>();

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
		/** Notes whose read failed in this run, with the first error, for one more try at the end. */
		const unread = new Map<string, unknown>();
		/** Feeds `batch` to the core; false when this run must end (superseded, trapped or no core). */
		const feed = async (listed: TFile[]): Promise<boolean> => {
			// The files' bytes, not their text: the core reads UTF-8, so bytes cross as one copy
			// where text would be decoded to JS strings here and encoded back at the crossing.
			// A read that fails (a note deleted or moved by sync since it was listed, a cloud file
			// not downloaded yet) leaves that note out of this batch, not the run.
			const reads = await Promise.allSettled(listed.map((f) => this.app.vault.readBinary(f)));
			// A newer full index started meanwhile (settings changed, or unload): it owns the index now.
			if (generation !== this.generation) return false;
			const batch: TFile[] = [];
			const files: ArrayBuffer[] = [];
			reads.forEach((read, i) => {
				if (read.status === "fulfilled") {
					batch.push(listed[i]);
					files.push(read.value);
					unread.delete(listed[i].path);
				} else if (!unread.has(listed[i].path)) {
					unread.set(listed[i].path, read.reason);
				}
			});
			const began = performance.now();
			let sent = 0;
			const outcome =
				batch.length === 0
					? "done"
					: this.core.attempt((index) => {
							// Joined inside the attempt: a buffer the engine cannot allocate is memory running out.
							const { bytes, ends } = joinFiles(files);
							sent = bytes.length;
							index.upsertBytes(
								batch.map((f) => f.path),
								bytes,
								ends,
							);
						});
			if (sent > 0) budget = nextBatchBytes(sent, performance.now() - began);
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
			// One more try for the notes that could not be read, now that the rest is in; those still
			// there and still unreadable are reported once, and read again when they change.
			if (unread.size > 0) {
				await new Promise((resolve) => window.setTimeout(resolve, READ_RETRY_MS));
				if (generation !== this.generation) return;
				const again = [...unread.keys()].map((p) => this.app.vault.getAbstractFileByPath(p)).filter(isMarkdown);
				for (const p of [...unread.keys()]) if (!again.some((f) => f.path === p)) unread.delete(p);
				if (again.length > 0 && !(await feed(again))) return;
				this.reportUnread(unread);
			}
		} finally {
			notice?.hide();
			if (generation === this.generation) {
				this.indexing = false;
				this.lastRun = { notes: done, ms: performance.now() - started, unread: unread.size };
				console.debug(`Rapport: indexed ${done} notes in ${Math.round(this.lastRun.ms)} ms`);
			}
		}
		this.changed();
		// Changes that arrived while the vault was being read wait for the run to end, so that a
		// read begun before a change cannot land after it.
		if (generation === this.generation && this.pending.size > 0) void this.flush();
	}

	/** Tells the user, once per run, which notes could not be read. */
	private reportUnread(unread: Map<string, unknown>): void {
		if (unread.size === 0) return;
		const [first, error] = unread.entries().next().value as [string, unknown];
		console.warn(`Rapport: could not read ${unread.size} notes; the first, ${first}:`, error);
		const which = unread.size === 1 ? `“${first}”; it is` : `${unread.size} notes (the first: “${first}”); they are`;
		this.notify(`Rapport could not read ${which} left out of the index until changed, or until you run “Rebuild the index”.`);
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
		// An edit not indexed yet (a template or capture plugin writes, then renames at once) must
		// follow the note: the core only has the text from before the edit.
		const editPending = wasMarkdown && this.pending.get(oldPath) === "upsert";
		if (wasMarkdown && this.pending.has(oldPath)) this.pending.delete(oldPath);
		const failures = this.readFailures.get(oldPath);
		if (failures !== undefined) {
			this.readFailures.delete(oldPath);
			this.readFailures.set(file.path, failures);
		}
		// A note left out of the index stays out under its new name; the core never had it.
		if (this.quarantined.delete(oldPath)) {
			this.quarantined.add(file.path);
			return;
		}
		if (wasMarkdown && isMarkdown(file)) {
			// The core had no text under the old path (an excluded folder, or a note created
			// and renamed before it was read): the note must be read under its new one.
			const moved = this.core.run((index) => index.rename(oldPath, file.path), false);
			if (moved && !editPending) this.changed();
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

	/** Indexes the queued changes now (after the full index, when one is running). */
	async flush(): Promise<void> {
		if (this.timer !== null) {
			window.clearTimeout(this.timer);
			this.timer = null;
		}
		if (this.indexing) return;
		const work = [...this.pending];
		this.pending.clear();
		if (work.length === 0) return;
		for (const [path, op] of work) {
			const file = this.app.vault.getAbstractFileByPath(path);
			if (op === "upsert" && isMarkdown(file)) {
				if (this.quarantined.has(path)) continue;
				let text: string;
				try {
					text = await this.app.vault.cachedRead(file);
				} catch (error) {
					this.readFailed(file, error);
					continue;
				}
				// Renamed while it was read: the rename moved the older text, and this text goes
				// under the new path (the file object follows the rename), never the old one.
				const current = file.path;
				this.readFailures.delete(current);
				// The note changed again, or went away, while it was being read: its own event follows.
				if (this.pending.has(current) || this.quarantined.has(current)) continue;
				// A note that traps here is read alone by the full index the restart runs.
				if (this.core.attempt((index) => index.upsert(current, text)) === "trapped") this.suspects.add(current);
			} else {
				this.core.run((index) => index.remove(path), false);
			}
		}
		this.changed();
	}

	/**
	 * A changed note could not be read. It is tried again after a pause, a few times; then the
	 * index keeps what it had (the next change reads it again), and the user is told once.
	 */
	private readFailed(file: TFile, error: unknown): void {
		const attempts = (this.readFailures.get(file.path) ?? 0) + 1;
		if (attempts >= MAX_READ_ATTEMPTS) {
			this.readFailures.delete(file.path);
			console.warn(`Rapport: could not read ${file.path} after ${attempts} tries.`, error);
			this.notify(`Rapport could not read “${file.path}”, so it shows that note as it was before. It is read again when it changes.`);
			return;
		}
		this.readFailures.set(file.path, attempts);
		const generation = this.generation;
		window.setTimeout(() => {
			if (generation === this.generation && this.app.vault.getAbstractFileByPath(file.path) === file && !this.pending.has(file.path)) this.queue(file.path, "upsert");
		}, READ_RETRY_MS * 2 ** (attempts - 1));
	}

	/**
	 * Indexes one note at once, after Rapport itself wrote it: with `text` when the caller has the
	 * text it wrote (an open editor may not have saved it yet), else read back from the vault.
	 */
	async refresh(file: TFile, text?: string): Promise<void> {
		this.pending.delete(file.path);
		if (this.quarantined.has(file.path)) return;
		let current: string;
		try {
			current = text ?? (await this.app.vault.read(file));
		} catch (error) {
			this.readFailed(file, error);
			return;
		}
		if (this.core.attempt((index) => index.upsert(file.path, current)) === "trapped") this.suspects.add(file.path);
		this.changed();
	}

	stop(): void {
		this.generation++;
		this.indexing = false;
		this.readFailures.clear();
		if (this.timer !== null) window.clearTimeout(this.timer);
		this.timer = null;
		this.pending.clear();
	}
}
