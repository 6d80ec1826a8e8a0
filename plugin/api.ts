/** What the views, modals and code blocks need from the plugin (kept apart to avoid import cycles). */
import type { App, PaneType, TFile } from "obsidian";
import type { Diagnostic, Task } from "../pkg/rapport";
import type { CoreHost } from "./core";
import type { RapportEvents } from "./events";

export interface RapportApi {
	app: App;
	core: CoreHost;
	/** Says when the index changed (`onIndexChanged`). */
	events: RapportEvents;
	/** Whether the first full index is done. */
	isReady(): boolean;
	/** What to show instead of results while not ready: indexing, or stopped after traps. */
	waitingText(): string;
	today(): string;
	/** Opens the note (at a 1-based line) and makes it active; in a new tab, split or window as `newLeaf` says. */
	openNote(path: string, line?: number, newLeaf?: PaneType | boolean): Promise<void>;
	showPersonTasks(path?: string): Promise<void>;
	markContacted(path: string): Promise<boolean>;
	snooze(path: string, until: string): Promise<boolean>;
	/** Removes the `needs-review` tag from the note's tags property (the body is left alone). */
	markReviewed(path: string): Promise<boolean>;
	/** Whether the task was written as done (false: it moved or changed, and the user was told). */
	completeTask(task: Task): Promise<boolean>;
	applyFix(file: TFile, diagnostic: Diagnostic): Promise<boolean>;
}
