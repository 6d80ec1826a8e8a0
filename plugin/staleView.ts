/** The "Stale contacts" sidebar: people grouped by status, most overdue first, with actions. */
import { Component, ItemView, type WorkspaceLeaf } from "obsidian";
import type { StaleContact } from "../pkg/rapport";
import type { RapportApi } from "./api";
import { SnoozeModal } from "./modals";
import { cadenceText, daysAgo, plural, STATUS_LABELS } from "./render";

export const VIEW_TYPE_STALE = "rapport-stale-contacts";

/**
 * Rows drawn at first, and added by each "Show more". The panel re-renders on every change; with
 * a thousand people, drawing them all took over half a second each time, and the long tail of
 * people who are up to date is rarely what one scrolls for.
 */
const ROWS_PER_PAGE = 100;

/** Whether a contact matches the filter text (name, company, tags or status). */
export function matchesFilter(c: StaleContact, filter: string): boolean {
	const q = filter.trim().toLowerCase();
	if (!q) return true;
	return [c.name, c.company ?? "", c.status, ...c.tags].some((field) => field.toLowerCase().includes(q));
}

export class StaleContactsView extends ItemView {
	private filter = "";
	private limit = ROWS_PER_PAGE;
	private listEl: HTMLElement | null = null;
	private countEl: HTMLElement | null = null;
	/** Owns the listeners of the rows drawn by the last render; replaced on every render. */
	private rowScope: Component | null = null;

	constructor(
		leaf: WorkspaceLeaf,
		private readonly api: RapportApi,
	) {
		super(leaf);
	}

	getViewType(): string {
		return VIEW_TYPE_STALE;
	}

	getDisplayText(): string {
		return "Stale contacts";
	}

	getIcon(): string {
		return "users";
	}

	async onOpen(): Promise<void> {
		const root = this.contentEl;
		root.empty();
		root.addClass("rapport-view", "rapport-stale-view");
		const header = root.createDiv({ cls: "rapport-view-header" });
		header.createEl("h3", { text: "Stale contacts" });
		this.countEl = header.createDiv({ cls: "rapport-muted" });
		const input = header.createEl("input", {
			cls: "rapport-filter",
			attr: { type: "search", placeholder: "Filter by name, company or tag", "aria-label": "Filter contacts" },
		});
		this.registerDomEvent(input, "input", () => {
			this.filter = input.value;
			this.limit = ROWS_PER_PAGE;
			this.render();
		});
		this.listEl = root.createDiv({ cls: "rapport-contacts" });
		this.registerEvent(this.api.events.on("changed", () => this.render()));
		this.render();
	}

	async onClose(): Promise<void> {
		this.contentEl.empty();
		this.listEl = null;
	}

	render(): void {
		const list = this.listEl;
		if (!list) return;
		list.empty();
		if (this.rowScope) this.removeChild(this.rowScope);
		this.rowScope = this.addChild(new Component());
		if (!this.api.isReady()) {
			list.createDiv({ cls: "rapport-empty", text: this.api.waitingText() });
			return;
		}
		const all = this.api.core.run((index) => index.stale(this.api.today()), []);
		// The call trapped and the core is restarting: say so rather than "no people".
		if (!this.api.isReady()) {
			list.createDiv({ cls: "rapport-empty", text: this.api.waitingText() });
			return;
		}
		const shown = all.filter((c) => matchesFilter(c, this.filter));
		this.countEl?.setText(`${plural(all.length, "person", "people")}${shown.length < all.length ? `, ${shown.length} shown` : ""}`);
		if (all.length === 0) {
			const empty = list.createDiv({ cls: "rapport-empty" });
			empty.createDiv({ text: "No people notes yet." });
			empty.createDiv({ cls: "rapport-muted", text: "A note is a person when its frontmatter says `type: people`, or by the tag or folder set in Rapport's settings." });
			return;
		}
		if (shown.length === 0) {
			list.createDiv({ cls: "rapport-empty", text: `Nobody matches “${this.filter.trim()}”.` });
			return;
		}
		let group: HTMLElement | null = null;
		let current = "";
		for (const c of shown.slice(0, this.limit)) {
			if (c.status !== current) {
				current = c.status;
				const count = shown.filter((x) => x.status === c.status).length;
				group = list.createDiv({ cls: `rapport-group rapport-status-${c.status}` });
				group.dataset.status = c.status;
				const h = group.createDiv({ cls: "rapport-group-header" });
				h.createSpan({ text: STATUS_LABELS[c.status] });
				h.createSpan({ cls: "rapport-count", text: String(count) });
			}
			if (group) this.renderContact(group, c);
		}
		const hidden = shown.length - this.limit;
		if (hidden > 0) {
			const more = list.createEl("button", { cls: "rapport-show-more", text: `Show ${Math.min(hidden, ROWS_PER_PAGE)} more (${hidden} not shown)` });
			this.rowScope.registerDomEvent(more, "click", () => {
				this.limit += ROWS_PER_PAGE;
				this.render();
			});
		}
	}

	private renderContact(parent: HTMLElement, c: StaleContact): void {
		const scope = this.rowScope ?? this;
		const row = parent.createDiv({ cls: "rapport-contact" });
		row.dataset.path = c.path;
		const top = row.createDiv({ cls: "rapport-contact-top" });
		const name = top.createEl("a", { cls: "rapport-contact-name", text: c.name, href: "#" });
		scope.registerDomEvent(name, "click", (e) => {
			e.preventDefault();
			void this.api.openNote(c.path);
		});
		if (c.company) top.createSpan({ cls: "rapport-contact-company", text: c.company });
		if (c.openTasks > 0) {
			const tasks = top.createEl("a", {
				cls: "rapport-open-tasks",
				text: plural(c.openTasks, "open task", "open tasks"),
				href: "#",
				attr: { "aria-label": `Show the open tasks about ${c.name}` },
			});
			scope.registerDomEvent(tasks, "click", (e) => {
				e.preventDefault();
				void this.api.showPersonTasks(c.path);
			});
		}
		const meta = row.createDiv({ cls: "rapport-contact-meta" });
		const days = meta.createSpan({ cls: "rapport-days", text: daysAgo(c.daysSince) });
		if (c.lastContact) days.setAttr("title", `Last contact ${c.lastContact}`);
		const cadence = meta.createSpan({ cls: "rapport-cadence", text: cadenceText(c) });
		cadence.setAttr("title", `Cadence ${c.cadence} (${CADENCE_SOURCES[c.cadenceSource]})`);
		row.createDiv({ cls: "rapport-reason", text: c.reason });
		const actions = row.createDiv({ cls: "rapport-actions" });
		const contacted = actions.createEl("button", { cls: "rapport-contacted", text: "Mark contacted today" });
		scope.registerDomEvent(contacted, "click", () => void this.api.markContacted(c.path));
		const snooze = actions.createEl("button", { cls: "rapport-snooze", text: "Snooze" });
		scope.registerDomEvent(snooze, "click", () => new SnoozeModal(this.app, this.api, c.path, c.name).open());
	}
}

/** Where a contact's cadence came from, for its tooltip. */
const CADENCE_SOURCES: Record<StaleContact["cadenceSource"], string> = {
	note: "from the note",
	tag: "from a tag rule",
	default: "the default",
};
