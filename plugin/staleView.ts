/** The "Stale contacts" sidebar: people grouped by status, most overdue first, with actions. */
import { Component, type HoverParent, type HoverPopover, ItemView, SearchComponent, type WorkspaceLeaf } from "obsidian";
import type { StaleContact, Status } from "../pkg/rapport";
import type { RapportApi } from "./api";
import { SnoozeModal } from "./modals";
import { appendMarkedText, cadenceText, daysAgo, type LinkHost, linkToNote, plural, STATUS_LABELS } from "./render";

export const VIEW_TYPE_STALE = "rapport-stale-contacts";

/**
 * Rows drawn at first, and added by each "Show more". With a thousand people, drawing them all
 * took over half a second, and the long tail of people who are up to date is rarely what one
 * scrolls for.
 */
const ROWS_PER_PAGE = 100;

/** Whether a contact matches the filter text (name, company, tags or status). */
export function matchesFilter(c: StaleContact, filter: string): boolean {
	const q = filter.trim().toLowerCase();
	if (!q) return true;
	return [c.name, c.company ?? "", c.status, ...c.tags].some((field) => field.toLowerCase().includes(q));
}

/** One person's row, kept between refreshes and updated in place. */
interface Row {
	el: HTMLElement;
	/** The row's listeners; unloaded when the row goes. */
	scope: Component;
	/** What the row shows now (the listeners read it when they fire). */
	contact: StaleContact;
	name: HTMLElement;
	company: HTMLElement;
	tasks: HTMLElement;
	days: HTMLElement;
	cadence: HTMLElement;
	reason: HTMLElement;
}

/** One status group: its element and header. */
interface Group {
	el: HTMLElement;
	header: HTMLElement;
	count: HTMLElement;
}

export class StaleContactsView extends ItemView implements HoverParent {
	hoverPopover: HoverPopover | null = null;
	private filter = "";
	private limit = ROWS_PER_PAGE;
	private countEl: HTMLElement | null = null;
	/** Says why there are no rows (indexing, no people, nobody matches); hidden otherwise. */
	private messageEl: HTMLElement | null = null;
	private listEl: HTMLElement | null = null;
	private moreEl: HTMLButtonElement | null = null;
	private readonly groups = new Map<Status, Group>();
	private readonly rows = new Map<string, Row>();

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
		// The tab already says "Stale contacts": the view starts with what it has to say.
		const header = root.createDiv({ cls: "rapport-view-header" });
		const search = new SearchComponent(header).setPlaceholder("Filter by name, company or tag").onChange((value) => {
			this.filter = value;
			this.limit = ROWS_PER_PAGE;
			this.render();
		});
		search.inputEl.addClass("rapport-filter");
		search.inputEl.setAttr("aria-label", "Filter contacts");
		this.countEl = header.createDiv({ cls: "rapport-muted rapport-count-line" });
		this.messageEl = root.createDiv({ cls: "rapport-empty rapport-hidden" });
		this.listEl = root.createDiv({ cls: "rapport-contacts" });
		// In the document only while there are more rows to draw.
		this.moreEl = root.createEl("button", { cls: "rapport-show-more" });
		this.moreEl.remove();
		this.registerDomEvent(this.moreEl, "click", () => {
			this.limit += ROWS_PER_PAGE;
			this.render();
		});
		this.api.events.onIndexChanged(this, () => this.render());
		this.render();
	}

	async onClose(): Promise<void> {
		this.clearRows();
		this.contentEl.empty();
		this.listEl = null;
	}

	/**
	 * Brings the rows up to date in place: a row that stays keeps its element (so keyboard focus,
	 * selection and scroll survive a note changing anywhere in the vault), and only what changed is
	 * written.
	 */
	render(): void {
		const list = this.listEl;
		if (!list) return;
		if (!this.api.isReady()) return this.showMessage(this.api.waitingText());
		const all = this.api.core.run((index) => index.stale(this.api.today()), []);
		// The call trapped and the core is restarting: say so rather than "no people".
		if (!this.api.isReady()) return this.showMessage(this.api.waitingText());
		const shown = all.filter((c) => matchesFilter(c, this.filter));
		this.countEl?.setText(all.length === 0 ? "" : `${plural(all.length, "person", "people")}${shown.length < all.length ? `, ${shown.length} shown` : ""}`);
		if (all.length === 0) {
			this.showMessage("No people notes yet.", "A note is a person when its frontmatter says `type: people`, or by the tag or folder set in Rapport's settings.");
			return;
		}
		if (shown.length === 0) return this.showMessage(`Nobody matches “${this.filter.trim()}”.`);
		this.messageEl?.addClass("rapport-hidden");
		list.removeClass("rapport-hidden");

		const focused = list.ownerDocument.activeElement;
		const drawn = shown.slice(0, this.limit);
		const counts = new Map<Status, number>();
		for (const c of shown) counts.set(c.status, (counts.get(c.status) ?? 0) + 1);
		const keep = new Set(drawn.map((c) => c.path));
		for (const [path, row] of this.rows) if (!keep.has(path)) this.removeRow(path, row);
		let previousGroup: HTMLElement | null = null;
		let previous: HTMLElement | null = null;
		let status: Status | null = null;
		for (const c of drawn) {
			const group = this.group(c.status, list);
			if (c.status !== status) {
				status = c.status;
				placeAfter(list, group.el, previousGroup);
				group.count.setText(String(counts.get(c.status) ?? 0));
				previousGroup = group.el;
				previous = group.header;
			}
			const row = this.row(c, group.el);
			placeAfter(group.el, row.el, previous);
			previous = row.el;
		}
		const wanted = new Set(drawn.map((c) => c.status));
		for (const [status, group] of this.groups) {
			if (wanted.has(status)) continue;
			group.el.remove();
			this.groups.delete(status);
		}
		const hidden = shown.length - drawn.length;
		if (hidden > 0 && this.moreEl) {
			this.moreEl.setText(`Show ${Math.min(hidden, ROWS_PER_PAGE)} more (${hidden} not shown)`);
			if (!this.moreEl.isConnected) list.after(this.moreEl);
		} else {
			this.moreEl?.remove();
		}
		// A row that moved to another group was taken out of the document for a moment, which blurs
		// what was focused in it: give the focus back.
		if (focused instanceof HTMLElement && focused !== list.ownerDocument.activeElement && focused.isConnected && list.contains(focused)) focused.focus({ preventScroll: true });
	}

	private showMessage(text: string, detail?: string): void {
		const el = this.messageEl;
		if (!el) return;
		el.empty();
		el.createDiv({ text });
		if (detail) appendMarkedText(el.createDiv({ cls: "rapport-muted" }), detail);
		el.removeClass("rapport-hidden");
		this.clearRows();
		this.listEl?.addClass("rapport-hidden");
		this.moreEl?.remove();
		if (!this.api.isReady()) this.countEl?.setText("");
	}

	private clearRows(): void {
		for (const [path, row] of this.rows) this.removeRow(path, row);
		for (const group of this.groups.values()) group.el.remove();
		this.groups.clear();
	}

	private removeRow(path: string, row: Row): void {
		row.el.remove();
		this.removeChild(row.scope);
		this.rows.delete(path);
	}

	private group(status: Status, list: HTMLElement): Group {
		const existing = this.groups.get(status);
		if (existing) return existing;
		const el = list.createDiv({ cls: `rapport-group rapport-status-${status}` });
		el.dataset.status = status;
		const header = el.createDiv({ cls: "rapport-group-header" });
		header.createSpan({ text: STATUS_LABELS[status] });
		const count = header.createSpan({ cls: "rapport-count" });
		const group = { el, header, count };
		this.groups.set(status, group);
		return group;
	}

	/** The row of `c`, made on first sight, with what it shows brought up to date. */
	private row(c: StaleContact, parent: HTMLElement): Row {
		const existing = this.rows.get(c.path);
		if (!existing) return this.makeRow(c, parent);
		const row = existing;
		const before = row.contact;
		row.contact = c;
		if (before !== c) fillRow(row, c, before);
		return row;
	}

	private makeRow(c: StaleContact, parent: HTMLElement): Row {
		const scope = this.addChild(new Component());
		const el = parent.createDiv({ cls: "rapport-contact" });
		el.dataset.path = c.path;
		const top = el.createDiv({ cls: "rapport-contact-top" });
		const name = top.createEl("a", { cls: "rapport-contact-name", href: "#" });
		const company = top.createSpan({ cls: "rapport-contact-company" });
		const tasks = top.createEl("a", { cls: "rapport-open-tasks", href: "#" });
		const meta = el.createDiv({ cls: "rapport-contact-meta" });
		const days = meta.createSpan({ cls: "rapport-days" });
		const cadence = meta.createSpan({ cls: "rapport-cadence" });
		const reason = el.createDiv({ cls: "rapport-reason" });
		const actions = el.createDiv({ cls: "rapport-actions" });
		const contacted = actions.createEl("button", { cls: "rapport-contacted", text: "Mark contacted today" });
		const snooze = actions.createEl("button", { cls: "rapport-snooze", text: "Snooze" });
		const row: Row = { el, scope, contact: c, name, company, tasks, days, cadence, reason };
		const host: LinkHost = { api: this.api, scope, hoverParent: this, leaf: this.leaf };
		linkToNote(name, host, c.path);
		scope.registerDomEvent(tasks, "click", (e) => {
			e.preventDefault();
			void this.api.showPersonTasks(c.path);
		});
		scope.registerDomEvent(contacted, "click", () => void this.api.markContacted(c.path));
		scope.registerDomEvent(snooze, "click", () => new SnoozeModal(this.app, this.api, c.path, row.contact.name).open());
		fillRow(row, c, null);
		this.rows.set(c.path, row);
		return row;
	}
}

/** Writes what changed between `before` (null: everything) and `c` into the row's elements. */
function fillRow(row: Row, c: StaleContact, before: StaleContact | null): void {
	if (before?.name !== c.name) {
		row.name.setText(c.name);
		row.tasks.setAttr("aria-label", `Show the open tasks about ${c.name}`);
	}
	if (before?.company !== c.company) {
		row.company.setText(c.company ?? "");
		row.company.toggleClass("rapport-hidden", !c.company);
	}
	if (before?.openTasks !== c.openTasks) {
		row.tasks.setText(plural(c.openTasks, "open task", "open tasks"));
		row.tasks.toggleClass("rapport-hidden", c.openTasks === 0);
	}
	row.days.setText(daysAgo(c.daysSince));
	row.days.setAttr("title", c.lastContact ? `Last contact ${c.lastContact}` : null);
	row.cadence.setText(cadenceText(c));
	row.cadence.setAttr("title", `Cadence ${c.cadence} (${CADENCE_SOURCES[c.cadenceSource]})`);
	if (before?.reason !== c.reason) {
		row.reason.empty();
		appendMarkedText(row.reason, c.reason);
	}
}

/** Puts `el` right after `previous` (first when null) in `parent`, moving it only if it is elsewhere. */
function placeAfter(parent: HTMLElement, el: HTMLElement, previous: HTMLElement | null): void {
	const next = previous ? previous.nextSibling : parent.firstChild;
	if (next === el) return;
	parent.insertBefore(el, next);
}

/** Where a contact's cadence came from, for its tooltip. */
const CADENCE_SOURCES: Record<StaleContact["cadenceSource"], string> = {
	note: "from the note",
	tag: "from a tag rule",
	default: "the default",
};
