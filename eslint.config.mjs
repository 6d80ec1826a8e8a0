// ESLint: eslint-plugin-obsidianmd's recommended rules (ESLint core, typescript-eslint type-checked
// rules and Obsidian's own) over the plugin. The test harness imitates Obsidian itself, so plugin
// rules do not apply to it; `npm run typecheck` checks it against the official typings.
import { defineConfig } from "eslint/config";
import obsidianmd from "eslint-plugin-obsidianmd";

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
			// Rapport supports Obsidian from 1.5.7; the declarative settings API arrived in 1.13.
			"obsidianmd/settings-tab/prefer-setting-definitions": "off",
		},
	},
]);
