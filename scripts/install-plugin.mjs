/** Copies the release files (dist/main.js, manifest.json, styles.css) into <vault>/.obsidian/plugins/rapport/. */
import { copyFile, mkdir, stat } from "node:fs/promises";
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = resolve(fileURLToPath(new URL("..", import.meta.url)));
/** The three files Obsidian loads for a plugin, as `npm run build` writes them. */
const RELEASE_FILES = ["main.js", "manifest.json", "styles.css"];

async function main() {
	const args = process.argv.slice(2).filter((a) => a !== "--");
	if (args.length !== 1 || args[0].startsWith("-")) {
		console.error("Usage: npm run install-plugin -- <path to your vault>");
		process.exit(2);
	}
	const vault = resolve(args[0]);
	if (!existsSync(vault) || !(await stat(vault)).isDirectory()) {
		console.error(`No vault folder at ${vault}.`);
		process.exit(1);
	}
	// Obsidian creates .obsidian when it first opens a folder as a vault: without it the path may
	// be a typo, so say so, but install anyway (the folder may simply not have been opened yet).
	if (!existsSync(join(vault, ".obsidian"))) console.warn(`Note: ${vault} has no .obsidian folder yet; creating it.`);
	const missing = RELEASE_FILES.filter((f) => !existsSync(join(ROOT, "dist", f)));
	if (missing.length > 0) {
		console.error(`dist/ lacks ${missing.join(", ")}: run \`npm run build\` first.`);
		process.exit(1);
	}
	const target = join(vault, ".obsidian", "plugins", "rapport");
	await mkdir(target, { recursive: true });
	for (const f of RELEASE_FILES) await copyFile(join(ROOT, "dist", f), join(target, f));
	console.log(`Installed Rapport into ${target}.`);
	console.log("In Obsidian: Settings → Community plugins → reload the list and enable Rapport.");
}

await main();
