/** Loads the Rust core (inlined wasm, instantiated asynchronously) and survives its traps. */
import { createCore, type CoreModule } from "rapport-core-factory";
import wasmBytes from "rapport-core-wasm";
import type { Config, RapportIndex } from "../pkg/rapport";

/**
 * Owns the wasm instance and the index in it. Every call goes through `run`: if the instance
 * traps (a WebAssembly.RuntimeError), its memory can no longer be trusted, so the host drops it,
 * instantiates a fresh copy of the glue and the module, and asks the plugin to feed the vault
 * again; meanwhile calls answer with their fallback instead of throwing into the UI.
 */
export class CoreHost {
	private module: CoreModule | null = null;
	private index: RapportIndex | null = null;
	private recovering: Promise<void> | null = null;
	private config: Partial<Config> = {};
	/** How many times the core was restarted after a trap. */
	restarts = 0;

	constructor(
		/** Feeds the whole vault to a fresh index; called after a restart. */
		private readonly refill: () => Promise<void>,
		/** Tells the user, once per restart. */
		private readonly notify: (message: string) => void,
	) {}

	/** Instantiates the core. Throws when the config is invalid (the index is then not created). */
	async start(config: Partial<Config>): Promise<void> {
		const module = createCore();
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
			if (error instanceof WebAssembly.RuntimeError) {
				this.recover(error);
				return fallback;
			}
			if (rethrow) throw error;
			console.error("Rapport:", error);
			return fallback;
		}
	}

	private recover(error: WebAssembly.RuntimeError): void {
		if (this.recovering) return;
		console.error("Rapport: the core trapped; restarting it.", error);
		this.notify("Rapport hit an internal error and restarted. Your notes are untouched; the index is being rebuilt.");
		this.index = null;
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
