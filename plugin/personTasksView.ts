/** The person tasks view: open tasks that mention the active person, and those they own. */
import { Component, ItemView, type WorkspaceLeaf } from "obsidian";
import type { RapportApi } from "./api";
import { renderTaskList } from "./render";

export const VIEW_TYPE_PERSON_TASKS = "rapport-person-tasks";

export class PersonTasksView extends ItemView {
	/** The person shown; follows the active note while it is a person. */
	private person: string | null = null;
	/** Owns the listeners of the last render's rows; replaced on every render. */
	private rowScope: Component | null = null;

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

	/** Shows `path`'s tasks (if it is a person). */
	show(path: string): void {
		this.person = path;
		this.render();
	}

	async onOpen(): Promise<void> {
		this.contentEl.addClass("rapport-view", "rapport-person-view");
		this.registerEvent(this.api.events.on("changed", () => this.render()));
		this.registerEvent(
			this.app.workspace.on("file-open", (file) => {
				if (file && this.api.core.run((index) => index.personForPath(file.path), null)) this.show(file.path);
			}),
		);
		const active = this.app.workspace.getActiveFile();
		if (!this.person && active) this.person = active.path;
		this.render();
	}

	async onClose(): Promise<void> {
		this.contentEl.empty();
	}

	render(): void {
		const root = this.contentEl;
		root.empty();
		if (this.rowScope) this.removeChild(this.rowScope);
		const scope = this.addChild(new Component());
		this.rowScope = scope;
		const path = this.person;
		const tasks = path ? this.api.core.run((index) => index.tasksForPerson(path), null) : null;
		if (!tasks) {
			root.createDiv({ cls: "rapport-empty", text: this.api.isReady() ? "Open a people note to see the tasks that concern them." : this.api.waitingText() });
			return;
		}
		const header = root.createDiv({ cls: "rapport-view-header" });
		const name = header.createEl("a", { cls: "rapport-person-name", text: tasks.person.name, href: "#" });
		scope.registerDomEvent(name, "click", (e) => {
			e.preventDefault();
			void this.api.openNote(tasks.person.path);
		});
		const register = (el: HTMLElement, type: "click" | "change", fn: (e: Event) => void) => scope.registerDomEvent(el, type, fn);
		renderTaskList(root, this.api, "Mentions", tasks.mentions, "No open task mentions them.", register);
		renderTaskList(root, this.api, "Owned", tasks.owned, "They own no open task.", register);
	}
}
