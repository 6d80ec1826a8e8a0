/** Settings tabs, Setting and its components, modals and notices. */
import type * as O from "obsidian";
import type { App } from "./app";
import { div } from "./dom";

export class PluginSettingTab {
	containerEl: HTMLElement = div("vertical-tab-content");
	constructor(
		public app: App,
		public plugin: unknown,
	) {}
	display(): void {}
	hide(): void {
		this.containerEl.remove();
	}
}


export class Modal implements Pick<O.Modal, "open" | "close" | "onOpen" | "onClose"> {
	containerEl: HTMLElement = div("modal-container");
	modalEl: HTMLElement;
	titleEl: HTMLElement;
	contentEl: HTMLElement;
	constructor(public app: App) {
		this.modalEl = this.containerEl.appendChild(div("modal"));
		this.titleEl = this.modalEl.appendChild(div("modal-title"));
		this.contentEl = this.modalEl.appendChild(div("modal-content"));
	}
	setTitle(title: string): this {
		this.titleEl.textContent = title;
		return this;
	}
	open(): void {
		document.body.appendChild(this.containerEl);
		openModals.add(this);
		this.onOpen();
	}
	close(): void {
		if (!openModals.delete(this)) return;
		this.onClose();
		this.containerEl.remove();
	}
	onOpen(): void {}
	onClose(): void {}
}

/** Modals on screen, so the tests can close them as Escape would. */
export const openModals = new Set<Modal>();

export const notices: string[] = [];

export class Notice implements Pick<O.Notice, "noticeEl" | "containerEl" | "messageEl" | "setMessage" | "hide"> {
	containerEl: HTMLElement;
	messageEl: HTMLElement;
	noticeEl: HTMLElement;
	constructor(message: string | DocumentFragment, _duration?: number) {
		this.containerEl = div("notice");
		this.messageEl = this.containerEl.appendChild(div("notice-message"));
		this.noticeEl = this.containerEl;
		this.setMessage(message);
		notices.push(this.messageEl.textContent ?? "");
		noticeContainer().appendChild(this.containerEl);
		// A click on a notice dismisses it, as in Obsidian (after a button in it did its part).
		this.containerEl.addEventListener("click", () => this.hide());
	}
	setMessage(message: string | DocumentFragment): this {
		this.messageEl.replaceChildren(typeof message === "string" ? document.createTextNode(message) : message);
		return this;
	}
	hide(): void {
		this.containerEl.remove();
	}
}

/** Obsidian stacks notices in one container at the top right of the window. */
function noticeContainer(): HTMLElement {
	return document.body.querySelector<HTMLElement>(".notice-container") ?? document.body.appendChild(div("notice-container"));
}

// Setting and its components.

class ValueComponent<T> {
	protected changeHandlers: ((value: T) => unknown)[] = [];
	onChange(cb: (value: T) => unknown): this {
		this.changeHandlers.push(cb);
		return this;
	}
}

export class TextComponent extends ValueComponent<string> {
	inputEl: HTMLInputElement;
	constructor(parent: HTMLElement, tag: "input" | "textarea" = "input") {
		super();
		this.inputEl = parent.appendChild(document.createElement(tag)) as HTMLInputElement;
		this.inputEl.addEventListener("input", () => this.changeHandlers.forEach((h) => h(this.inputEl.value)));
	}
	setValue(v: string): this {
		this.inputEl.value = v;
		return this;
	}
	getValue(): string {
		return this.inputEl.value;
	}
	setPlaceholder(p: string): this {
		this.inputEl.placeholder = p;
		return this;
	}
}

export class TextAreaComponent extends TextComponent {
	declare inputEl: HTMLTextAreaElement & HTMLInputElement;
	constructor(parent: HTMLElement) {
		super(parent, "textarea");
	}
}

export class ToggleComponent extends ValueComponent<boolean> {
	toggleEl: HTMLInputElement;
	constructor(parent: HTMLElement) {
		super();
		this.toggleEl = parent.appendChild(document.createElement("input"));
		this.toggleEl.type = "checkbox";
		this.toggleEl.addEventListener("change", () => this.changeHandlers.forEach((h) => h(this.toggleEl.checked)));
	}
	setValue(v: boolean): this {
		this.toggleEl.checked = v;
		return this;
	}
	getValue(): boolean {
		return this.toggleEl.checked;
	}
}

export class ButtonComponent {
	buttonEl: HTMLButtonElement;
	constructor(parent: HTMLElement) {
		this.buttonEl = parent.appendChild(document.createElement("button"));
	}
	setButtonText(t: string): this {
		this.buttonEl.textContent = t;
		return this;
	}
	setCta(): this {
		this.buttonEl.classList.add("mod-cta");
		return this;
	}
	onClick(cb: (evt: MouseEvent) => unknown): this {
		this.buttonEl.addEventListener("click", cb);
		return this;
	}
}

export class Setting {
	settingEl: HTMLElement;
	infoEl: HTMLElement;
	nameEl: HTMLElement;
	descEl: HTMLElement;
	controlEl: HTMLElement;
	constructor(containerEl: HTMLElement) {
		this.settingEl = containerEl.appendChild(div("setting-item"));
		this.infoEl = this.settingEl.appendChild(div("setting-item-info"));
		this.nameEl = this.infoEl.appendChild(div("setting-item-name"));
		this.descEl = this.infoEl.appendChild(div("setting-item-description"));
		this.controlEl = this.settingEl.appendChild(div("setting-item-control"));
	}
	setName(name: string): this {
		this.nameEl.textContent = name;
		return this;
	}
	setDesc(desc: string): this {
		this.descEl.textContent = desc;
		return this;
	}
	setHeading(): this {
		this.settingEl.classList.add("setting-item-heading");
		return this;
	}
	addText(cb: (c: TextComponent) => unknown): this {
		cb(new TextComponent(this.controlEl));
		return this;
	}
	addTextArea(cb: (c: TextAreaComponent) => unknown): this {
		cb(new TextAreaComponent(this.controlEl));
		return this;
	}
	addToggle(cb: (c: ToggleComponent) => unknown): this {
		cb(new ToggleComponent(this.controlEl));
		return this;
	}
	addButton(cb: (c: ButtonComponent) => unknown): this {
		cb(new ButtonComponent(this.controlEl));
		return this;
	}
	/** Facilitates chaining (obsidian.d.ts: `then(cb: (setting: this) => any): this`, since 0.9.20). */
	then(cb: (setting: this) => unknown): this {
		cb(this);
		return this;
	}
}

export function setIcon(_el: HTMLElement, _icon: string): void {}

export function normalizePath(path: string): string {
	return path.replace(/\\/g, "/").replace(/\/+/g, "/").replace(/^\/|\/$/g, "");
}

/** Obsidian's search box: an input in a `.search-input-container` with a clear button. */
export class SearchComponent extends TextComponent implements Pick<O.SearchComponent, "clearButtonEl" | "onChanged" | "getValue"> {
	clearButtonEl: HTMLElement;
	constructor(containerEl: HTMLElement) {
		const container = containerEl.appendChild(div("search-input-container"));
		super(container);
		this.inputEl.type = "search";
		this.inputEl.setAttribute("enterkeyhint", "search");
		this.inputEl.spellcheck = false;
		this.clearButtonEl = container.appendChild(div("search-input-clear-button"));
		this.clearButtonEl.addEventListener("click", () => {
			this.setValue("");
			this.onChanged();
			this.inputEl.focus();
		});
	}
	onChanged(): void {
		this.changeHandlers.forEach((h) => h(this.inputEl.value));
	}
}

/**
 * A context menu: items added before it is shown ("Only works when menu is not shown yet"); each
 * one's click runs its callback and closes it. (Methods returning `this` cannot be checked with
 * Pick against the official class; their parameters are its types.)
 */
export class Menu implements Pick<O.Menu, "close"> {
	items: MenuItem[] = [];
	dom: HTMLElement | null = null;
	addItem(cb: Parameters<O.Menu["addItem"]>[0]): this {
		if (this.dom) return this;
		const item = new MenuItem(this);
		this.items.push(item);
		cb(item as unknown as O.MenuItem);
		return this;
	}
	addSeparator(): this {
		return this;
	}
	showAtMouseEvent(_evt: Parameters<O.Menu["showAtMouseEvent"]>[0]): this {
		for (const open of shownMenus) open.hide();
		this.dom = document.body.appendChild(div("menu"));
		for (const item of this.items) {
			const el = this.dom.appendChild(div("menu-item"));
			el.textContent = item.title;
			el.dataset.section = item.section;
			el.addEventListener("click", (e) => {
				this.hide();
				item.callback?.(e);
			});
		}
		shownMenus.add(this);
		return this;
	}
	hide(): this {
		this.dom?.remove();
		shownMenus.delete(this);
		return this;
	}
	close(): void {
		this.hide();
	}
}

export class MenuItem {
	title = "";
	icon: string | null = null;
	section = "";
	callback: ((evt: MouseEvent | KeyboardEvent) => unknown) | null = null;
	constructor(readonly menu: Menu) {}
	setTitle(title: Parameters<O.MenuItem["setTitle"]>[0]): this {
		this.title = typeof title === "string" ? title : (title.textContent ?? "");
		return this;
	}
	setIcon(icon: string | null): this {
		this.icon = icon;
		return this;
	}
	onClick(callback: Parameters<O.MenuItem["onClick"]>[0]): this {
		this.callback = callback;
		return this;
	}
	setSection(section: string): this {
		this.section = section;
		return this;
	}
}

/** Menus on screen. */
export const shownMenus = new Set<Menu>();

/**
 * A modal that suggests items as the user types, as Obsidian's: an input, the suggestions below
 * (`.suggestion-item`), Enter or a click choosing one (the modal closes, then
 * `onChooseSuggestion` runs).
 */
export abstract class SuggestModal<T> extends Modal implements Pick<O.SuggestModal<T>, "limit" | "emptyStateText" | "inputEl" | "resultContainerEl" | "setPlaceholder" | "getSuggestions" | "renderSuggestion" | "onChooseSuggestion" | "selectSuggestion" | "onNoSuggestion"> {
	limit = 100;
	emptyStateText = "No results found.";
	inputEl: HTMLInputElement;
	resultContainerEl: HTMLElement;
	private shown: T[] = [];
	constructor(app: App) {
		super(app);
		this.inputEl = this.modalEl.insertBefore(document.createElement("input"), this.contentEl);
		this.inputEl.className = "prompt-input";
		this.resultContainerEl = this.modalEl.appendChild(div("prompt-results"));
		this.inputEl.addEventListener("input", () => void this.update());
		this.inputEl.addEventListener("keydown", (evt) => {
			const first = this.shown[0];
			if (evt.key === "Enter" && first !== undefined) this.selectSuggestion(first, evt);
		});
	}
	setPlaceholder(placeholder: string): void {
		this.inputEl.placeholder = placeholder;
	}
	open(): void {
		super.open();
		void this.update();
	}
	onNoSuggestion(): void {
		this.resultContainerEl.replaceChildren(div("suggestion-empty"));
		this.resultContainerEl.firstElementChild?.append(this.emptyStateText);
	}
	selectSuggestion(value: T, evt: MouseEvent | KeyboardEvent): void {
		this.close();
		this.onChooseSuggestion(value, evt);
	}
	private async update(): Promise<void> {
		this.shown = (await this.getSuggestions(this.inputEl.value)).slice(0, this.limit);
		if (this.shown.length === 0) return this.onNoSuggestion();
		this.resultContainerEl.replaceChildren();
		for (const item of this.shown) {
			const el = this.resultContainerEl.appendChild(div("suggestion-item"));
			this.renderSuggestion(item, el);
			el.addEventListener("click", (evt) => this.selectSuggestion(item, evt));
		}
	}
	abstract getSuggestions(query: string): T[] | Promise<T[]>;
	abstract renderSuggestion(value: T, el: HTMLElement): void;
	abstract onChooseSuggestion(item: T, evt: MouseEvent | KeyboardEvent): void;
}
