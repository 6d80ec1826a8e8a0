/** Loads the Rust core (inlined wasm, instantiated asynchronously), survives its traps, and tells them from a device that cannot run it. */
import { createCore, type CoreModule } from "rapport-core-factory";
import wasmBytes from "rapport-core-wasm";
import type { Config, RapportIndex, VaultSettings } from "../pkg/rapport";

/**
 * Restarts allowed within TRAP_WINDOW_MS. A trap caused by a note or a query recurs on every
 * restart; past this budget Rapport stops instead of restarting forever.
 */
const MAX_RESTARTS = 5;
const TRAP_WINDOW_MS = 10 * 60_000;

/** What became of a call made with `attempt`. */
export type Attempt = "done" | "trapped" | "unavailable";

/**
 * Where the core is. `failed`: it could not start on this device (no WebAssembly, a web view
 * that lacks a feature, no memory to instantiate); `stopped`: it kept trapping, or ran out of
 * memory while working. Both stay until "Rebuild the index" (`resume`); `disposed`: the plugin
 * was unloaded, and nothing starts again.
 */
export type CoreState =
	| { kind: "loading" }
	| { kind: "ready" }
	| { kind: "restarting" }
	| { kind: "stopped"; reason: "traps" | "memory" }
	| { kind: "failed"; message: string }
	| { kind: "disposed" };

/** What the user is told when the core stops or cannot start; each says what to do. */
export const CORE_MESSAGES = {
	noWebAssembly:
		"Rapport cannot run on this device because WebAssembly is turned off (iOS Lockdown Mode does this). Exclude Obsidian from Lockdown Mode in the system settings, then restart Obsidian. Your notes are untouched.",
	unsupported: "Rapport cannot run in this version of Obsidian: its web view lacks a feature Rapport needs. Update Obsidian (on Android, also the Android System WebView), then restart it. Your notes are untouched.",
	noMemoryToStart: "Rapport could not start because this device is low on memory. Close other apps, then run “Rebuild the index”. Your notes are untouched.",
	other: "Rapport could not start. Run “Rebuild the index” to try again; if it keeps failing, please report it with the error from the developer console. Your notes are untouched.",
	outOfMemory:
		"Rapport ran out of memory on this device and stopped. Your notes are untouched. Exclude large folders in Rapport's settings or close other apps, then run “Rebuild the index”.",
	traps: "Rapport stopped: its core keeps failing on something in this vault. Your notes are untouched. Run “Rebuild the index” to try again.",
	restarted: "Rapport hit an internal error and restarted. Your notes are untouched; the index is being rebuilt.",
	restartFailed: "Rapport could not restart its core. Your notes are untouched. Run “Rebuild the index” to try again.",
} as const;

function hasWebAssembly(): boolean {
	return typeof WebAssembly !== "undefined";
}

function isTrap(error: unknown): error is WebAssembly.RuntimeError {
	return hasWebAssembly() && error instanceof WebAssembly.RuntimeError;
}

/** An allocation the JS engine refused (a typed array, a memory growth, an instance's memory). */
function isJsOutOfMemory(error: unknown): boolean {
	return error instanceof RangeError && /memory|allocat/i.test(error.message);
}

/**
 * What to tell the user when the core could not be instantiated; `error` is what the engine
 * threw. The engine's own words go to the console, not to the user.
 */
export function startFailureMessage(error: unknown): string {
	if (!hasWebAssembly()) return CORE_MESSAGES.noWebAssembly;
	if (isJsOutOfMemory(error)) return CORE_MESSAGES.noMemoryToStart;
	if (error instanceof WebAssembly.CompileError || error instanceof WebAssembly.LinkError) return CORE_MESSAGES.unsupported;
	return CORE_MESSAGES.other;
}

/**
 * Owns the wasm instance and the index in it. Every call goes through `run` or `attempt`: if the
 * instance traps (a WebAssembly.RuntimeError), its memory can no longer be trusted, so the host
 * drops it, instantiates a fresh copy of the glue and the module, and asks the plugin to feed the
 * vault again; meanwhile calls answer with their fallback instead of throwing into the UI. A trap
 * that is the device running out of memory is not a note's fault: the host stops instead of
 * restarting, and blames no note. The user hears about each episode once; the console gets every
 * trap, with the core's panic message when it panicked.
 */
export class CoreHost {
	private module: CoreModule | null = null;
	private index: RapportIndex | null = null;
	private recovering: Promise<void> | null = null;
	private config: Partial<Config> = {};
	/** What the vault's own settings say; given to every index opened, restarts included. */
	private vault: VaultSettings | null = null;
	state: CoreState = { kind: "loading" };
	/** How many times the core was restarted after a trap. */
	restarts = 0;
	/** When the recent restarts happened (performance.now()), for the budget. */
	private restartTimes: number[] = [];
	/** Counts restarts begun, so a restart clears only its own `recovering` mark. */
	private restartEpisode = 0;
	/**
	 * Called with every fresh copy of the glue before it is instantiated. The browser tests use it
	 * to make a method trap on purpose; nothing else should.
	 */
	onInstantiate: ((module: CoreModule) => void) | null = null;

	constructor(
		/** Feeds the whole vault to a fresh index; called after a restart. */
		private readonly refill: () => Promise<void>,
		/** Tells the user, once per episode. */
		private readonly notify: (message: string) => void,
	) {}

	/** Set on unload: nothing starts, restarts or refills afterwards. */
	get disposed(): boolean {
		return this.state.kind === "disposed";
	}

	/** Whether Rapport gave up on the core (it cannot start, keeps trapping, or ran out of memory) until "Rebuild the index". */
	get stopped(): boolean {
		return this.state.kind === "stopped" || this.state.kind === "failed";
	}

	get ready(): boolean {
		return this.index !== null && this.recovering === null;
	}

	/**
	 * Instantiates a fresh copy of the core; the previous one is released first, so two never
	 * hold memory at once. False when it did not start: the state then says why, and the user has
	 * been told once (not after `dispose`).
	 */
	async load(): Promise<boolean> {
		if (this.disposed) return false;
		this.release();
		// A restart keeps saying so while the fresh instance starts.
		if (this.state.kind !== "restarting") this.state = { kind: "loading" };
		let module: CoreModule;
		try {
			module = createCore();
			this.onInstantiate?.(module);
			await module.init({ module_or_path: wasmBytes });
		} catch (error) {
			console.error("Rapport: the core could not start.", error);
			this.fail(startFailureMessage(error));
			return false;
		}
		if (this.disposed) return false;
		this.module = module;
		return true;
	}

	/**
	 * Opens an empty index with `config` on the loaded core. Throws the core's complaint when the
	 * config is invalid (then no index exists); false when there is no core to open it on, or it
	 * failed doing so (the host has then stopped, and said why). An empty index reads no note, so
	 * a trap here is no note's fault and a restart would meet it again: it is not restarted.
	 */
	open(config: Partial<Config>): boolean {
		const module = this.module;
		if (!module) return false;
		this.dropIndex();
		try {
			this.index = new module.RapportIndex(config);
			if (this.vault) this.index.setVault(this.vault);
		} catch (error) {
			if (this.isOutOfMemory(error)) {
				this.stopForMemory(error);
				return false;
			}
			if (isTrap(error)) {
				console.error("Rapport: the core failed to open an empty index.", ...this.trapDetails(error));
				this.fail(CORE_MESSAGES.other);
				return false;
			}
			throw error;
		}
		this.config = config;
		this.state = { kind: "ready" };
		return true;
	}

	/** The core's version, or "" before it is loaded. */
	version(): string {
		return this.module ? this.module.version() : "";
	}

	/** The built-in schema YAML. */
	defaultSchema(): string {
		return this.module ? this.module.RapportIndex.defaultSchema() : "";
	}

	/** Problems in a schema, as diagnostics with lines in the schema text. */
	checkSchema(yaml: string) {
		return this.module ? this.module.RapportIndex.checkSchema(yaml) : [];
	}

	/** Whether a daily notes' date format dates the notes it names (true while no core is loaded to ask). */
	readsDateFormat(format: string): boolean {
		return this.module ? this.module.RapportIndex.readsDateFormat(format) : true;
	}

	/**
	 * The core's complaint about `config`, or null when it is valid (or when no core is loaded to
	 * ask: `open` checks it again then). Cheap: it builds an empty index with it, where
	 * `setConfig` queues every note to be re-derived.
	 */
	checkConfig(config: Partial<Config>): string | null {
		const module = this.module;
		if (!module) return null;
		try {
			new module.RapportIndex(config).free();
			return null;
		} catch (error) {
			if (isTrap(error) || this.isOutOfMemory(error)) {
				this.outOfMemoryOrTrap(error);
				return null;
			}
			return error instanceof Error ? error.message : String(error);
		}
	}

	/**
	 * Replaces the config; throws (keeping the old one) when it is invalid. The notes are then
	 * re-derived by `rederive` calls, which the plugin makes a slice at a time between frames.
	 */
	setConfig(config: Partial<Config>): void {
		this.run((index) => index.setConfig(config), undefined, true);
		this.config = config;
	}

	/**
	 * Replaces what the vault's own settings say (templates folders, the Tasks global filter),
	 * kept for every index opened from now on. The notes of an open index are then re-derived by
	 * `rederive` calls, as after `setConfig`.
	 */
	setVault(vault: VaultSettings): void {
		this.vault = vault;
		this.run((index) => index.setVault(vault), undefined);
	}

	/**
	 * Runs `fn` against the index. Errors the core throws on purpose (a bad argument, an edit
	 * that no longer applies) are rethrown when `rethrow` is set; a trap never escapes.
	 */
	run<T>(fn: (index: RapportIndex) => T, fallback: T, rethrow = false): T {
		const index = this.index;
		if (!index || this.recovering) return fallback;
		try {
			return fn(index);
		} catch (error) {
			if (isTrap(error) || this.isOutOfMemory(error)) {
				this.outOfMemoryOrTrap(error);
				return fallback;
			}
			if (rethrow) throw error;
			console.error("Rapport:", error);
			return fallback;
		}
	}

	/**
	 * Runs `fn` and says whether it ran, trapped (a restart is under way: the input may be to
	 * blame), or found no core; running out of memory is "unavailable", since no input is to blame.
	 */
	attempt(fn: (index: RapportIndex) => void): Attempt {
		const index = this.index;
		if (!index || this.recovering) return "unavailable";
		try {
			fn(index);
			return "done";
		} catch (error) {
			if (this.isOutOfMemory(error)) {
				this.outOfMemoryOrTrap(error);
				return "unavailable";
			}
			if (!isTrap(error)) throw error;
			this.outOfMemoryOrTrap(error);
			return "trapped";
		}
	}

	/**
	 * After Rapport stopped or could not start: a fresh instance and a fresh restart budget (the
	 * "Rebuild the index" command), to `open` an index on. False when it still cannot start (the
	 * user has been told again).
	 */
	async resume(): Promise<boolean> {
		await this.settled();
		if (this.disposed) return false;
		this.restartTimes = [];
		return this.load();
	}

	/** Unload: frees the index and drops the instance; nothing restarts or refills afterwards. */
	dispose(): void {
		this.state = { kind: "disposed" };
		this.release();
	}

	/** Whether `error` is the device running out of memory rather than a bug a note triggers. */
	private isOutOfMemory(error: unknown): boolean {
		if (isJsOutOfMemory(error)) return true;
		if (!isTrap(error)) return false;
		try {
			return this.module?.RapportIndex.outOfMemory() ?? false;
		} catch {
			return false;
		}
	}

	/**
	 * What to log with a trap: the core's panic message when it panicked (a trap says only
	 * "unreachable"), then the error. Read before the instance is dropped.
	 */
	private trapDetails(error: unknown): unknown[] {
		let panic: string | undefined;
		try {
			panic = this.module?.RapportIndex.panicMessage();
		} catch {
			// An instance that cannot answer this has nothing more to tell.
		}
		return panic ? [panic, error] : [error];
	}

	/** Frees the index (giving its memory back to the instance) and forgets it. */
	private dropIndex(): void {
		const index = this.index;
		this.index = null;
		try {
			index?.free();
		} catch {
			// A trapped instance may fail to free; it is dropped whole anyway.
		}
	}

	/** Drops the index and the instance, so the engine can reclaim their memory before any new one. */
	private release(): void {
		this.dropIndex();
		this.module = null;
	}

	private fail(message: string): void {
		this.release();
		if (this.disposed) return;
		this.state = { kind: "failed", message };
		this.notify(message);
	}

	/** Out of memory is the device's state: restarting would fill the same memory again. */
	private stopForMemory(error: unknown): void {
		console.error("Rapport: the core ran out of memory; stopping it.", error);
		this.release();
		if (this.disposed) return;
		this.state = { kind: "stopped", reason: "memory" };
		this.notify(CORE_MESSAGES.outOfMemory);
	}

	private outOfMemoryOrTrap(error: unknown): void {
		if (this.recovering || this.stopped || this.disposed) return;
		if (this.isOutOfMemory(error)) {
			this.stopForMemory(error);
			return;
		}
		const details = this.trapDetails(error);
		this.release();
		const now = performance.now();
		this.restartTimes = this.restartTimes.filter((t) => now - t < TRAP_WINDOW_MS);
		if (this.restartTimes.length >= MAX_RESTARTS) {
			console.error("Rapport: the core keeps trapping; not restarting it again.", ...details);
			this.state = { kind: "stopped", reason: "traps" };
			this.notify(CORE_MESSAGES.traps);
			return;
		}
		console.error("Rapport: the core trapped; restarting it.", ...details);
		// One notice per episode of restarts, not one per restart.
		if (this.restartTimes.length === 0) this.notify(CORE_MESSAGES.restarted);
		this.restartTimes.push(now);
		this.restarts += 1;
		this.state = { kind: "restarting" };
		const episode = ++this.restartEpisode;
		this.recovering = (async () => {
			try {
				if (!(await this.load())) return;
				if (!this.open(this.config)) return;
			} catch (e) {
				console.error("Rapport: the core could not restart.", e);
				this.fail(CORE_MESSAGES.restartFailed);
				return;
			} finally {
				// A trap during the refill below starts a restart of its own: only this one's mark is cleared.
				if (this.restartEpisode === episode) this.recovering = null;
			}
			// Unloaded while the new instance was starting: the vault is not read again.
			if (this.state.kind === "ready") await this.refill();
		})();
	}

	/** Resolves when a restart in progress is over. */
	async settled(): Promise<void> {
		while (this.recovering) await this.recovering;
	}
}
