/** DOM pieces shared by the views, modals and code blocks. Text only: never HTML from notes. */
import { Component, type HoverParent, Keymap, Menu, type PaneType, TFile, type WorkspaceLeaf } from "obsidian";
import type { Diagnostic, StaleContact, Status, Task } from "../pkg/rapport";
import type { RapportApi } from "./api";

/**
 * The id Rapport's views and blocks give the `hover-link` event, registered with the Page preview
 * core plugin (which lists it in its settings as "Rapport") and used as the file menu's source.
 */
export const HOVER_SOURCE = "rapport";

/** Where a link lives: what its listeners belong to, and what Page preview and file menus are told. */
export interface LinkHost {
	api: RapportApi;
	/** Owns the listeners of the current render; they go with it. */
	scope: Component;
	hoverParent: HoverParent;
	/** The leaf the link is in, for the file menu's listeners. */
	leaf?: WorkspaceLeaf;
}

/**
 * Makes `el` behave as a link to a note does in Obsidian: a click opens the note (Cmd/Ctrl-click
 * or a middle click in a new tab, as `Keymap.isModEvent` says), hovering shows Page preview, and a
 * right click (a long press on a phone) shows the file menu that other plugins add to.
 */
export function linkToNote(el: HTMLElement, host: LinkHost, path: string, line?: number): void {
	const { api, scope } = host;
	scope.registerDomEvent(el, "click", (e) => {
		e.preventDefault();
		void api.openNote(path, line, Keymap.isModEvent(e));
	});
	scope.registerDomEvent(el, "auxclick", (e) => {
		if (e.button !== 1) return;
		e.preventDefault();
		void api.openNote(path, line, "tab" satisfies PaneType);
	});
	scope.registerDomEvent(el, "mouseover", (e) => {
		api.app.workspace.trigger("hover-link", { event: e, source: HOVER_SOURCE, hoverParent: host.hoverParent, targetEl: el, linktext: path, sourcePath: "" });
	});
	scope.registerDomEvent(el, "contextmenu", (e) => {
		const file = api.app.vault.getAbstractFileByPath(path);
		if (!(file instanceof TFile)) return;
		e.preventDefault();
		const menu = new Menu();
		api.app.workspace.trigger("file-menu", menu, file, HOVER_SOURCE, host.leaf);
		menu.showAtMouseEvent(e);
	});
}

export const STATUS_LABELS: Record<Status, string> = {
	stale: "Stale",
	overdue: "Overdue",
	due: "Due",
	never: "Never contacted",
	ok: "Up to date",
	snoozed: "Snoozed",
	paused: "Paused",
};

export function daysAgo(days: number | null): string {
	if (days === null) return "never";
	if (days === 0) return "today";
	if (days === 1) return "yesterday";
	return `${days} days ago`;
}

export function cadenceText(c: StaleContact): string {
	return c.cadenceDays === null ? "paused" : `every ${c.cadenceDays} days`;
}

/**
 * Appends `text` to `el`, with each `` `span` `` shown as inline code (the core's messages name
 * properties and values that way). Text nodes only: nothing in `text` is read as HTML.
 */
export function appendMarkedText(el: HTMLElement, text: string): void {
	text.split(/(`[^`\n]+`)/).forEach((part) => {
		if (part.length > 2 && part.startsWith("`") && part.endsWith("`")) el.createEl("code", { text: part.slice(1, -1) });
		else if (part.length > 0) el.append(part);
	});
}

export function plural(n: number, one: string, many: string): string {
	return `${n} ${n === 1 ? one : many}`;
}

/** Registers a listener for the current render. */
export type Register = (el: HTMLElement, type: "click" | "change", fn: (e: Event) => void) => void;

/** One task: checkbox, description, dates, and where it lives (a link to its line). */
export function renderTask(parent: HTMLElement, host: LinkHost, task: Task): HTMLElement {
	const { api, scope } = host;
	const row = parent.createDiv({ cls: "rapport-task" });
	row.dataset.path = task.path;
	row.dataset.line = String(task.line);
	const box = row.createEl("input", { cls: "task-list-item-checkbox rapport-task-checkbox", attr: { type: "checkbox", "aria-label": "Complete task" } });
	box.checked = task.statusKind === "done" || task.statusKind === "cancelled";
	scope.registerDomEvent(box, "change", () => {
		box.disabled = true;
		void api.completeTask(task).then((done) => {
			box.disabled = false;
			// Not written (the task moved or changed): the box must not claim it is done.
			if (!done) box.checked = false;
		});
	});
	const body = row.createDiv({ cls: "rapport-task-body" });
	body.createSpan({ cls: "rapport-task-text", text: task.description || task.text });
	const meta = body.createDiv({ cls: "rapport-task-meta" });
	if (task.status !== " ") meta.createSpan({ cls: "rapport-chip", text: `[${task.status}]` });
	if (task.due) {
		const overdue = task.due < api.today();
		meta.createSpan({ cls: `rapport-chip rapport-due${overdue ? " rapport-overdue" : ""}`, text: `Due ${task.due}` });
	} else if (task.scheduled) {
		meta.createSpan({ cls: "rapport-chip", text: `Scheduled ${task.scheduled}` });
	}
	if (task.priority) meta.createSpan({ cls: `rapport-chip rapport-priority-${task.priority}`, text: task.priority });
	if (task.recurrence) meta.createSpan({ cls: "rapport-chip", text: task.recurrence });
	const source = meta.createEl("a", { cls: "rapport-source", text: `${task.path.replace(/\.md$/, "")}:${task.line}`, href: "#" });
	linkToNote(source, host, task.path, task.line);
	return row;
}

/**
 * A titled list of tasks kept between refreshes: a task that did not change keeps its row (the core
 * hands back the same frozen object), so keyboard focus in it survives a note changing elsewhere.
 */
export class TaskList {
	private readonly section: HTMLElement;
	private readonly titleEl: HTMLElement;
	private emptyEl: HTMLElement | null = null;
	private readonly rows = new Map<string, { el: HTMLElement; scope: Component; task: Task }>();

	constructor(
		parent: HTMLElement,
		private readonly host: LinkHost,
		private readonly title: string,
		private readonly empty: string,
	) {
		this.section = parent.createDiv({ cls: "rapport-task-section" });
		this.titleEl = this.section.createEl("h4", { cls: "rapport-section-title" });
	}

	update(tasks: Task[]): void {
		const focused = this.section.ownerDocument.activeElement;
		this.titleEl.setText(`${this.title} (${tasks.length})`);
		if (tasks.length === 0 && !this.emptyEl) this.emptyEl = this.section.createDiv({ cls: "rapport-empty", text: this.empty });
		if (tasks.length > 0 && this.emptyEl) {
			this.emptyEl.remove();
			this.emptyEl = null;
		}
		const keep = new Set<string>();
		let previous: HTMLElement = this.titleEl;
		for (const task of tasks) {
			const key = `${task.path}:${task.line}`;
			keep.add(key);
			let row = this.rows.get(key);
			if (row && row.task !== task) {
				this.drop(key);
				row = undefined;
			}
			if (!row) {
				const scope = this.host.scope.addChild(new Component());
				row = { el: renderTask(this.section, { ...this.host, scope }, task), scope, task };
				this.rows.set(key, row);
			}
			if (previous.nextSibling !== row.el) previous.after(row.el);
			previous = row.el;
		}
		for (const key of [...this.rows.keys()]) if (!keep.has(key)) this.drop(key);
		if (focused instanceof HTMLElement && focused !== this.section.ownerDocument.activeElement && focused.isConnected && this.section.contains(focused)) focused.focus({ preventScroll: true });
	}

	private drop(key: string): void {
		const row = this.rows.get(key);
		if (!row) return;
		row.el.remove();
		this.host.scope.removeChild(row.scope);
		this.rows.delete(key);
	}
}

/** One diagnostic: severity, line link, message and its fix button. */
export function renderDiagnostic(
	parent: HTMLElement,
	d: Diagnostic,
	onOpen: () => void,
	onFix: (() => void) | null,
	register: Register,
): HTMLElement {
	const row = parent.createDiv({ cls: `rapport-diagnostic rapport-${d.severity}` });
	row.dataset.code = d.code;
	const where = row.createEl("a", { cls: "rapport-diagnostic-line", text: `Line ${d.line}`, href: "#" });
	register(where, "click", (e) => {
		e.preventDefault();
		onOpen();
	});
	row.createSpan({ cls: "rapport-chip rapport-severity", text: d.severity });
	const text = row.createDiv({ cls: "rapport-diagnostic-message" });
	appendMarkedText(text.createSpan(), d.message);
	text.createSpan({ cls: "rapport-code", text: ` ${d.code}` });
	if (d.fix && onFix) {
		// Not a call to action: a list may hold many fixes, and only a screen's one primary action is.
		const fix = row.createEl("button", { cls: "rapport-fix", text: "Fix", attr: { "aria-label": d.fix.description } });
		fix.title = d.fix.description;
		register(fix, "click", onFix);
	}
	return row;
}
