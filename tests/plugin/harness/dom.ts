/** The DOM helpers Obsidian adds to every element (createEl, setText, …), and the listener ledger. */

type Info = { cls?: string | string[]; text?: string; attr?: Record<string, string | number | boolean | null>; title?: string; value?: string; type?: string; placeholder?: string; href?: string };

function applyInfo(el: HTMLElement, info?: Info | string): void {
	if (info === undefined) return;
	if (typeof info === "string") {
		el.className = info;
		return;
	}
	if (info.cls) el.classList.add(...(Array.isArray(info.cls) ? info.cls : info.cls.split(/\s+/)).filter(Boolean));
	if (info.text !== undefined) el.textContent = info.text;
	for (const [k, v] of Object.entries(info.attr ?? {})) if (v !== null && v !== false) el.setAttribute(k, String(v));
	if (info.title !== undefined) el.title = info.title;
	if (info.href !== undefined) el.setAttribute("href", info.href);
	if (info.type !== undefined) el.setAttribute("type", info.type);
	if (info.placeholder !== undefined) el.setAttribute("placeholder", info.placeholder);
	if (info.value !== undefined) (el as HTMLInputElement).value = info.value;
}

/** Installs createEl, createDiv, createSpan, empty, setText, addClass … on elements. */
export function installDomHelpers(): void {
	const proto = HTMLElement.prototype as unknown as Record<string, unknown>;
	proto.createEl = function (this: HTMLElement, tag: string, info?: Info | string, callback?: (el: HTMLElement) => void) {
		const el = document.createElement(tag);
		applyInfo(el, info);
		this.appendChild(el);
		callback?.(el);
		return el;
	};
	proto.createDiv = function (this: HTMLElement, info?: Info | string) {
		return (this as unknown as { createEl: (t: string, i?: Info | string) => HTMLElement }).createEl("div", info);
	};
	proto.createSpan = function (this: HTMLElement, info?: Info | string) {
		return (this as unknown as { createEl: (t: string, i?: Info | string) => HTMLElement }).createEl("span", info);
	};
	proto.empty = function (this: HTMLElement) {
		while (this.firstChild) this.removeChild(this.firstChild);
	};
	/** obsidian.d.ts: `Node.appendText(val: string): void` (a text node added at the end). */
	proto.appendText = function (this: HTMLElement, text: string) {
		this.appendChild(document.createTextNode(text));
	};
	proto.setText = function (this: HTMLElement, text: string) {
		this.textContent = text;
	};
	proto.addClass = function (this: HTMLElement, ...cls: string[]) {
		this.classList.add(...cls);
	};
	proto.removeClass = function (this: HTMLElement, ...cls: string[]) {
		this.classList.remove(...cls);
	};
	proto.toggleClass = function (this: HTMLElement, cls: string, value: boolean) {
		this.classList.toggle(cls, value);
	};
	proto.hasClass = function (this: HTMLElement, cls: string) {
		return this.classList.contains(cls);
	};
	proto.setAttr = function (this: HTMLElement, name: string, value: string | number | boolean | null) {
		if (value === null || value === false || value === "") this.removeAttribute(name);
		else this.setAttribute(name, String(value));
	};
}

export function div(cls: string): HTMLElement {
	const el = document.createElement("div");
	el.className = cls;
	return el;
}

// ---------------------------------------------------------------------------------------------
// Counters the tests read to prove that unload leaves nothing behind.

export const ledger = { domListeners: 0 };
