/**
 * The "Review people" view: the people a tool made (`auto_created: true`) or tagged `needs-review`,
 * with what is missing, how often they are mentioned, where they were first seen and whom they may
 * duplicate (the core's `reviewQueue`), and an action per key on the current person.
 */
import { Component, type HoverParent, type HoverPopover, ItemView, Notice, type TAbstractFile, type WorkspaceLeaf } from "obsidian";
import type { ReviewPerson } from "../pkg/rapport";
import type { RapportApi } from "./api";
import { type LinkHost, linkToNote, plural } from "./render";

export const VIEW_TYPE_REVIEW = "rapport-review";

/** What the view needs beyond the views' API: the two actions that are not note writes. */
export interface ReviewHost extends RapportApi {
	/** Adds the note to the `notPeople` setting (no write to the note) and applies it. */
	notAPerson(path: string): Promise<void>;
	/** Starts merging the person at `mergedPath` into another (the merge chooses which). */
	openMergeInto(mergedPath: string): void;
}

/** One key per action, as the buttons show them. */
const KEYS = { review: "r", notPerson: "n", merge: "m" } as const;

/** One person's row, kept between refreshes (its element keeps the focus); its content redrawn when the person's facts change. */
interface Row {
	el: HTMLElement;
	/** The listeners of the row's content; replaced when the content is drawn again. */
	scope: Component;
	person: ReviewPerson;
	/** The facts drawn, as JSON: the content is drawn again only when they change. */
	drawn: string;
}

export class ReviewView extends ItemView implements HoverParent {
	hoverPopover: HoverPopover | null = null;
	private countEl: HTMLElement | null = null;
	private messageEl: HTMLElement | null = null;
	private listEl: HTMLElement | null = null;
	private readonly rows = new Map<string, Row>();
	/** The queue as last drawn, in order. */
	private queue: ReviewPerson[] = [];
	/** The current person's path, and their place: when they leave the queue, whoever takes the place is current. */
	private current: string | null = null;
	private place = 0;

	constructor(
		leaf: WorkspaceLeaf,
		private readonly plugin: ReviewHost,
	) {
		super(leaf);
	}

	getViewType(): string {
		return VIEW_TYPE_REVIEW;
	}

	getDisplayText(): string {
		return "Review people";
	}

	getIcon(): string {
		return "user-check";
	}

	async onOpen(): Promise<void> {
		const root = this.contentEl;
		root.empty();
		root.addClass("rapport-view", "rapport-review-view");
		const header = root.createDiv({ cls: "rapport-view-header" });
		this.countEl = header.createDiv({ cls: "rapport-muted rapport-count-line" });
		header.createDiv({
			cls: "rapport-muted rapport-review-keys",
			text: `↑↓ or j k move, Enter opens; ${KEYS.review} mark reviewed, ${KEYS.notPerson} not a person, ${KEYS.merge} merge into…`,
		});
		this.messageEl = root.createDiv({ cls: "rapport-empty rapport-hidden" });
		this.listEl = root.createDiv({ cls: "rapport-contacts rapport-review-list" });
		this.listEl.setAttr("role", "listbox");
		this.listEl.setAttr("aria-label", "People to review");
		this.registerDomEvent(this.listEl, "keydown", (e) => this.onKey(e));
		// The current person follows their note when it is renamed.
		this.registerEvent(this.app.vault.on("rename", (file: TAbstractFile, old: string) => {
			if (this.current === old) this.current = file.path;
		}));
		this.plugin.events.onIndexChanged(this, () => this.render());
		this.render();
	}

	async onClose(): Promise<void> {
		this.clearRows();
		this.contentEl.empty();
		this.listEl = null;
	}

	/** The current person's path (null when the queue is empty). */
	currentPath(): string | null {
		return this.current;
	}

	/** Brings the rows up to date in place, keeping the current person and the focus. */
	render(): void {
		const list = this.listEl;
		if (!list) return;
		if (!this.plugin.isReady()) return this.showMessage(this.plugin.waitingText());
		const queue = this.plugin.core.run((index) => index.reviewQueue(this.plugin.today()), []);
		if (!this.plugin.isReady()) return this.showMessage(this.plugin.waitingText());
		this.queue = queue;
		this.countEl?.setText(queue.length === 0 ? "" : `${plural(queue.length, "person", "people")} to review`);
		if (queue.length === 0) {
			this.current = null;
			this.showMessage("Nobody to review.", "People notes with `auto_created: true` or the `needs-review` tag in their properties come here.");
			return;
		}
		this.messageEl?.addClass("rapport-hidden");
		list.removeClass("rapport-hidden");
		const hadFocus = list.contains(list.ownerDocument.activeElement);
		const keep = new Set(queue.map((p) => p.path));
		for (const [path, row] of this.rows) if (!keep.has(path)) this.removeRow(path, row);
		let previous: HTMLElement | null = null;
		for (const p of queue) {
			const row = this.row(p, list);
			const next: ChildNode | null = previous ? previous.nextSibling : list.firstChild;
			if (next !== row.el) list.insertBefore(row.el, next);
			previous = row.el;
		}
		const at = this.current === null ? -1 : queue.findIndex((p) => p.path === this.current);
		this.select(at >= 0 ? at : Math.min(this.place, queue.length - 1), hadFocus);
	}

	/** Makes the person at `place` current: marked, announced, scrolled to, focused if the list had focus. */
	private select(place: number, focus: boolean): void {
		const person = this.queue[place];
		if (!person) return;
		this.place = place;
		this.current = person.path;
		for (const [path, row] of this.rows) {
			const on = path === person.path;
			row.el.toggleClass("rapport-review-current", on);
			row.el.setAttr("aria-selected", on ? "true" : "false");
			row.el.tabIndex = on ? 0 : -1;
		}
		const el = this.rows.get(person.path)?.el;
		if (!el) return;
		if (focus) el.focus({ preventScroll: true });
		el.scrollIntoView?.({ block: "nearest" });
	}

	private onKey(e: KeyboardEvent): void {
		if (e.ctrlKey || e.metaKey || e.altKey || e.isComposing) return;
		// Enter on a focused link or button is that link's or button's own.
		if (e.key === "Enter" && e.target instanceof HTMLElement && e.target.closest("a, button")) return;
		const person = this.queue[this.place];
		const move = (by: number) => this.select(Math.max(0, Math.min(this.queue.length - 1, this.place + by)), true);
		switch (e.key) {
			case "ArrowDown":
			case "j":
				move(1);
				break;
			case "ArrowUp":
			case "k":
				move(-1);
				break;
			case "Enter":
				if (person) void this.plugin.openNote(person.path);
				break;
			case KEYS.review:
				if (person) void this.markReviewed(person);
				break;
			case KEYS.notPerson:
				if (person) void this.notAPerson(person);
				break;
			case KEYS.merge:
				if (person) this.plugin.openMergeInto(person.path);
				break;
			default:
				return;
		}
		e.preventDefault();
	}

	/**
	 * Makes the person after `person` current (before it when it is the last), so that after an
	 * action on `person` the next one comes up whether or not `person` leaves the queue.
	 */
	private advancePast(person: ReviewPerson): void {
		const at = this.queue.findIndex((p) => p.path === person.path);
		if (at < 0) return;
		const next = this.queue[at + 1] ?? this.queue[at - 1];
		if (!next) return;
		const list = this.listEl;
		const focus = list !== null && list.contains(list.ownerDocument.activeElement);
		this.select(at + 1 < this.queue.length ? at + 1 : at - 1, focus);
	}

	private async markReviewed(person: ReviewPerson): Promise<void> {
		if (!person.needsReview) {
			new Notice(`Rapport: ${person.name} has no needs-review tag to remove.`);
			return;
		}
		this.advancePast(person);
		await this.plugin.markReviewed(person.path);
	}

	private async notAPerson(person: ReviewPerson): Promise<void> {
		this.advancePast(person);
		await this.plugin.notAPerson(person.path);
	}

	private showMessage(text: string, detail?: string): void {
		const el = this.messageEl;
		if (!el) return;
		el.empty();
		el.createDiv({ text });
		if (detail) el.createDiv({ cls: "rapport-muted", text: detail.replace(/`/g, "") });
		el.removeClass("rapport-hidden");
		this.clearRows();
		this.listEl?.addClass("rapport-hidden");
		if (!this.plugin.isReady()) this.countEl?.setText("");
	}

	private clearRows(): void {
		for (const [path, row] of this.rows) this.removeRow(path, row);
	}

	private removeRow(path: string, row: Row): void {
		row.el.remove();
		this.removeChild(row.scope);
		this.rows.delete(path);
	}

	/** The row of `p`, made on first sight, its content drawn again when the facts changed. */
	private row(p: ReviewPerson, list: HTMLElement): Row {
		const drawn = JSON.stringify(p);
		let row = this.rows.get(p.path);
		if (!row) {
			const el = list.createDiv({ cls: "rapport-contact rapport-review-person" });
			el.dataset.path = p.path;
			el.setAttr("role", "option");
			el.tabIndex = -1;
			row = { el, scope: this.addChild(new Component()), person: p, drawn: "" };
			this.rows.set(p.path, row);
			const made = row;
			// A click on the row (not on a link or button) makes it current.
			this.registerDomEvent(el, "click", (e) => {
				if (e.target instanceof HTMLElement && e.target.closest("a, button")) return;
				const at = this.queue.findIndex((q) => q.path === made.person.path);
				if (at >= 0) this.select(at, true);
			});
		}
		row.person = p;
		if (row.drawn !== drawn) {
			row.drawn = drawn;
			this.removeChild(row.scope);
			row.scope = this.addChild(new Component());
			this.fill(row, p);
		}
		return row;
	}

	private fill(row: Row, p: ReviewPerson): void {
		const { el, scope } = row;
		el.empty();
		const host: LinkHost = { api: this.plugin, scope, hoverParent: this, leaf: this.leaf };
		const top = el.createDiv({ cls: "rapport-contact-top" });
		const name = top.createEl("a", { cls: "rapport-contact-name", href: "#", text: p.name });
		linkToNote(name, host, p.path);
		if (p.autoCreated) top.createSpan({ cls: "rapport-chip rapport-review-auto", text: "auto-created" });
		if (p.needsReview) top.createSpan({ cls: "rapport-chip rapport-review-tagged", text: "needs review" });
		const meta = el.createDiv({ cls: "rapport-contact-meta rapport-review-mentions" });
		const mentioned = p.mentions === 0 ? "Mentioned nowhere" : `Mentioned in ${plural(p.mentions, "note", "notes")}`;
		meta.createSpan({ text: mentioned });
		if (p.firstSeen) {
			meta.appendText(`, first seen ${p.firstSeen.date} in `);
			const seen = meta.createEl("a", { cls: "rapport-review-first-seen internal-link", href: "#", text: basename(p.firstSeen.path) });
			linkToNote(seen, host, p.firstSeen.path);
		}
		if (p.created) meta.appendText(`; created ${p.created}`);
		const missing = el.createDiv({ cls: "rapport-reason rapport-review-missing" });
		missing.setText(p.missing.length === 0 ? "Nothing missing." : `Missing: ${p.missing.join(", ")}`);
		for (const d of p.duplicates) {
			const line = el.createDiv({ cls: "rapport-reason rapport-review-duplicate" });
			line.appendText("May be ");
			const other = line.createEl("a", { cls: "rapport-review-duplicate-name internal-link", href: "#", text: d.name });
			linkToNote(other, host, d.path);
			line.appendText(`: ${d.reason}`);
		}
		const actions = el.createDiv({ cls: "rapport-actions" });
		const button = (cls: string, label: string, key: string, run: () => void, enabled = true) => {
			const b = actions.createEl("button", { cls });
			b.appendText(label);
			b.createEl("kbd", { cls: "rapport-review-key", text: key });
			b.setAttr("aria-keyshortcuts", key);
			b.disabled = !enabled;
			scope.registerDomEvent(b, "click", run);
		};
		button("rapport-review-reviewed", "Mark reviewed", KEYS.review, () => void this.markReviewed(row.person), p.needsReview);
		button("rapport-review-not-person", "Not a person", KEYS.notPerson, () => void this.notAPerson(row.person));
		button("rapport-review-merge", "Merge into…", KEYS.merge, () => this.plugin.openMergeInto(row.person.path));
	}
}

function basename(path: string): string {
	const file = path.slice(path.lastIndexOf("/") + 1);
	return file.endsWith(".md") ? file.slice(0, -3) : file;
}
