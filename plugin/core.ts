/** Loads the Rust core (inlined wasm, instantiated asynchronously) and survives its traps. */
import { createCore, type CoreModule } from "rapport-core-factory";
import wasmBytes from "rapport-core-wasm";
import type { Config, RapportIndex } from "../pkg/rapport";

/**
 * Restarts allowed within TRAP_WINDOW_MS. A trap caused by a note or a query recurs on every
 * restart; past this budget Rapport stops instead of restarting forever.
 */
const MAX_RESTARTS = 5;
const TRAP_WINDOW_MS = 10 * 60_000;

/** What became of a call made with `attempt`. */
export type Attempt = "done" | "trapped" | "unavailable";

function isTrap(error: unknown): error is WebAssembly.RuntimeError {
	return error instanceof WebAssembly.RuntimeError;
}

/**
 * Owns the wasm instance and the index in it. Every call goes through `run`: if the instance
 * traps (a WebAssembly.RuntimeError), its memory can no longer be trusted, so the host drops it,
 * instantiates a fresh copy of the glue and the module, and asks the plugin to feed the vault
 * again; meanwhile calls answer with their fallback instead of throwing into the UI. The user
 * hears about it once per episode, and once more if Rapport gives up.
 */
export class CoreHost {
	private module: CoreModule | null = null;
	private index: RapportIndex | null = null;
	private recovering: Promise<void> | null = null;
	private config: Partial<Config> = {};
	/** How many times the core was restarted after a trap. */
	restarts = 0;
	/** When the recent restarts happened (performance.now()), for the budget. */
	private restartTimes: number[] = [];
	/** Set when the core kept trapping and Rapport stopped restarting it; `resume` clears it. */
	stopped = false;
	/**
	 * Called with every fresh copy of the glue before it is instantiated. The browser tests use it
	 * to make a method trap on purpose; nothing else should.
	 */
	onInstantiate: ((module: CoreModule) => void) | null = null;

	constructor(
		/** Feeds the whole vault to a fresh index; called after a restart. */
		private readonly refill: () => Promise<void>,
		/** Tells the user, once per restart. */
		private readonly notify: (message: string) => void,
	) {}

	/** Instantiates the core. Throws when the config is invalid (the index is then not created). */
	async start(config: Partial<Config>): Promise<void> {
		const module = createCore();
		this.onInstantiate?.(module);
		await module.init({ module_or_path: wasmBytes });
		this.module = module;
		this.config = config;
		this.index = null;
		this.index = new module.RapportIndex(config);
	}

	get ready(): boolean {
		return this.index !== null && this.recovering === null;
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

	/**
	 * The core's complaint about `config`, or null when it is valid. Cheap: it builds an empty
	 * index with it, where `setConfig` re-derives every note.
	 */
	checkConfig(config: Partial<Config>): string | null {
		if (!this.module) return null;
		try {
			new this.module.RapportIndex(config).free();
			return null;
		} catch (error) {
			if (isTrap(error)) return null;
			return error instanceof Error ? error.message : String(error);
		}
	}

	/** Replaces the config; throws (keeping the old one) when it is invalid. */
	setConfig(config: Partial<Config>): void {
		this.run((index) => index.setConfig(config), undefined, true);
		this.config = config;
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
			if (isTrap(error)) {
				this.recover(error);
				return fallback;
			}
			if (rethrow) throw error;
			console.error("Rapport:", error);
			return fallback;
		}
	}

	/** Runs `fn` and says whether it ran, trapped (a restart is under way), or found no core. */
	attempt(fn: (index: RapportIndex) => void): Attempt {
		const index = this.index;
		if (!index || this.recovering) return "unavailable";
		try {
			fn(index);
			return "done";
		} catch (error) {
			if (!isTrap(error)) throw error;
			this.recover(error);
			return "trapped";
		}
	}

	/** After Rapport stopped: a fresh instance and a fresh budget (the "Rebuild the index" command). */
	async resume(): Promise<void> {
		await this.settled();
		this.stopped = false;
		this.restartTimes = [];
		await this.start(this.config);
	}

	private recover(error: WebAssembly.RuntimeError): void {
		if (this.recovering || this.stopped) return;
		this.index = null;
		const now = performance.now();
		this.restartTimes = this.restartTimes.filter((t) => now - t < TRAP_WINDOW_MS);
		if (this.restartTimes.length >= MAX_RESTARTS) {
			console.error("Rapport: the core keeps trapping; not restarting it again.", error);
			this.stopped = true;
			this.notify("Rapport stopped: its core keeps failing on something in this vault. Your notes are untouched. Run \"Rebuild the index\" to try again.");
			return;
		}
		console.error("Rapport: the core trapped; restarting it.", error);
		// One notice per episode: the restarts that follow a first one are part of the same trouble.
		if (this.restartTimes.length === 0) this.notify("Rapport hit an internal error and restarted. Your notes are untouched; the index is being rebuilt.");
		this.restartTimes.push(now);
		this.restarts += 1;
		this.recovering = (async () => {
			await this.start(this.config);
			this.recovering = null;
			await this.refill();
		})().catch((e: unknown) => {
			this.recovering = null;
			console.error("Rapport: the core could not restart.", e);
			this.notify("Rapport could not restart its core; reload Obsidian to try again.");
		});
	}

	/** Resolves when a restart in progress is over. */
	async settled(): Promise<void> {
		while (this.recovering) await this.recovering;
	}
}
