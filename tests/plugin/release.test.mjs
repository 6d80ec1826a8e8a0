/**
 * Publishing: `npm version` keeps manifest.json and versions.json in step (run in a temporary copy
 * of the repository's release files), and the release workflow builds with the scripts the tests
 * use, installs the wasm-bindgen CLI of the crate's pinned version, and attests and attaches the
 * three files the build makes. The workflow itself runs only on GitHub.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "yaml";
import { ROOT } from "./support.mjs";

const RELEASE_FILES = ["package.json", "package-lock.json", "manifest.json", "versions.json", "version-bump.mjs", ".npmrc"];

/** A git repository holding a copy of the release files, committed, as `npm version` wants it. */
function copyRepository() {
	const dir = mkdtempSync(join(tmpdir(), "rapport-version-"));
	for (const f of RELEASE_FILES) copyFileSync(join(ROOT, f), join(dir, f));
	const git = (...args) => execFileSync("git", args, { cwd: dir, encoding: "utf8" });
	git("init", "-q");
	git("config", "user.name", "Test");
	git("config", "user.email", "test@example.invalid");
	git("config", "commit.gpgsign", "false");
	git("config", "tag.gpgsign", "false");
	git("add", ".");
	git("commit", "-q", "-m", "start");
	return { dir, git, read: (f) => readFileSync(join(dir, f), "utf8") };
}

const npmVersion = (dir, version) => spawnSync("npm", ["version", version], { cwd: dir, encoding: "utf8", env: { ...process.env, npm_config_update_notifier: "false" } });

test("npm version sets manifest.json's version, records its minAppVersion in versions.json, and tags without a v", (t) => {
	const repo = copyRepository();
	t.after(() => rmSync(repo.dir, { recursive: true, force: true }));
	const manifest = JSON.parse(repo.read("manifest.json"));
	const versions = JSON.parse(repo.read("versions.json"));
	const next = "9.8.7";
	assert.ok(!(next in versions));
	const run = npmVersion(repo.dir, next);
	assert.equal(run.status, 0, run.stderr);
	assert.deepEqual(JSON.parse(repo.read("manifest.json")), { ...manifest, version: next }, "only the version changed");
	assert.deepEqual(JSON.parse(repo.read("versions.json")), { ...versions, [next]: manifest.minAppVersion });
	assert.match(repo.read("manifest.json"), /^\{\n\t"id": "rapport",\n[\s\S]*\n\}\n$/, "tabs and a final newline, as before");
	assert.deepEqual(repo.git("tag").trim().split("\n"), [next], "the tag is the bare version, as Obsidian's release wants");
	assert.deepEqual(repo.git("show", "--name-only", "--format=", "HEAD").trim().split("\n").sort(), ["manifest.json", "package-lock.json", "package.json", "versions.json"], "both files are in the version commit");
	assert.equal(repo.git("status", "--porcelain"), "", "nothing left uncommitted");
});

test("a version Obsidian cannot compare (a prerelease) is refused, and nothing is written", (t) => {
	const repo = copyRepository();
	t.after(() => rmSync(repo.dir, { recursive: true, force: true }));
	const before = { manifest: repo.read("manifest.json"), versions: repo.read("versions.json") };
	const run = npmVersion(repo.dir, "9.8.7-beta.1");
	assert.notEqual(run.status, 0);
	assert.match(run.stderr, /expected an x\.y\.z version/);
	assert.equal(repo.read("manifest.json"), before.manifest);
	assert.equal(repo.read("versions.json"), before.versions);
	assert.equal(repo.git("tag"), "", "no tag");
});

test("the release workflow builds with npm run build and attests and attaches the files the build makes", () => {
	const workflow = parse(readFileSync(join(ROOT, ".github/workflows/release.yml"), "utf8"));
	assert.deepEqual(workflow.on, { push: { tags: ["*"] } }, "runs on a pushed tag");
	assert.deepEqual(workflow.permissions, { contents: "write", "id-token": "write", attestations: "write" });
	const steps = workflow.jobs.release.steps;
	const runs = steps.map((s) => s.run ?? "").join("\n");
	for (const needed of ["--target wasm32-unknown-unknown", "cargo install wasm-bindgen-cli", "cargo install wasm-pack", "npm ci", "npm run build"]) assert.ok(runs.includes(needed), needed);
	const order = (text) => steps.findIndex((s) => (s.run ?? "").includes(text) || (s.uses ?? "").includes(text));
	assert.ok(order("npm ci") < order("npm run build") && order("npm run build") < order("attest-build-provenance") && order("attest-build-provenance") < order("gh release create"), "install, build, attest, release");

	// The wasm-bindgen CLI it installs is the crate's pinned version, read as the workflow reads it.
	const install = steps.find((s) => (s.run ?? "").includes("wasm-bindgen-cli")).run;
	const read = install.split("\n").find((l) => l.startsWith("version=$("));
	const version = execFileSync("bash", ["-c", `${read}\necho "$version"`], { cwd: ROOT, encoding: "utf8" }).trim();
	assert.equal(`=${version}`, /^wasm-bindgen = "(=[^"]+)"/m.exec(readFileSync(join(ROOT, "Cargo.toml"), "utf8"))[1]);

	// What it attests is what it attaches, and what `npm run build` (its build:plugin part) makes.
	const attested = steps.find((s) => (s.uses ?? "").startsWith("actions/attest-build-provenance@"))["with"]["subject-path"].trim().split("\n");
	const attached = /gh release create "\$tag" --title "\$tag" --draft (.+)$/m.exec(runs)[1].split(" ");
	assert.deepEqual(attested, ["dist/main.js", "dist/manifest.json", "dist/styles.css"]);
	assert.deepEqual(attached, attested);
	assert.match(JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")).scripts.build, /npm run build:plugin/);
	execFileSync("npm", ["run", "build:plugin"], { cwd: ROOT, stdio: "ignore" });
	assert.equal(readFileSync(join(ROOT, "dist/manifest.json"), "utf8"), readFileSync(join(ROOT, "manifest.json"), "utf8"));
	assert.equal(readFileSync(join(ROOT, "dist/styles.css"), "utf8"), readFileSync(join(ROOT, "styles.css"), "utf8"));
	assert.match(readFileSync(join(ROOT, "dist/main.js"), "utf8"), /^\/\* Rapport: /);
});
