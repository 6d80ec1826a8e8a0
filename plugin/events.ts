/** The plugin's own events, each with a typed pair of methods, so no file spells an event's name. */
import { type Component, Events } from "obsidian";

/** The index changed (notes, settings, the core restarting or stopping): what shows it renders again. */
const INDEX_CHANGED = "index-changed";

/**
 * Obsidian's `Events`, with a listening and a triggering method per event instead of bare names.
 * A listener is registered on a component, so it goes when the component unloads.
 */
export class RapportEvents extends Events {
	/** Calls `callback` after every change to the index, until `component` unloads. */
	onIndexChanged(component: Component, callback: () => void): void {
		component.registerEvent(this.on(INDEX_CHANGED, callback));
	}

	/** Tells every view, code block and dialog that shows the index to render again. */
	triggerIndexChanged(): void {
		this.trigger(INDEX_CHANGED);
	}
}
