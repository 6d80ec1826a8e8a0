/** Events and Component: listeners and lifecycles, as Obsidian's base classes keep them. */
import type * as O from "obsidian";
import { ledger } from "./dom";

export class Events implements Pick<O.Events, "on" | "off" | "offref" | "trigger"> {
	private handlers = new Map<string, { fn: (...data: unknown[]) => unknown; ctx?: unknown }[]>();

	on(name: string, callback: (...data: any[]) => unknown, ctx?: unknown): O.EventRef {
		const list = this.handlers.get(name) ?? [];
		const entry = { fn: callback, ctx };
		list.push(entry);
		this.handlers.set(name, list);
		return { e: this, name, entry };
	}

	off(name: string, callback: (...data: any[]) => unknown): void {
		this.handlers.set(name, (this.handlers.get(name) ?? []).filter((h) => h.fn !== callback));
	}

	offref(ref: O.EventRef): void {
		const r = ref as unknown as { name: string; entry: unknown };
		this.handlers.set(r.name, (this.handlers.get(r.name) ?? []).filter((h) => h !== r.entry));
	}

	trigger(name: string, ...data: unknown[]): void {
		for (const h of [...(this.handlers.get(name) ?? [])]) h.fn.apply(h.ctx, data);
	}

	/** Listeners registered, for the leak test. */
	listenerCount(): number {
		let n = 0;
		for (const list of this.handlers.values()) n += list.length;
		return n;
	}
}

export class Component implements Pick<O.Component, "load" | "onload" | "unload" | "onunload" | "addChild" | "removeChild" | "register" | "registerEvent" | "registerDomEvent" | "registerInterval"> {
	private loaded = false;
	private children: Component[] = [];
	private cleanups: (() => void)[] = [];
	/** What the last `onload` returned (a plugin's is a promise), for the harness to await. */
	loading: Promise<unknown> = Promise.resolve();

	load(): void {
		if (this.loaded) return;
		this.loaded = true;
		// A plugin's onload is async; Obsidian does not wait for it, but the harness lets tests do so.
		const result: unknown = this.onload();
		this.loading = Promise.resolve(result);
		for (const c of this.children) c.load();
	}

	onload(): void {}

	unload(): void {
		if (!this.loaded) return;
		this.loaded = false;
		for (const c of this.children.splice(0)) c.unload();
		for (const fn of this.cleanups.splice(0).reverse()) fn();
		this.onunload();
	}

	onunload(): void {}

	addChild<T extends O.Component>(component: T): T {
		this.children.push(component as unknown as Component);
		if (this.loaded) component.load();
		return component;
	}

	removeChild<T extends O.Component>(component: T): T {
		this.children = this.children.filter((c) => c !== (component as unknown as Component));
		component.unload();
		return component;
	}

	register(cb: () => unknown): void {
		this.cleanups.push(() => void cb());
	}

	registerEvent(ref: O.EventRef): void {
		this.cleanups.push(() => (ref as unknown as { e: Events }).e.offref(ref));
	}

	registerDomEvent(el: HTMLElement | Document | Window, type: string, callback: (ev: any) => unknown, options?: boolean | AddEventListenerOptions): void {
		el.addEventListener(type, callback, options);
		ledger.domListeners++;
		this.cleanups.push(() => {
			el.removeEventListener(type, callback, options);
			ledger.domListeners--;
		});
	}

	registerInterval(id: number): number {
		this.cleanups.push(() => window.clearInterval(id));
		return id;
	}
}

/**
 * Render children whose element is watched (MarkdownRenderChild's contract in obsidian.d.ts: "when
 * it's no longer attached (for example, when it is replaced with a new version because the user
 * edited the Markdown source code), this component will be unloaded").
 */
const watched = new Map<Component, { el: HTMLElement; parent: Component }>();
let observer: MutationObserver | null = null;

/** Unloads `child` (through `parent`) once `el` is no longer in the document. */
export function unloadWhenDetached(child: Component, el: HTMLElement, parent: Component): void {
	watched.set(child, { el, parent });
	observer ??= new MutationObserver(() => {
		for (const [c, w] of watched) {
			if (w.el.isConnected) continue;
			watched.delete(c);
			w.parent.removeChild(c);
		}
	});
	observer.observe(document.body, { childList: true, subtree: true });
}
