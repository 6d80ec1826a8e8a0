/** Serves the demo: the built plugin on examples/vault in a browser, without Obsidian (`npm run demo`). */
import { mkdir, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import esbuild from "esbuild";
import { buildHarness, readVault, ROOT, serve } from "../tests/plugin/support.mjs";

/** A fixed port keeps the printed address stable between runs; PORT overrides it. */
const DEFAULT_PORT = 8787;
export const DEMO_PAGE = "/tests/plugin/harness/demo.html";

/** Bundles the demo page and writes the example vault next to it as JSON (both git-ignored). */
export async function buildDemo(vaultDir = join(ROOT, "examples/vault")) {
	await buildHarness();
	const out = join(ROOT, "tests/plugin/harness/dist");
	await esbuild.build({
		entryPoints: [join(ROOT, "tests/plugin/harness/demo.ts")],
		bundle: true,
		format: "iife",
		target: "es2020",
		outfile: join(out, "demo.js"),
		logLevel: "warning",
	});
	await mkdir(out, { recursive: true });
	await writeFile(join(out, "vault.json"), JSON.stringify(await readVault(vaultDir)));
}

/** Whether nothing listens on `port` on the loopback interface. */
function isFree(port) {
	return new Promise((resolve) => {
		const probe = createServer();
		probe.once("error", () => resolve(false));
		probe.listen(port, "127.0.0.1", () => probe.close(() => resolve(true)));
	});
}

async function main() {
	await buildDemo();
	const wanted = Number(process.env.PORT ?? DEFAULT_PORT);
	// When the port is taken (another demo running?), any free one will do.
	const served = await serve((await isFree(wanted)) ? wanted : 0);
	console.log(`Rapport demo on the example vault: ${served.url}${DEMO_PAGE}`);
	console.log("Dark theme: add ?theme=dark. Edits live in the page only; reload to start over. Ctrl+C stops.");
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) await main();
