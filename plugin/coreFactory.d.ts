/** Types of the wasm-bindgen glue as esbuild serves it: a factory, one fresh copy per call (see esbuild.config.mjs). */
import type { RapportIndex, version } from "../pkg/rapport";

export interface CoreModule {
	init(options: { module_or_path: BufferSource }): Promise<unknown>;
	RapportIndex: typeof RapportIndex;
	version: typeof version;
}

export declare function createCore(): CoreModule;
