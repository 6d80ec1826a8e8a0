/**
 * The person view: on a people note, the person's profile (contact, open tasks both ways,
 * projects, Recent Context); on a dated note (a meeting, a daily note), the meeting's prep, a card
 * per person it links. Follows the active note while it is either.
 */
import { Component, type HoverParent, type HoverPopover, ItemView, type ViewStateResult, type WorkspaceLeaf } from "obsidian";
import type { MeetingPrep, PersonProfile } from "../pkg/rapport";
import type { RapportApi } from "./api";
import { PrepPanel, ProfilePanel } from "./profile";
import type { LinkHost } from "./render";

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
	/** The note shown (a person, or a dated note for its prep); follows the active note while it is either. */
	private person: string | null = null;
	/** What is drawn for the note shown, updated in place while it stays the same. */
	private drawn: { path: string; scope: Component; panel: ProfilePanel | PrepPanel } | null = null;

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
		return "Person";
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

	/** Shows `path`: its profile if it is a person, its prep if it is a dated note. */
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
				if (file && this.follows(file.path)) this.show(file.path);
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

	/**
	 * Whether the view follows the note opened at `path`: a person, or a dated note that links
	 * someone. A dated note that links nobody (a daily note of tasks alone) leaves the person shown,
	 * whose tasks may be the ones being worked on there.
	 */
	private follows(path: string): boolean {
		return this.api.core.run((index) => {
			if (index.personForPath(path) !== null) return true;
			const prep = index.meetingPrep(path, this.api.today());
			return prep !== null && prep.date !== null && prep.people.length > 0;
		}, false);
	}

	/** What the core answers for `path`: the person's profile, else the dated note's prep. */
	private answer(path: string): { profile: PersonProfile } | { prep: MeetingPrep } | null {
		const today = this.api.today();
		// The tasks come from `tasksForPerson`, whose frozen objects stay the same while their note
		// does: the task lists keep those rows, and the focus in them, across refreshes.
		return this.api.core.run((index) => {
			const profile = index.person(path, today);
			if (profile) {
				const tasks = index.tasksForPerson(path);
				return { profile: tasks ? { ...profile, mentions: tasks.mentions, owned: tasks.owned } : profile };
			}
			const prep = index.meetingPrep(path, today);
			if (!prep?.date) return null;
			const people = prep.people.map((card) => {
				const tasks = index.tasksForPerson(card.person.path);
				return tasks ? { ...card, mentions: tasks.mentions, owned: tasks.owned } : card;
			});
			return { prep: { ...prep, people } };
		}, null);
	}

	render(): void {
		const root = this.contentEl;
		const path = this.person;
		const answer = path ? this.answer(path) : null;
		if (!path || !answer) {
			this.clear();
			root.createDiv({ cls: "rapport-empty", text: this.api.isReady() ? "Open a people note to see their profile, or a meeting or daily note to prepare for it." : this.api.waitingText() });
			return;
		}
		const kind = "profile" in answer ? ProfilePanel : PrepPanel;
		let drawn = this.drawn;
		if (!drawn || drawn.path !== path || !(drawn.panel instanceof kind)) {
			this.clear();
			const scope = this.addChild(new Component());
			const host: LinkHost = { api: this.api, scope, hoverParent: this, leaf: this.leaf };
			drawn = { path, scope, panel: new kind(root, host, path) };
			this.drawn = drawn;
		}
		root.toggleClass("rapport-prep-view", "prep" in answer);
		if ("profile" in answer && drawn.panel instanceof ProfilePanel) drawn.panel.update(answer.profile);
		else if ("prep" in answer && drawn.panel instanceof PrepPanel) drawn.panel.update(answer.prep);
	}

	private clear(): void {
		if (this.drawn) this.removeChild(this.drawn.scope);
		this.drawn = null;
		this.contentEl.empty();
	}
}
