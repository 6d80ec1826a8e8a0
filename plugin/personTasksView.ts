/** The person tasks view: open tasks that mention the active person, and those they own. */
import { Component, type HoverParent, type HoverPopover, ItemView, type ViewStateResult, type WorkspaceLeaf } from "obsidian";
import type { RapportApi } from "./api";
import { type LinkHost, linkToNote, TaskList } from "./render";

export const VIEW_TYPE_PERSON_TASKS = "rapport-person-tasks";

/** The view's saved state: which person it shows (kept in the workspace layout). */
interface PersonState {
	file?: string;
}

/** `path` after the rename of `oldPath` to `newPath` (a file, or a folder above it). */
export function renamedPath(path: string, oldPath: string, newPath: string): string | null {
	if (path === oldPath) return newPath;
	if (path.startsWith(`${oldPath}/`)) return newPath + path.slice(oldPath.length);
	return null;
}

export class PersonTasksView extends ItemView implements HoverParent {
	hoverPopover: HoverPopover | null = null;
	/** The person shown; follows the active note while it is a person. */
	private person: string | null = null;
	/** What is drawn for the person shown, updated in place while they stay the same. */
	private drawn: { path: string; scope: Component; name: HTMLElement; mentions: TaskList; owned: TaskList } | null = null;

	constructor(
		leaf: WorkspaceLeaf,
		private readonly api: RapportApi,
	) {
		super(leaf);
	}

	getViewType(): string {
		return VIEW_TYPE_PERSON_TASKS;
	}

	getDisplayText(): string {
		return "Person tasks";
	}

	getIcon(): string {
		return "list-checks";
	}

	getState(): Record<string, unknown> {
		return { ...super.getState(), file: this.person };
	}

	async setState(state: unknown, result: ViewStateResult): Promise<void> {
		const file = (state as PersonState | null)?.file;
		if (typeof file === "string") this.person = file;
		await super.setState(state, result);
		this.render();
	}

	/** Shows `path`'s tasks (if it is a person). */
	show(path: string): void {
		if (this.person !== path) {
			this.person = path;
			// The person is this view's state: the layout saved with the workspace must say so.
			this.app.workspace.requestSaveLayout();
		}
		this.render();
	}

	async onOpen(): Promise<void> {
		this.contentEl.addClass("rapport-view", "rapport-person-view");
		this.api.events.onIndexChanged(this, () => this.render());
		this.registerEvent(
			this.app.workspace.on("file-open", (file) => {
				if (file && this.api.core.run((index) => index.personForPath(file.path), null)) this.show(file.path);
			}),
		);
		// The person's note renamed or moved (or a folder above it): follow it.
		this.registerEvent(
			this.app.vault.on("rename", (file, oldPath) => {
				const next = this.person === null ? null : renamedPath(this.person, oldPath, file.path);
				if (next !== null) this.show(next);
			}),
		);
		const active = this.app.workspace.getActiveFile();
		if (!this.person && active) this.person = active.path;
		this.render();
	}

	async onClose(): Promise<void> {
		this.clear();
	}

	render(): void {
		const root = this.contentEl;
		const path = this.person;
		const tasks = path ? this.api.core.run((index) => index.tasksForPerson(path), null) : null;
		if (!tasks) {
			this.clear();
			root.createDiv({ cls: "rapport-empty", text: this.api.isReady() ? "Open a people note to see the tasks that concern them." : this.api.waitingText() });
			return;
		}
		let drawn = this.drawn;
		if (!drawn || drawn.path !== tasks.person.path) {
			this.clear();
			const scope = this.addChild(new Component());
			const host: LinkHost = { api: this.api, scope, hoverParent: this, leaf: this.leaf };
			const header = root.createDiv({ cls: "rapport-view-header" });
			const name = header.createEl("a", { cls: "rapport-person-name", href: "#" });
			linkToNote(name, host, tasks.person.path);
			drawn = {
				path: tasks.person.path,
				scope,
				name,
				mentions: new TaskList(root, host, "Mentions", "No open task mentions them."),
				owned: new TaskList(root, host, "Owned", "They own no open task."),
			};
			this.drawn = drawn;
		}
		drawn.name.setText(tasks.person.name);
		drawn.mentions.update(tasks.mentions);
		drawn.owned.update(tasks.owned);
	}

	private clear(): void {
		if (this.drawn) this.removeChild(this.drawn.scope);
		this.drawn = null;
		this.contentEl.empty();
	}
}
