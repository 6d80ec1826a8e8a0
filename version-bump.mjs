/**
 * Run by `npm version` (the `version` script, after package.json has the new version and before
 * the commit): sets manifest.json's version to it and records in versions.json which Obsidian
 * version it needs (the manifest's minAppVersion), so Obsidian offers each user the newest
 * release their app can run. The script's `git add` puts both files in npm's version commit.
 */
import { readFileSync, writeFileSync } from "node:fs";

const version = process.env.npm_package_version;
// Obsidian compares plugin versions as x.y.z; a tag like `v1.0.0` or `1.0.0-beta` is not one.
if (!version || !/^\d+\.\d+\.\d+$/.test(version)) {
	console.error(`version-bump: expected an x.y.z version from npm, got ${JSON.stringify(version)}; run it through \`npm version\`.`);
	process.exit(1);
}

/** Writes `value` as the repository's JSON files are written: tabs, and a final newline. */
function writeJson(path, value) {
	writeFileSync(path, `${JSON.stringify(value, null, "\t")}\n`);
}

const manifest = JSON.parse(readFileSync("manifest.json", "utf8"));
manifest.version = version;
writeJson("manifest.json", manifest);

const versions = JSON.parse(readFileSync("versions.json", "utf8"));
versions[version] = manifest.minAppVersion;
writeJson("versions.json", versions);
