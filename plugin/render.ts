/** DOM pieces shared by the views, modals and code blocks. Text only: never HTML from notes. */
import type { Diagnostic, StaleContact, Status, Task } from "../pkg/rapport";
import type { RapportApi } from "./api";

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

/** One task: checkbox, description, dates, and where it lives. */
export function renderTask(parent: HTMLElement, api: RapportApi, task: Task, register: (el: HTMLElement, type: "click" | "change", fn: (e: Event) => void) => void): HTMLElement {
	const row = parent.createDiv({ cls: "rapport-task" });
	row.dataset.path = task.path;
	row.dataset.line = String(task.line);
	const box = row.createEl("input", { cls: "task-list-item-checkbox rapport-task-checkbox", attr: { type: "checkbox", "aria-label": "Complete task" } });
	box.checked = task.statusKind === "done" || task.statusKind === "cancelled";
	register(box, "change", () => {
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
	register(source, "click", (e) => {
		e.preventDefault();
		void api.openNote(task.path, task.line);
	});
	return row;
}

export function renderTaskList(parent: HTMLElement, api: RapportApi, title: string, tasks: Task[], empty: string, register: Parameters<typeof renderTask>[3]): void {
	const section = parent.createDiv({ cls: "rapport-task-section" });
	section.createEl("h4", { cls: "rapport-section-title", text: `${title} (${tasks.length})` });
	if (tasks.length === 0) {
		section.createDiv({ cls: "rapport-empty", text: empty });
		return;
	}
	for (const task of tasks) renderTask(section, api, task, register);
}

/** One diagnostic: severity, line link, message and its fix button. */
export function renderDiagnostic(
	parent: HTMLElement,
	d: Diagnostic,
	onOpen: () => void,
	onFix: (() => void) | null,
	register: Parameters<typeof renderTask>[3],
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
	text.createSpan({ text: d.message });
	text.createSpan({ cls: "rapport-code", text: ` ${d.code}` });
	if (d.fix && onFix) {
		const fix = row.createEl("button", { cls: "mod-cta rapport-fix", text: "Fix", attr: { "aria-label": d.fix.description } });
		fix.title = d.fix.description;
		register(fix, "click", onFix);
	}
	return row;
}
