/**
 * The person profile and meeting prep the person view shows, and the list of linked notes the
 * `projects` block shows: drawn from the core's answers (`person`, `meetingPrep`, `projects`),
 * with the task lists kept between refreshes so that focus in them survives a change elsewhere.
 */
import { Component, TFile } from "obsidian";
import type { ContextLine, Linked, MeetingPrep, PersonProfile, PrepCard, StaleContact } from "../pkg/rapport";
import { appendMarkedText, type LinkHost, linkToNote, plural, STATUS_LABELS, TaskList } from "./render";

/** The contact line: status, last contact and cadence, then the core's reason. */
export function renderContact(parent: HTMLElement, c: StaleContact | null): void {
	if (!c) return;
	// The status, then the core's reason, which already says when, from what, and the cadence.
	const line = parent.createDiv({ cls: `rapport-contact-summary rapport-status-${c.status}` });
	line.createSpan({ cls: "rapport-chip rapport-status-chip", text: STATUS_LABELS[c.status] });
	line.append(" ");
	appendMarkedText(line.createSpan({ cls: "rapport-contact-reason" }), c.reason);
}

/** Linked notes, one link each (title, then its day and type), or `empty` when there are none. */
export function renderLinked(parent: HTMLElement, host: LinkHost, notes: Linked[], empty: string): void {
	if (notes.length === 0) {
		parent.createDiv({ cls: "rapport-empty rapport-linked-empty", text: empty });
		return;
	}
	const list = parent.createEl("ul", { cls: "rapport-linked" });
	for (const note of notes) {
		const item = list.createEl("li", { cls: "rapport-linked-item" });
		item.dataset.path = note.path;
		const link = item.createEl("a", { cls: "rapport-linked-link internal-link", text: note.title, href: "#" });
		linkToNote(link, host, note.path);
		if (note.date) item.createSpan({ cls: "rapport-chip rapport-linked-date", text: note.date });
		if (note.type) item.createSpan({ cls: "rapport-chip rapport-linked-type", text: note.type });
	}
}

/** A list item's text without its marker (`- `, `* `, `1. `, a checkbox stays as written). */
function withoutMarker(text: string): string {
	return text.replace(/^(?:[-*+]|\d+[.)])\s+/, "");
}

/**
 * One Recent Context line: its day as a link to the line, then its text with each `[[link]]`
 * shown by its alias or target and opening the note Obsidian resolves it to.
 */
function renderContextLine(parent: HTMLElement, host: LinkHost, notePath: string, c: ContextLine): void {
	const row = parent.createDiv({ cls: "rapport-context-line" });
	row.dataset.line = String(c.line);
	const day = row.createEl("a", { cls: "rapport-context-date rapport-source", text: c.date, href: "#" });
	linkToNote(day, host, notePath, c.line);
	const text = row.createSpan({ cls: "rapport-context-text" });
	let rest = withoutMarker(c.text);
	// The day is shown as the link above; the separator after it says nothing more.
	if (rest.startsWith(c.date)) rest = rest.slice(c.date.length).replace(/^[*_\]]*\s*[:\-–—]?\s*/, "");
	for (const part of rest.split(/(\[\[[^\]\n]+\]\])/)) {
		const inner = /^\[\[([^\]]+)\]\]$/.exec(part)?.[1];
		if (inner === undefined) {
			if (part) text.append(part);
			continue;
		}
		const [target = "", alias] = inner.split("|");
		const shown = alias ?? target;
		const file = host.api.app.metadataCache.getFirstLinkpathDest(target.split("#")[0] ?? "", notePath);
		if (file instanceof TFile) {
			const link = text.createEl("a", { cls: "internal-link", text: shown, href: "#" });
			linkToNote(link, host, file.path);
		} else {
			text.createSpan({ cls: "rapport-unresolved", text: shown });
		}
	}
}

function renderContext(parent: HTMLElement, host: LinkHost, notePath: string, lines: ContextLine[], empty: string): void {
	if (lines.length === 0) {
		parent.createDiv({ cls: "rapport-empty", text: empty });
		return;
	}
	for (const c of lines) renderContextLine(parent, host, notePath, c);
}

/** A section title with a count. */
function section(parent: HTMLElement, title: string, count: number): HTMLElement {
	const el = parent.createDiv({ cls: "rapport-profile-section" });
	el.createEl("h4", { cls: "rapport-section-title", text: `${title} (${count})` });
	return el;
}

/** The profile of one person, updated in place while the view shows them. */
export class ProfilePanel {
	readonly name: HTMLElement;
	private readonly facts: HTMLElement;
	private readonly contact: HTMLElement;
	private readonly mentions: TaskList;
	private readonly owned: TaskList;
	private readonly rest: HTMLElement;
	/** Owns the listeners of what `rest` and `contact` hold; replaced at each update. */
	private restScope: Component | null = null;

	constructor(
		root: HTMLElement,
		private readonly host: LinkHost,
		readonly path: string,
	) {
		const header = root.createDiv({ cls: "rapport-view-header rapport-profile-header" });
		this.name = header.createEl("a", { cls: "rapport-person-name", href: "#" });
		linkToNote(this.name, host, path);
		this.facts = header.createDiv({ cls: "rapport-profile-facts" });
		this.contact = root.createDiv({ cls: "rapport-profile-contact" });
		this.mentions = new TaskList(root, host, "Mentions", "No open task mentions them.");
		this.owned = new TaskList(root, host, "Owned", "They own no open task.");
		this.rest = root.createDiv({ cls: "rapport-profile-rest" });
	}

	update(p: PersonProfile): void {
		this.name.setText(p.person.name);
		this.facts.empty();
		const facts = [p.person.company, p.person.aliases.length ? `aka ${p.person.aliases.join(", ")}` : null].filter((f): f is string => !!f);
		if (facts.length) this.facts.createSpan({ cls: "rapport-muted", text: facts.join(" · ") });
		if (p.person.needsReview) this.facts.createSpan({ cls: "rapport-chip rapport-needs-review", text: "Needs review" });
		if (p.person.autoCreated) this.facts.createSpan({ cls: "rapport-chip", text: "Auto-created" });
		if (p.diagnostics.length) this.facts.createSpan({ cls: "rapport-chip rapport-problems", text: plural(p.diagnostics.length, "problem", "problems") });
		this.contact.empty();
		renderContact(this.contact, p.contact);
		this.mentions.update(p.mentions);
		this.owned.update(p.owned);
		if (this.restScope) this.host.scope.removeChild(this.restScope);
		const scope = this.host.scope.addChild(new Component());
		this.restScope = scope;
		const host = { ...this.host, scope };
		this.rest.empty();
		renderLinked(section(this.rest, "Projects", p.projects.length), host, p.projects, "No project links them.");
		renderContext(section(this.rest, "Recent context", p.recentContext.length), host, this.path, p.recentContext, "No dated line under Recent Context.");
	}
}

/** One person's card in a meeting's prep. */
class PrepCardPanel {
	readonly el: HTMLElement;
	private readonly name: HTMLElement;
	private readonly contact: HTMLElement;
	private readonly mentions: TaskList;
	private readonly owned: TaskList;
	private readonly context: HTMLElement;
	private contextScope: Component | null = null;

	constructor(
		parent: HTMLElement,
		private readonly host: LinkHost,
		readonly path: string,
	) {
		this.el = parent.createDiv({ cls: "rapport-prep-card" });
		this.el.dataset.path = path;
		const header = this.el.createDiv({ cls: "rapport-prep-header" });
		this.name = header.createEl("a", { cls: "rapport-prep-name rapport-person-name", href: "#" });
		linkToNote(this.name, host, path);
		this.contact = this.el.createDiv({ cls: "rapport-prep-contact" });
		this.mentions = new TaskList(this.el, host, "Open tasks about them", "No open task mentions them.");
		this.owned = new TaskList(this.el, host, "They owe", "They own no open task.");
		this.context = this.el.createDiv({ cls: "rapport-prep-context" });
	}

	update(card: PrepCard): void {
		this.name.setText(card.person.name);
		this.contact.empty();
		renderContact(this.contact, card.contact);
		this.mentions.update(card.mentions);
		this.owned.update(card.owned);
		if (this.contextScope) this.host.scope.removeChild(this.contextScope);
		const scope = this.host.scope.addChild(new Component());
		this.contextScope = scope;
		this.context.empty();
		const title = this.context.createEl("h4", { cls: "rapport-section-title", text: "Recent context" });
		title.dataset.count = String(card.recentContext.length);
		renderContext(this.context, { ...this.host, scope }, this.path, card.recentContext, "No dated line under Recent Context.");
	}
}

/** A meeting's prep: a card per person the note links, kept by person between refreshes. */
export class PrepPanel {
	private readonly summary: HTMLElement;
	private readonly cardsEl: HTMLElement;
	private emptyEl: HTMLElement | null = null;
	private readonly cards = new Map<string, { panel: PrepCardPanel; scope: Component }>();

	constructor(
		root: HTMLElement,
		private readonly host: LinkHost,
		readonly path: string,
	) {
		const header = root.createDiv({ cls: "rapport-view-header rapport-prep-title" });
		const name = header.createEl("a", { cls: "rapport-prep-note", href: "#", text: path.replace(/^.*\//, "").replace(/\.md$/, "") });
		linkToNote(name, host, path);
		this.summary = header.createDiv({ cls: "rapport-muted rapport-prep-summary" });
		this.cardsEl = root.createDiv({ cls: "rapport-prep-cards" });
	}

	update(prep: MeetingPrep): void {
		this.summary.setText(`Meeting prep${prep.date ? ` for ${prep.date}` : ""}: ${plural(prep.people.length, "person", "people")}`);
		if (prep.people.length === 0 && !this.emptyEl) this.emptyEl = this.cardsEl.createDiv({ cls: "rapport-empty", text: "This note links none of your people. Link someone ([[Name]]) to prepare." });
		if (prep.people.length > 0 && this.emptyEl) {
			this.emptyEl.remove();
			this.emptyEl = null;
		}
		const keep = new Set(prep.people.map((c) => c.person.path));
		for (const [path, card] of [...this.cards]) {
			if (keep.has(path)) continue;
			card.panel.el.remove();
			this.host.scope.removeChild(card.scope);
			this.cards.delete(path);
		}
		let previous: HTMLElement | null = null;
		for (const c of prep.people) {
			let card = this.cards.get(c.person.path);
			if (!card) {
				const scope = this.host.scope.addChild(new Component());
				card = { panel: new PrepCardPanel(this.cardsEl, { ...this.host, scope }, c.person.path), scope };
				this.cards.set(c.person.path, card);
			}
			card.panel.update(c);
			const el = card.panel.el;
			if (previous ? previous.nextSibling !== el : this.cardsEl.firstChild !== el) {
				if (previous) previous.after(el);
				else this.cardsEl.prepend(el);
			}
			previous = el;
		}
	}
}
