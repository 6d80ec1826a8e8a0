/**
 * Browser benchmark (issue 3): the BUILT wasm core in headless Chromium against a JavaScript
 * peer (yaml + micromark), on the synthetic vault, in the same page. Prints one markdown table
 * (medians over fresh pages) and writes it into docs/BENCHMARKS.md between its markers.
 *
 *   npm run bench                          10k notes x 5 pages, 50k notes x 3 pages
 *   BENCH_RUNS=3 BENCH_RUNS_50K=0 npm run bench
 *   BENCH_SKIP_WASM_BUILD=1 npm run bench  reuse target/bench-pkg
 *   BENCH_WRITE=0 npm run bench            print only
 */
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import os from "node:os";
import { join, relative } from "node:path";
import { gzipSync } from "node:zlib";
import esbuild from "esbuild";
import { chromium } from "playwright-core";

const root = new URL("..", import.meta.url).pathname;
const env = (name, fallback) => process.env[name] ?? fallback;
const RUNS = Number(env("BENCH_RUNS", 5));
const RUNS_50K = Number(env("BENCH_RUNS_50K", 3));
const SEED = 1;
const TODAY = "2026-11-26";
/** Notes per `upsertBytes` call, as the plugin feeds the vault at startup. */
const BATCH = 500;
const PKG = join(root, "target/bench-pkg");
const PAGE = join(root, "target/bench-page");
const CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

const run = (cmd, args) => execFileSync(cmd, args, { cwd: root, stdio: ["ignore", "inherit", "inherit"] });
const log = (s) => process.stderr.write(`${s}\n`);

/** The vault of `notes` notes, generated unless it is there from the same generator and seed. */
function vault(notes) {
	const dir = join(root, "bench-vaults", `${notes / 1000}k`);
	const generator = createHash("sha256").update(readFileSync(join(root, "benches/support/vault.rs"))).digest("hex").slice(0, 16);
	const stamp = `notes=${notes} seed=${SEED} generator=${generator}`;
	const stampFile = join(dir, ".generated");
	if (!existsSync(stampFile) || readFileSync(stampFile, "utf8").trim() !== stamp) {
		log(`Generating ${dir}`);
		run("cargo", ["run", "--release", "--quiet", "--example", "gen_vault", "--", "--notes", String(notes), "--seed", String(SEED), "--out", dir]);
		writeFileSync(stampFile, `${stamp}\n`);
	}
	return dir;
}

/** Markdown files under `dir`, vault-relative, skipping dot folders and files as Obsidian does. */
function markdown(dir, base = dir, out = []) {
	for (const name of readdirSync(dir).sort()) {
		if (name.startsWith(".")) continue;
		const full = join(dir, name);
		if (statSync(full).isDirectory()) markdown(full, base, out);
		else if (name.endsWith(".md")) out.push(relative(base, full));
	}
	return out;
}

function writeVaultJson(notes) {
	const dir = vault(notes);
	const paths = markdown(dir);
	const texts = paths.map((p) => readFileSync(join(dir, p), "utf8"));
	const file = `vault-${notes}.json`;
	writeFileSync(join(PAGE, file), JSON.stringify({ paths, texts }));
	return file;
}

function serve() {
	const types = { ".html": "text/html", ".js": "text/javascript", ".json": "application/json", ".wasm": "application/wasm" };
	const server = createServer((req, res) => {
		const path = new URL(req.url, "http://x").pathname;
		const file = path === "/rapport_bg.wasm" ? join(PKG, "rapport_bg.wasm") : join(PAGE, path === "/" ? "index.html" : path.slice(1));
		if (!file.startsWith(PAGE) && !file.startsWith(PKG)) return res.writeHead(403).end();
		try {
			const body = readFileSync(file);
			res.writeHead(200, { "content-type": types[file.slice(file.lastIndexOf("."))] ?? "application/octet-stream" }).end(body);
		} catch {
			res.writeHead(404).end();
		}
	});
	return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

function median(xs) {
	const s = xs.filter((x) => x !== undefined).sort((a, b) => a - b);
	return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

const kb = (bytes) => `${(bytes / 1024).toFixed(0)} KB`;
const mb = (bytes) => `${(bytes / 1048576).toFixed(1)} MB`;
function ms(x) {
	if (x >= 100) return `${x.toFixed(0)} ms`;
	if (x >= 1) return `${x.toFixed(2)} ms`;
	return `${x.toFixed(3)} ms`;
}
function ratio(ours, theirs) {
	if (!theirs) return "";
	const r = ours / theirs;
	return r < 1 ? `${r.toFixed(3)} (${(1 / r).toFixed(1)}× faster)` : `${r.toFixed(2)} (${r.toFixed(1)}× slower)`;
}

async function main() {
	mkdirSync(PAGE, { recursive: true });
	if (env("BENCH_SKIP_WASM_BUILD", "0") !== "1") {
		log("Building the wasm core into target/bench-pkg (wasm-pack, release, then wasm-opt as npm run build:wasm runs it)");
		run("wasm-pack", ["build", "--target", "web", "--release", "--out-dir", "target/bench-pkg"]);
		// The same optimisation as the plugin's build: the wasm-opt arguments of build:wasm.
		const script = JSON.parse(readFileSync(join(root, "package.json"), "utf8")).scripts["build:wasm"];
		const args = script.slice(script.indexOf("wasm-opt ") + "wasm-opt ".length).split(/\s+/).map((a) => a.replace(/^pkg\//, "target/bench-pkg/"));
		run(join(root, "node_modules/.bin/wasm-opt"), args);
	}
	await esbuild.build({
		entryPoints: [join(root, "scripts/bench-browser/page.mjs")],
		bundle: true,
		format: "esm",
		platform: "browser",
		target: "es2022",
		outfile: join(PAGE, "page.js"),
		logLevel: "warning",
	});
	writeFileSync(join(PAGE, "index.html"), '<!doctype html><meta charset="utf-8"><title>Rapport bench</title><script type="module" src="page.js"></script>\n');
	const sizes = [10_000, ...(RUNS_50K > 0 ? [50_000] : [])];
	const files = Object.fromEntries(sizes.map((n) => [n, writeVaultJson(n)]));

	const server = await serve();
	const base = `http://127.0.0.1:${server.address().port}`;
	const browser = await chromium.launch({ executablePath: env("CHROMIUM", "/usr/bin/chromium"), args: CHROMIUM_ARGS });
	const results = {};
	try {
		for (const n of sizes) {
			results[n] = [];
			for (let r = 0; r < (n === 10_000 ? RUNS : RUNS_50K); r++) {
				const context = await browser.newContext();
				const page = await context.newPage();
				await page.goto(`${base}/index.html`);
				await page.waitForFunction(() => typeof window.bench === "function");
				const cfg = { vaultUrl: `${base}/${files[n]}`, wasmUrl: `${base}/rapport_bg.wasm`, today: TODAY, batch: BATCH, editPath: `Daily/${TODAY}.md`, peer: true, again: n === 10_000 };
				const result = await page.evaluate((c) => window.bench(c), cfg);
				log(`${n} notes, run ${r + 1}: build ${ms(result.build)} (peer ${ms(result.peerBuild)}), update+stale ${ms(result.updateStale)}, stale ${ms(result.stale)}, settings ${ms(result.settingsOneCall)} in one call, longest slice ${ms(result.settingsLongestSlice)}`);
				results[n].push(result);
				await context.close();
			}
		}
	} finally {
		await browser.close();
		server.close();
	}

	const m = (n, key) => median(results[n].map((r) => r[key]));
	const wasm = readFileSync(join(PKG, "rapport_bg.wasm"));
	const mainJs = existsSync(join(root, "dist/main.js")) ? readFileSync(join(root, "dist/main.js")) : null;
	const r10 = results[10_000];
	const text10 = r10[0].textBytes;
	const people10 = r10[0].people;
	const rows = [
		["figure", "target", "Rapport (wasm)", "JS peer", "Rapport/peer"],
		[`full index, ${r10[0].notes} notes (${mb(text10)}), transfer included`, "≤ 500 ms, ≥ 5× faster than the peer", ms(m(10_000, "build")), ms(m(10_000, "peerBuild")), ratio(m(10_000, "build"), m(10_000, "peerBuild"))],
		[`full index, ${r10[0].notes} notes, built again in the same page (code warmed up)`, "", ms(m(10_000, "buildAgain")), ms(m(10_000, "peerBuildAgain")), ratio(m(10_000, "buildAgain"), m(10_000, "peerBuildAgain"))],
		[`full index, ${r10[0].notes} notes, built again from JS strings (\`upsertMany\`)`, "", ms(m(10_000, "buildAgainStrings")), "", ""],
		[`one-note update + stale query (${people10} people)`, "≤ 1 ms", ms(m(10_000, "updateStale")), ms(m(10_000, "peerUpdateStale")), ratio(m(10_000, "updateStale"), m(10_000, "peerUpdateStale"))],
		["tasks for one person (median person)", "≤ 0.2 ms", ms(m(10_000, "tasksMedian")), ms(m(10_000, "peerTasksMedian")), ratio(m(10_000, "tasksMedian"), m(10_000, "peerTasksMedian"))],
		["tasks for one person (busiest person)", "≤ 0.2 ms", ms(m(10_000, "tasksBusiest")), ms(m(10_000, "peerTasksBusiest")), ratio(m(10_000, "tasksBusiest"), m(10_000, "peerTasksBusiest"))],
		["tasks for one person, first answer (busiest person)", "", ms(m(10_000, "tasksBusiestFirst")), "", ""],
		["one-note update + tasks for the busiest person", "", ms(m(10_000, "updateTasks")), ms(m(10_000, "peerUpdateTasks")), ratio(m(10_000, "updateTasks"), m(10_000, "peerUpdateTasks"))],
		[`stale query, first after indexing (${people10} people)`, "", ms(m(10_000, "staleFirst")), "", ""],
		[`a \`projects\` block with \`from: Meetings\` rendered, answer and DOM (median person, ${r10[0].projectsFacts.median} notes)`, "≤ 1 ms", ms(m(10_000, "projectsMedian")), "", ""],
		[`a \`projects\` block with \`from: Meetings\` rendered (busiest person, ${r10[0].projectsFacts.fromBusiest} notes)`, "", ms(m(10_000, "projectsFromBusiest")), "", ""],
		[`stale query, nothing changed since the last (${people10} people)`, "", ms(m(10_000, "stale")), ms(m(10_000, "peerStale")), ratio(m(10_000, "stale"), m(10_000, "peerStale"))],
		["settings change, every note re-derived in one synchronous call (as `setConfig` did before)", "", ms(m(10_000, "settingsOneCall")), "", ""],
		["settings change as the plugin applies it: longest synchronous slice of `rederive`", "≤ 16 ms", ms(m(10_000, "settingsLongestSlice")), "", ""],
		[`settings change as the plugin applies it: slices together (${m(10_000, "settingsSlices")} slices), and until done`, "", `${ms(m(10_000, "settingsSliced"))}, ${ms(m(10_000, "settingsWall"))}`, "", ""],
	];
	if (results[50_000]?.length) {
		const r50 = results[50_000];
		rows.push(
			[`one-note update + stale query over ${r50[0].people} people (${r50[0].notes} notes)`, "≤ 5 ms", ms(m(50_000, "updateStale")), ms(m(50_000, "peerUpdateStale")), ratio(m(50_000, "updateStale"), m(50_000, "peerUpdateStale"))],
			[`stale query over ${r50[0].people} people, first after indexing`, "", ms(m(50_000, "staleFirst")), "", ""],
			[`full index, ${r50[0].notes} notes (${mb(r50[0].textBytes)}), transfer included`, "", ms(m(50_000, "build")), ms(m(50_000, "peerBuild")), ratio(m(50_000, "build"), m(50_000, "peerBuild"))],
			["time per note, 10k → 50k", "flat within 1.5×", `${(m(10_000, "build") / 10).toFixed(0)} → ${(m(50_000, "build") / 50).toFixed(0)} µs (×${(m(50_000, "build") / 5 / m(10_000, "build")).toFixed(2)})`, `${(m(10_000, "peerBuild") / 10).toFixed(0)} → ${(m(50_000, "peerBuild") / 50).toFixed(0)} µs`, ""],
		);
	}
	rows.push(
		["wasm instantiation (compile + instantiate)", "≤ 50 ms", ms(m(10_000, "instantiate")), "", ""],
		["wasm after wasm-opt (gzip)", "≤ 400 KB", `${kb(wasm.length)} (${kb(gzipSync(wasm, { level: 9 }).length)})`, "", ""],
		["dist/main.js, wasm inlined (gzip)", "", mainJs ? `${kb(mainJs.length)} (${kb(gzipSync(mainJs, { level: 9 }).length)})` : "not built (npm run build)", "", ""],
		[`wasm memory after indexing ${r10[0].notes} notes`, `≤ 2× text (${mb(2 * text10)})`, `${mb(m(10_000, "memory"))} (${(m(10_000, "memory") / text10).toFixed(2)}× text)`, "", ""],
	);
	const cpu = (readFileSync("/proc/cpuinfo", "utf8").match(/model name\s*:\s*(.*)/) ?? [])[1] ?? "unknown CPU";
	const chromiumVersion = execFileSync(env("CHROMIUM", "/usr/bin/chromium"), ["--version"], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
	const f = r10[0].facts;
	const pf = r10[0].peerFacts;
	const table = [
		`Machine: ${os.availableParallelism()} cores (\`nproc\`), ${cpu}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB; ${chromiumVersion}, headless; Node ${process.version}.`,
		`Medians over ${RUNS} fresh pages at 10k notes${results[50_000]?.length ? ` and ${RUNS_50K} at 50k` : ""}; a query figure is itself the median of 15 timed batches.`,
		`Vault: \`gen_vault --seed ${SEED}\`, today ${TODAY}, batches of ${BATCH} notes; Rapport gets each note's bytes (as the plugin reads them with \`vault.readBinary\`, joined per batch for \`upsertBytes\`), the peer its text (as a JavaScript plugin reads it with \`vault.cachedRead\`); producing either is Obsidian's work and not timed.`,
		`Same facts on both sides: Rapport read ${f.tasks} tasks (${f.open} open), the peer ${pf.tasks} (${pf.open} open); open tasks of the median / busiest person: Rapport ${f.median} / ${f.busiest}, peer ${pf.median} / ${pf.busiest}.`,
		"",
		...rows.map((r, i) => `| ${r.join(" | ")} |${i === 0 ? `\n|${r.map(() => "---").join("|")}|` : ""}`),
	].join("\n");
	console.log(table);
	if (env("BENCH_WRITE", "1") === "1") {
		const doc = join(root, "docs/BENCHMARKS.md");
		const start = "<!-- bench-browser:start -->";
		const end = "<!-- bench-browser:end -->";
		const old = existsSync(doc) ? readFileSync(doc, "utf8") : `# Benchmarks\n\n${start}\n${end}\n`;
		if (old.includes(start) && old.includes(end)) {
			writeFileSync(doc, `${old.slice(0, old.indexOf(start) + start.length)}\n${table}\n${old.slice(old.indexOf(end))}`);
			log(`Wrote the table into ${relative(root, doc)}`);
		} else log(`${relative(root, doc)} has no ${start} marker; table not written`);
	}
}

await main();
