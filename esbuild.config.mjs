/** Bundles the plugin into dist/main.js (CommonJS, `obsidian` external, the wasm inlined) and copies the release files. */
import esbuild from "esbuild";
import { copyFile, mkdir, readFile } from "node:fs/promises";

const production = !process.argv.includes("--dev");

/**
 * wasm-bindgen's glue keeps the instance in module-level variables and initialises once. To
 * restart the core after a trap, the plugin needs a fresh copy: wrap the glue in a factory that
 * returns its exports, so each call gets its own state.
 */
const glueFactory = {
	name: "rapport-core-factory",
	setup(build) {
		build.onResolve({ filter: /^rapport-core-factory$/ }, () => ({ path: new URL("./pkg/rapport.js", import.meta.url).pathname, namespace: "rapport-glue" }));
		build.onResolve({ filter: /^rapport-core-wasm$/ }, () => ({ path: new URL("./pkg/rapport_bg.wasm", import.meta.url).pathname }));
		build.onLoad({ filter: /.*/, namespace: "rapport-glue" }, async (args) => {
			const glue = await readFile(args.path, "utf8");
			const exportsLine = /^export \{ initSync, __wbg_init as default \};?$/m;
			if (!exportsLine.test(glue)) throw new Error("Unexpected wasm-bindgen glue: its export line changed; update esbuild.config.mjs.");
			const body = glue
				.replace(/^export class /gm, "class ")
				.replace(/^export function /gm, "function ")
				.replace(exportsLine, "return { init: __wbg_init, initSync, RapportIndex, version };")
				.replace(/import\.meta\.url/g, "undefined");
			return { contents: `export function createCore() {\n${body}\n}\n`, loader: "js" };
		});
	},
};

await mkdir("dist", { recursive: true });
await esbuild.build({
	entryPoints: ["plugin/main.ts"],
	bundle: true,
	format: "cjs",
	platform: "browser",
	target: "es2020",
	external: ["obsidian", "electron", "@codemirror/*", "@lezer/*"],
	loader: { ".wasm": "binary" },
	plugins: [glueFactory],
	outfile: "dist/main.js",
	minify: production,
	sourcemap: production ? false : "inline",
	logLevel: "info",
	banner: { js: "/* Rapport: a personal CRM for Obsidian. */" },
});
await copyFile("manifest.json", "dist/manifest.json");
await copyFile("styles.css", "dist/styles.css");
