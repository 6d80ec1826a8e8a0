/** Test support: builds the harness, serves the repository on localhost, and drives headless Chromium. */
import { createServer } from "node:http";
import { mkdir, readFile, readdir, rename, stat, writeFile } from "node:fs/promises";
import { existsSync } from "node:fs";
import { dirname, extname, join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import esbuild from "esbuild";
import assert from "node:assert/strict";
import { after, before } from "node:test";
import { chromium } from "playwright-core";

export const ROOT = resolve(fileURLToPath(new URL("../..", import.meta.url)));
/** The day the example vault's expectations are written for; the page's clock is fixed to it. */
export const TODAY = "2026-11-26";

const TYPES = { ".html": "text/html", ".js": "text/javascript", ".mjs": "text/javascript", ".css": "text/css", ".json": "application/json", ".wasm": "application/wasm", ".png": "image/png" };

/**
 * Bundles the harness (type-checked separately by `npm run typecheck`). Every test file builds it
 * in its own process, in parallel, while other files' pages load it: the bundle is written to a
 * file of this process and renamed over the old one, so a page never reads a half-written file.
 */
export async function buildHarness() {
	if (!existsSync(join(ROOT, "dist/main.js"))) throw new Error("dist/main.js is missing: run `npm run build` first.");
	const out = join(ROOT, "tests/plugin/harness/dist/harness.js");
	const result = await esbuild.build({
		entryPoints: [join(ROOT, "tests/plugin/harness/main.ts")],
		bundle: true,
		format: "iife",
		target: "es2020",
		outfile: out,
		write: false,
		logLevel: "warning",
	});
	await mkdir(dirname(out), { recursive: true });
	const temporary = `${out}.${process.pid}.tmp`;
	await writeFile(temporary, result.outputFiles[0].contents);
	await rename(temporary, out);
}

/** Serves the repository read-only on a free loopback port. */
export async function serve(port = 0) {
	const server = createServer(async (req, res) => {
		const url = new URL(req.url ?? "/", "http://localhost");
		const path = resolve(ROOT, "." + decodeURIComponent(url.pathname));
		if (!path.startsWith(ROOT + sep)) {
			res.writeHead(403).end();
			return;
		}
		try {
			const body = await readFile(path);
			res.writeHead(200, { "content-type": TYPES[extname(path)] ?? "application/octet-stream", "cache-control": "no-store" }).end(body);
		} catch {
			res.writeHead(404).end();
		}
	});
	await new Promise((r) => server.listen(port, "127.0.0.1", r));
	const address = server.address();
	return { server, url: `http://127.0.0.1:${typeof address === "object" && address ? address.port : port}` };
}

/** Every file of a vault folder (dot folders skipped, as Obsidian does), as path → text. */
export async function readVault(dir = join(ROOT, "examples/vault")) {
	const files = {};
	async function walk(d) {
		for (const entry of await readdir(d, { withFileTypes: true })) {
			if (entry.name.startsWith(".")) continue;
			const full = join(d, entry.name);
			if (entry.isDirectory()) await walk(full);
			else files[relative(dir, full).split(sep).join("/")] = await readFile(full, "utf8");
		}
	}
	await walk(dir);
	return files;
}

export const CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage"];

export function chromiumPath() {
	for (const p of [process.env.CHROMIUM_PATH, "/usr/bin/chromium", "/usr/bin/chromium-browser"]) if (p && existsSync(p)) return p;
	throw new Error("Chromium not found: install Debian's chromium package (scripts/setup.sh does).");
}

/** A browser with the harness page open and the page clock fixed to TODAY. */
export async function openHarness({ theme = "light", viewport = { width: 1280, height: 900 } } = {}) {
	await buildHarness();
	const { server, url } = await serve();
	const browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS, headless: true });
	const page = await browser.newPage({ viewport });
	const errors = [];
	page.on("pageerror", (e) => errors.push(String(e)));
	page.on("dialog", (d) => {
		errors.push(`dialog: ${d.message()}`);
		void d.dismiss();
	});
	await page.clock.setFixedTime(new Date(`${TODAY}T12:00:00`));
	await page.goto(`${url}/tests/plugin/harness/index.html`);
	if (theme === "dark") await page.evaluate(() => document.body.classList.replace("theme-light", "theme-dark"));
	return {
		page,
		url,
		errors,
		async close() {
			await browser.close();
			await new Promise((r) => server.close(r));
		},
	};
}

/**
 * The harness page of a test file and the example vault, set by `useHarness` (node --test runs
 * each file in a process of its own, so each file has one page).
 */
export let h;
export let vault;

/**
 * Opens the harness page before the file's tests (then runs `setup` on it) and closes it after
 * them. One hook: node's runner may start a second top-level `before` before the first is done.
 */
export function useHarness(setup) {
	before(async () => {
		vault = await readVault();
		h = await openHarness();
		await setup?.(h);
	});
	after(async () => {
		await h?.close();
	});
}

export const evaluate = (fn, arg) => h.page.evaluate(fn, arg);
export const settle = () => evaluate(() => window.harness.settle());
export const rows = () => evaluate(() => window.harness.staleRows());
export const notices = () => evaluate(() => [...window.harness.notices]);

/** Polls until `check` (a function of the plugin, run in the page) is true. */
export async function until(check, what, ms = 10_000) {
	const ok = await evaluate(
		async ([source, ms]) => {
			const check = new Function("plugin", `return (${source})(plugin);`);
			const end = performance.now() + ms;
			while (performance.now() < end) {
				if (check(window.harness.plugin)) return true;
				await new Promise((r) => setTimeout(r, 10));
			}
			return false;
		},
		[check.toString(), ms],
	);
	assert.ok(ok, `timed out waiting for ${what}`);
}

/** A fresh page with `files` as the vault and the plugin loaded (and indexed, unless told not to wait). */
export async function start(files = vault, options = {}) {
	await h.page.reload();
	return evaluate(([f, o]) => window.harness.start(f, o), [files, options]);
}

/**
 * Plugin modules in Node: `entry` (TypeScript `export … from "./plugin/…"` lines) bundled with
 * `obsidian` answered by the harness, whose module imports touch no DOM, and imported.
 */
export async function importPluginModules(entry) {
	const out = await esbuild.build({
		stdin: { contents: entry, resolveDir: ROOT, loader: "ts" },
		bundle: true,
		format: "esm",
		platform: "neutral",
		write: false,
		alias: { obsidian: join(ROOT, "tests/plugin/harness/obsidian.ts") },
		external: ["rapport-core-factory", "rapport-core-wasm"],
		logLevel: "silent",
	});
	return import(`data:text/javascript;base64,${Buffer.from(out.outputFiles[0].text).toString("base64")}`);
}

/** Runs the native CLI (built by `cargo test`/`cargo build`) for parity checks. */
export async function cliBinary() {
	for (const p of ["target/debug/rapport", "target/release/rapport"]) {
		const full = join(ROOT, p);
		if (existsSync(full) && (await stat(full)).isFile()) return full;
	}
	return null;
}
