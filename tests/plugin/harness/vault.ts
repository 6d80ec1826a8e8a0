/** Files, the vault (an in-memory file system with Obsidian's events) and link resolution. */
import type * as O from "obsidian";
import { Events } from "./component";

export class TAbstractFile implements Pick<O.TAbstractFile, "path" | "name"> {
	vault!: O.Vault;
	parent: O.TFolder | null = null;
	constructor(
		public path: string,
		public name: string,
	) {}
}

export class TFile extends TAbstractFile implements Pick<O.TFile, "path" | "name" | "basename" | "extension" | "stat"> {
	stat: O.FileStats;
	constructor(path: string, size: number) {
		super(path, path.split("/").pop() ?? path);
		this.stat = { ctime: Date.now(), mtime: Date.now(), size };
	}

	get basename(): string {
		return this.name.includes(".") ? this.name.slice(0, this.name.lastIndexOf(".")) : this.name;
	}

	get extension(): string {
		return this.name.includes(".") ? this.name.slice(this.name.lastIndexOf(".") + 1) : "";
	}
}

export class TFolder extends TAbstractFile {}

interface Stored {
	file: TFile;
	text: string;
	bytes?: Uint8Array;
}

/**
 * The vault's adapter, for the files that are not notes: Obsidian's config folder (`.obsidian/`
 * by default; `Vault.configDir`), which `getFiles` never lists. As strict as Obsidian's: a path
 * must be normalized, a missing file makes `read` reject, and reads can fail like the vault's.
 */
export class DataAdapter implements Pick<O.DataAdapter, "exists" | "read"> {
	/** Files of the config folder (and any other hidden file), by vault-relative path. */
	private files = new Map<string, string>();
	private failing = new Map<string, { times: number; message: string }>();
	/** Reads attempted, by path, for the tests. */
	reads = new Map<string, number>();

	constructor(private readonly vault: Vault) {}

	/** Writes a hidden file as another app or plugin would (no vault event fires); null deletes it. */
	setFile(path: string, text: string | null): void {
		if (text === null) this.files.delete(path);
		else this.files.set(path, text);
	}

	/** Makes the next `times` reads of each path reject with `message`. */
	failReads(paths: string[], times = Infinity, message = "EIO: i/o error, read"): void {
		for (const path of paths) this.failing.set(path, { times, message });
	}

	private checkNormalized(path: string): void {
		// What normalizePath gives: `/`-separated, no leading, trailing or doubled slash.
		if (path !== path.replace(/\\/g, "/").replace(/\/+/g, "/").replace(/^\/|\/$/g, "")) throw new Error(`The path ${path} is not normalized (normalizePath).`);
	}

	async exists(normalizedPath: string): Promise<boolean> {
		this.checkNormalized(normalizedPath);
		await new Promise((r) => setTimeout(r, 0));
		return this.files.has(normalizedPath) || this.vault.getAbstractFileByPath(normalizedPath) !== null;
	}

	async read(normalizedPath: string): Promise<string> {
		this.checkNormalized(normalizedPath);
		this.reads.set(normalizedPath, (this.reads.get(normalizedPath) ?? 0) + 1);
		await new Promise((r) => setTimeout(r, 0));
		const failure = this.failing.get(normalizedPath);
		if (failure && failure.times > 0) {
			failure.times -= 1;
			throw new Error(`${failure.message} '${normalizedPath}'`);
		}
		const text = this.files.get(normalizedPath) ?? this.vault.text(normalizedPath);
		if (text === undefined) throw new Error(`ENOENT: no such file or directory, open '${normalizedPath}'`);
		return text;
	}
}

export class Vault extends Events implements Pick<O.Vault, "read" | "cachedRead" | "readBinary" | "process" | "modify" | "create" | "delete" | "rename" | "getMarkdownFiles" | "getFiles" | "getAbstractFileByPath"> {
	/** Each file's text; `bytes` when it was seeded as bytes that are not UTF-8 (its text is then what a decoder shows). */
	private files = new Map<string, Stored>();
	/** Every write, in order, for the tests: path and the whole new text. */
	writes: { path: string; text: string }[] = [];
	/**
	 * Reads that will fail, by path, and how many more times (Infinity: until cleared). Obsidian's
	 * reads reject too: a file deleted or renamed by sync after it was listed, an iCloud file not
	 * downloaded yet, a permission error.
	 */
	private failing = new Map<string, { times: number; message: string }>();
	/** Reads attempted, by path, for the tests. */
	reads = new Map<string, number>();

	/** Makes the next `times` reads of each path reject with `message`. */
	failReads(paths: string[], times = Infinity, message = "EIO: i/o error, read"): void {
		for (const path of paths) this.failing.set(path, { times, message });
	}

	/**
	 * Writes that will fail, by path, and how many more times. Obsidian's writes reject too: a
	 * read-only file or folder, a full disk, a file that sync deleted or renamed meanwhile.
	 */
	private failingWrites = new Map<string, { times: number; message: string }>();

	/** Makes the next `times` writes (process, modify) of each path reject with `message`. */
	failWrites(paths: string[], times = Infinity, message = "EACCES: permission denied, open"): void {
		for (const path of paths) this.failingWrites.set(path, { times, message });
	}

	/** Reads asked for and not yet answered. */
	pendingReads = 0;

	/** Obsidian's config folder: `.obsidian` unless the user named it otherwise. */
	configDir = ".obsidian";
	adapter = new DataAdapter(this);

	private async readEntry(file: O.TAbstractFile): Promise<Stored> {
		this.reads.set(file.path, (this.reads.get(file.path) ?? 0) + 1);
		// A read resolves later than it is asked for, as a disk or a network read does.
		this.pendingReads += 1;
		try {
			await new Promise((r) => setTimeout(r, 0));
		} finally {
			this.pendingReads -= 1;
		}
		const failure = this.failing.get(file.path);
		if (failure && failure.times > 0) {
			failure.times -= 1;
			throw new Error(`${failure.message} '${file.path}'`);
		}
		const e = this.files.get(file.path);
		// What Obsidian's adapter says for a file that went away after it was listed.
		if (!e) throw new Error(`ENOENT: no such file or directory, open '${file.path}'`);
		return e;
	}

	/** Loads files without firing events (what Obsidian has at startup); bytes for files that are not UTF-8. */
	seed(files: Record<string, string | Uint8Array>): void {
		for (const [path, content] of Object.entries(files)) {
			if (typeof content === "string") this.files.set(path, { file: this.makeFile(path, content), text: content });
			else this.files.set(path, { file: this.makeFile(path, content), text: new TextDecoder().decode(content), bytes: content });
		}
	}

	private makeFile(path: string, content: string | Uint8Array): TFile {
		const f = new TFile(path, typeof content === "string" ? new TextEncoder().encode(content).length : content.length);
		f.vault = this as unknown as O.Vault;
		return f;
	}

	private entry(file: O.TAbstractFile): Stored {
		const e = this.files.get(file.path);
		if (!e) throw new Error(`No file ${file.path}`);
		return e;
	}

	async read(file: O.TFile): Promise<string> {
		return (await this.readEntry(file)).text;
	}

	async cachedRead(file: O.TFile): Promise<string> {
		return (await this.readEntry(file)).text;
	}

	async readBinary(file: O.TFile): Promise<ArrayBuffer> {
		const e = await this.readEntry(file);
		const bytes = e.bytes ?? new TextEncoder().encode(e.text);
		return bytes.slice().buffer;
	}

	/** Synchronous read for the tests. */
	text(path: string): string | undefined {
		return this.files.get(path)?.text;
	}

	async process(file: O.TFile, fn: (data: string) => string): Promise<string> {
		const e = this.entry(file);
		const next = fn(e.text);
		if (next !== e.text) this.write(e, next);
		return next;
	}

	async modify(file: O.TFile, data: string): Promise<void> {
		this.write(this.entry(file), data);
	}

	private write(e: Stored, text: string): void {
		const failure = this.failingWrites.get(e.file.path);
		if (failure && failure.times > 0) {
			failure.times -= 1;
			// Nothing is written: the file keeps its text and no event fires.
			throw new Error(`${failure.message} '${e.file.path}'`);
		}
		e.text = text;
		e.bytes = undefined;
		e.file.stat = { ...e.file.stat, mtime: Date.now(), size: new TextEncoder().encode(text).length };
		this.writes.push({ path: e.file.path, text });
		this.trigger("modify", e.file);
	}

	async create(path: string, data: string): Promise<O.TFile> {
		if (this.files.has(path)) throw new Error(`File already exists: ${path}`);
		const file = this.makeFile(path, data);
		this.files.set(path, { file, text: data });
		this.trigger("create", file);
		return file;
	}

	async delete(file: O.TAbstractFile): Promise<void> {
		const e = this.entry(file);
		this.files.delete(file.path);
		this.trigger("delete", e.file);
	}

	async rename(file: O.TAbstractFile, newPath: string): Promise<void> {
		const e = this.entry(file);
		const old = e.file.path;
		this.files.delete(old);
		e.file.path = newPath;
		e.file.name = newPath.split("/").pop() ?? newPath;
		this.files.set(newPath, e);
		this.trigger("rename", e.file, old);
	}

	getFiles(): O.TFile[] {
		return [...this.files.values()].map((e) => e.file as unknown as O.TFile);
	}

	getMarkdownFiles(): O.TFile[] {
		return this.getFiles().filter((f) => f.extension === "md");
	}

	getAbstractFileByPath(path: string): O.TAbstractFile | null {
		return (this.files.get(path)?.file as unknown as O.TAbstractFile) ?? null;
	}
}

/** Link resolution only: Rapport reads notes through its own core, not Obsidian's cache. */
export class MetadataCache extends Events implements Pick<O.MetadataCache, "getFirstLinkpathDest" | "getFileCache"> {
	constructor(private readonly vault: Vault) {
		super();
	}

	/** A path, a path without `.md`, or a base name (the shortest path wins, as in Obsidian). */
	getFirstLinkpathDest(linkpath: string, _sourcePath: string): O.TFile | null {
		const files = this.vault.getFiles();
		const exact = files.find((f) => f.path === linkpath || f.path === `${linkpath}.md`);
		if (exact) return exact;
		const named = files.filter((f) => f.basename === linkpath || f.name === linkpath).sort((a, b) => a.path.length - b.path.length);
		return named[0] ?? null;
	}

	getFileCache(_file: O.TFile): O.CachedMetadata | null {
		return null;
	}
}
