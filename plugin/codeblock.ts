/** ```rapport code blocks (`tasks`, `owned` or `contact`) that replace a people note's Dataview queries. */
import { Component, MarkdownRenderChild } from "obsidian";
import type { RapportApi } from "./api";
import { cadenceText, daysAgo, renderTaskList, STATUS_LABELS } from "./render";

export type BlockKind = "tasks" | "owned" | "contact";

/** The block's kind from its first line. */
export function blockKind(source: string): BlockKind | null {
	const first = source.trim().split("\n")[0]?.trim().toLowerCase() ?? "";
	return first === "tasks" || first === "owned" || first === "contact" ? first : null;
}

export class RapportBlock extends MarkdownRenderChild {
	/** Owns the listeners of the last render; replaced on every render. */
	private scope: Component | null = null;

	constructor(
		containerEl: HTMLElement,
		private readonly api: RapportApi,
		private readonly source: string,
		private readonly path: string,
	) {
		super(containerEl);
	}

	onload(): void {
		this.registerEvent(this.api.events.on("changed", () => this.render()));
		this.render();
	}

	render(): void {
		const el = this.containerEl;
		el.empty();
		if (this.scope) this.removeChild(this.scope);
		const scope = this.addChild(new Component());
		this.scope = scope;
		el.addClass("rapport-block");
		const kind = blockKind(this.source);
		if (!kind) {
			el.createDiv({ cls: "rapport-error", text: "Rapport: the first line of this block must be `tasks`, `owned` or `contact`." });
			return;
		}
		if (!this.api.isReady()) {
			el.createDiv({ cls: "rapport-muted", text: this.api.waitingText() });
			return;
		}
		const register = (target: HTMLElement, type: "click" | "change", fn: (e: Event) => void) => scope.registerDomEvent(target, type, fn);
		if (kind === "contact") {
			const c = this.api.core.run((index) => index.contact(this.path, this.api.today()), null);
			if (!c) {
				el.createDiv({ cls: "rapport-muted", text: this.api.isReady() ? "This note is not a person." : this.api.waitingText() });
				return;
			}
			const line = el.createDiv({ cls: `rapport-contact-summary rapport-status-${c.status}` });
			line.createSpan({ cls: "rapport-chip rapport-status-chip", text: STATUS_LABELS[c.status] });
			line.createSpan({ text: ` Last contact ${daysAgo(c.daysSince)}${c.lastContact ? ` (${c.lastContact})` : ""}, ${cadenceText(c)}.` });
			el.createDiv({ cls: "rapport-reason", text: c.reason });
			return;
		}
		const tasks = this.api.core.run((index) => index.tasksForPerson(this.path), null);
		if (!tasks) {
			el.createDiv({ cls: "rapport-muted", text: this.api.isReady() ? "This note is not a person." : this.api.waitingText() });
			return;
		}
		if (kind === "tasks") renderTaskList(el, this.api, "Open tasks", tasks.mentions, "No open task mentions them.", register);
		else renderTaskList(el, this.api, "Tasks they own", tasks.owned, "They own no open task.", register);
	}
}
