/** ```rapport code blocks (`tasks`, `owned`, `contact` or `projects`) that replace a people note's Dataview queries. */
import { Component, type HoverParent, type HoverPopover, MarkdownRenderChild } from "obsidian";
import type { RapportApi } from "./api";
import { renamedPath } from "./personTasksView";
import { renderLinked } from "./profile";
import { appendMarkedText, cadenceText, daysAgo, type LinkHost, STATUS_LABELS, TaskList } from "./render";

export type BlockKind = "tasks" | "owned" | "contact" | "projects";

/** The block's kind from its first line. */
export function blockKind(source: string): BlockKind | null {
	const first = source.trim().split("\n")[0]?.trim().toLowerCase() ?? "";
	return first === "tasks" || first === "owned" || first === "contact" || first === "projects" ? first : null;
}

/**
 * The folders a `projects` block names on its second line, `from: Work/Projects, Personal/Projects`
 * (what `rapport migrate` writes for Dataview's `FROM "Work/Projects" OR "Personal/Projects"`):
 * `null` when there is no second line (the settings' project folders and `type: project` then
 * decide), `"invalid"` when the line is something else.
 */
export function projectFolders(source: string): string[] | null | "invalid" {
	const second = source.trim().split("\n")[1]?.trim() ?? "";
	if (second === "") return null;
	const from = /^from\s*:(.*)$/i.exec(second)?.[1];
	if (from === undefined) return "invalid";
	const folders = from
		.split(",")
		.map((f) => f.trim().replace(/^(["'])(.*)\1$/, "$2").trim())
		.filter((f) => f !== "");
	return folders.length > 0 ? folders : "invalid";
}

export class RapportBlock extends MarkdownRenderChild implements HoverParent {
	hoverPopover: HoverPopover | null = null;
	/** Owns the listeners of what is drawn; replaced when the block is drawn anew. */
	private scope: Component | null = null;
	private list: TaskList | null = null;

	/**
	 * @param path The note the block is in. The context's `sourcePath` is where the note was when it
	 * was rendered; a rename does not render it again, so the block follows renames itself.
	 */
	constructor(
		containerEl: HTMLElement,
		private readonly api: RapportApi,
		private readonly source: string,
		private path: string,
	) {
		super(containerEl);
	}

	onload(): void {
		this.api.events.onIndexChanged(this, () => this.render());
		this.registerEvent(
			this.api.app.vault.on("rename", (file, oldPath) => {
				const next = renamedPath(this.path, oldPath, file.path);
				if (next === null) return;
				this.path = next;
				this.render();
			}),
		);
		this.render();
	}

	render(): void {
		const el = this.containerEl;
		el.addClass("rapport-block");
		const kind = blockKind(this.source);
		if (!kind) {
			this.clear();
			appendMarkedText(el.createDiv({ cls: "rapport-error" }), "Rapport: the first line of this block must be `tasks`, `owned`, `contact` or `projects`.");
			return;
		}
		if (kind === "projects") {
			this.renderProjects();
			return;
		}
		if (!this.api.isReady()) {
			this.clear();
			el.createDiv({ cls: "rapport-muted", text: this.api.waitingText() });
			return;
		}
		if (kind === "contact") {
			this.clear();
			const c = this.api.core.run((index) => index.contact(this.path, this.api.today()), null);
			if (!c) {
				el.createDiv({ cls: "rapport-muted", text: this.api.isReady() ? "This note is not a person." : this.api.waitingText() });
				return;
			}
			const line = el.createDiv({ cls: `rapport-contact-summary rapport-status-${c.status}` });
			line.createSpan({ cls: "rapport-chip rapport-status-chip", text: STATUS_LABELS[c.status] });
			line.createSpan({ text: ` Last contact ${daysAgo(c.daysSince)}${c.lastContact ? ` (${c.lastContact})` : ""}, ${cadenceText(c)}.` });
			appendMarkedText(el.createDiv({ cls: "rapport-reason" }), c.reason);
			return;
		}
		const tasks = this.api.core.run((index) => index.tasksForPerson(this.path), null);
		if (!tasks) {
			this.clear();
			el.createDiv({ cls: "rapport-muted", text: this.api.isReady() ? "This note is not a person." : this.api.waitingText() });
			return;
		}
		// The task list is kept between refreshes, so focus in it survives a note changing.
		if (!this.list) {
			this.clear();
			const scope = this.addChild(new Component());
			this.scope = scope;
			const host: LinkHost = { api: this.api, scope, hoverParent: this };
			this.list = kind === "tasks" ? new TaskList(el, host, "Open tasks", "No open task mentions them.") : new TaskList(el, host, "Tasks they own", "They own no open task.");
		}
		this.list.update(kind === "tasks" ? tasks.mentions : tasks.owned);
	}

	/** The projects that link this note, drawn anew at each refresh (links only, no focus to keep). */
	private renderProjects(): void {
		const el = this.containerEl;
		const folders = projectFolders(this.source);
		this.clear();
		if (folders === "invalid") {
			appendMarkedText(el.createDiv({ cls: "rapport-error" }), "Rapport: the second line of a `projects` block must be `from: Folder, Other/Folder`.");
			return;
		}
		if (!this.api.isReady()) {
			el.createDiv({ cls: "rapport-muted", text: this.api.waitingText() });
			return;
		}
		const projects = this.api.core.run((index) => index.projects(this.path, folders), null);
		if (!projects) {
			el.createDiv({ cls: "rapport-muted", text: this.api.isReady() ? "Rapport does not index this note." : this.api.waitingText() });
			return;
		}
		const scope = this.addChild(new Component());
		this.scope = scope;
		const host: LinkHost = { api: this.api, scope, hoverParent: this };
		el.createEl("h4", { cls: "rapport-section-title", text: `Projects (${projects.length})` });
		const where = folders ? `in ${folders.join(", ")} ` : "";
		renderLinked(el, host, projects, `No project ${where}links this note.`);
	}

	private clear(): void {
		if (this.scope) this.removeChild(this.scope);
		this.scope = null;
		this.list = null;
		this.containerEl.empty();
	}
}
