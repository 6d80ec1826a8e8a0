// ESLint: eslint-plugin-obsidianmd's recommended rules (ESLint core, typescript-eslint type-checked
// rules and Obsidian's own) over the plugin; the harness is test code that imitates Obsidian.
import { defineConfig } from "eslint/config";
import obsidianmd from "eslint-plugin-obsidianmd";

export default defineConfig([
	{ ignores: ["dist/**", "pkg/**", "target/**", "node_modules/**", "tests/plugin/harness/dist/**", "**/*.mjs", "fuzz/**"] },
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
		// The harness implements Obsidian's API, so it does what plugins must not (it owns the DOM
		// helpers, prototypes and `any`-typed event signatures of the official typings).
		files: ["tests/plugin/harness/**/*.ts"],
		rules: {
			"obsidianmd/no-tfile-tfolder-cast": "off",
			"obsidianmd/prefer-file-manager-trash-file": "off",
			"@typescript-eslint/no-explicit-any": "off",
			"@typescript-eslint/no-unsafe-assignment": "off",
			"@typescript-eslint/no-unsafe-member-access": "off",
			"@typescript-eslint/no-unsafe-call": "off",
			"@typescript-eslint/no-unsafe-return": "off",
			"@typescript-eslint/no-unsafe-argument": "off",
			"@typescript-eslint/no-implied-eval": "off",
			"@typescript-eslint/no-empty-function": "off",
			"@typescript-eslint/require-await": "off",
		},
	},
]);
