// ESLint: eslint-plugin-obsidianmd's recommended rules (ESLint core, typescript-eslint type-checked
// rules and Obsidian's own) over the plugin, and its checks of the release files: manifest.json
// (the rules the community directory's review applies) and LICENSE. The test harness imitates
// Obsidian itself, so plugin rules do not apply to it; `npm run typecheck` checks it against the
// official typings.
import { defineConfig } from "eslint/config";
import obsidianmd from "eslint-plugin-obsidianmd";
// Not re-exported by the package: the parser its own recommended config does not wire for LICENSE.
import { PlainTextParser } from "eslint-plugin-obsidianmd/dist/lib/plainTextParser.js";
import tseslint from "typescript-eslint";

export default defineConfig([
	{ ignores: ["dist/**", "pkg/**", "target/**", "node_modules/**", "tests/plugin/harness/**", "**/*.mjs", "fuzz/**"] },
	...obsidianmd.configs.recommended,
	{
		languageOptions: {
			parserOptions: {
				projectService: { allowDefaultProject: ["eslint.config.*"] },
				tsconfigRootDir: import.meta.dirname,
			},
		},
	},
	{
		rules: {
			// Rapport supports Obsidian from 1.7.2; the declarative settings API arrived in 1.13.
			"obsidianmd/settings-tab/prefer-setting-definitions": "off",
		},
	},
	{
		// The recommended config lists validate-manifest but matches no JSON file, so it never ran:
		// parse manifest.json as JSON (typescript-estree reads .json files as one object expression)
		// and make a bad manifest fail the lint.
		files: ["manifest.json"],
		languageOptions: { parser: tseslint.parser, parserOptions: { projectService: false, project: null } },
		plugins: { obsidianmd },
		rules: { "obsidianmd/validate-manifest": "error" },
	},
	{
		// The copyright line: not the sample plugin's holder. The year is not checked, or every lint
		// would fail on the first of January.
		files: ["LICENSE"],
		languageOptions: { parser: PlainTextParser },
		plugins: { obsidianmd },
		rules: { "obsidianmd/validate-license": ["error", { disableUnchangedYear: true }] },
	},
]);
