/** Modals: snoozing a contact, the current note's diagnostics, and the vault-wide report. */
import { type App, Component, Modal, Setting, TFile } from "obsidian";
import type { Diagnostic } from "../pkg/rapport";
import type { RapportApi } from "./api";
import { addDays, addMonths } from "./dates";
import { plural, renderDiagnostic } from "./render";

export class SnoozeModal extends Modal {
	constructor(
		app: App,
		private readonly api: RapportApi,
		private readonly path: string,
		private readonly name: string,
	) {
		super(app);
	}

	onOpen(): void {
		const { contentEl } = this;
		contentEl.addClass("rapport-snooze-modal");
		this.setTitle(`Snooze ${this.name}`);
		contentEl.createEl("p", { text: "Hide this contact from the stale list until:" });
		const today = this.api.today();
		const choose = (until: string) => {
			this.close();
			void this.api.snooze(this.path, until);
		};
		new Setting(contentEl)
			.addButton((b) => b.setButtonText("One week").onClick(() => choose(addDays(today, 7))))
			.addButton((b) => b.setButtonText("One month").onClick(() => choose(addMonths(today, 1))));
		let picked = addDays(today, 14);
		new Setting(contentEl)
			.setName("Pick a date")
			.addText((t) => {
				t.inputEl.type = "date";
				t.setValue(picked).onChange((v) => (picked = v));
			})
			.addButton((b) =>
				b
					.setButtonText("Snooze")
					.setCta()
					.onClick(() => {
						if (/^\d{4}-\d{2}-\d{2}$/.test(picked)) choose(picked);
					}),
			);
	}

	onClose(): void {
		this.contentEl.empty();
	}
}

type Register = (el: HTMLElement, type: "click" | "change", fn: (e: Event) => void) => void;

/**
 * While the index is incomplete (starting, indexing, restarting, stopped), an answer from it
 * would be wrong: a half-read vault has "no problems". Shows why it cannot answer yet, and calls
 * `render` again at each change of the index until it can. True when the index is ready.
 */
class ReadyGate {
	private watch: Component | null = null;

	constructor(
		private readonly api: RapportApi,
		private readonly what: string,
	) {}

	check(el: HTMLElement, render: () => void): boolean {
		if (this.api.isReady()) {
			this.dispose();
			return true;
		}
		const box = el.createDiv({ cls: "rapport-empty rapport-not-ready" });
		box.createEl("p", { text: `Rapport cannot check ${this.what} until its index is ready.` });
		box.createEl("p", { cls: "rapport-muted", text: this.api.waitingText() });
		if (!this.watch) {
			const watch = new Component();
			watch.load();
			this.api.events.onIndexChanged(watch, render);
			this.watch = watch;
		}
		return false;
	}

	dispose(): void {
		this.watch?.unload();
		this.watch = null;
	}
}

/**
 * The listeners of a modal's current render. A modal is not a Component, so it owns one per
 * render: re-rendering (after a fix) or closing unloads the previous one and its listeners.
 */
class RenderScope {
	private current: Component | null = null;

	renew(): Register {
		this.dispose();
		const scope = new Component();
		scope.load();
		this.current = scope;
		return (el, type, fn) => scope.registerDomEvent(el, type, fn);
	}

	dispose(): void {
		this.current?.unload();
		this.current = null;
	}
}

export class DiagnosticsModal extends Modal {
	private readonly listeners = new RenderScope();
	private readonly gate: ReadyGate;

	constructor(
		app: App,
		private readonly api: RapportApi,
		private readonly file: TFile,
	) {
		super(app);
		this.gate = new ReadyGate(api, "this note");
	}

	onOpen(): void {
		this.setTitle(`Problems in ${this.file.basename}`);
		this.render();
	}

	private render(): void {
		const { contentEl } = this;
		const register = this.listeners.renew();
		contentEl.empty();
		contentEl.addClass("rapport-diagnostics-modal");
		if (!this.gate.check(contentEl, () => this.render())) return;
		const diagnostics = this.api.core.run((index) => index.diagnostics(this.file.path, this.api.today()), []);
		if (diagnostics.length === 0) {
			contentEl.createDiv({ cls: "rapport-empty", text: "No problems in this note." });
			return;
		}
		for (const d of diagnostics) {
			renderDiagnostic(
				contentEl,
				d,
				() => {
					this.close();
					void this.api.openNote(this.file.path, d.line);
				},
				() => void this.api.applyFix(this.file, d).then(() => this.render()),
				register,
			);
		}
	}

	onClose(): void {
		this.gate.dispose();
		this.listeners.dispose();
		this.contentEl.empty();
	}
}

export class VaultReportModal extends Modal {
	private readonly listeners = new RenderScope();
	private readonly gate: ReadyGate;

	constructor(
		app: App,
		private readonly api: RapportApi,
	) {
		super(app);
		this.gate = new ReadyGate(api, "the vault");
	}

	onOpen(): void {
		this.setTitle("Rapport: vault validation");
		this.render();
	}

	private render(): void {
		const { contentEl } = this;
		const register = this.listeners.renew();
		contentEl.empty();
		contentEl.addClass("rapport-report-modal");
		if (!this.gate.check(contentEl, () => this.render())) return;
		const all = this.api.core.run((index) => index.allDiagnostics(this.api.today()), []);
		const byPath = new Map<string, Diagnostic[]>();
		for (const d of all) byPath.set(d.path, [...(byPath.get(d.path) ?? []), d]);
		const errors = all.filter((d) => d.severity === "error").length;
		contentEl.createDiv({
			cls: "rapport-muted",
			text: all.length === 0 ? "No problems found." : `${plural(all.length, "problem", "problems")} (${plural(errors, "error", "errors")}) in ${plural(byPath.size, "note", "notes")}.`,
		});
		for (const [path, list] of byPath) {
			const group = contentEl.createDiv({ cls: "rapport-report-file" });
			group.dataset.path = path;
			const title = group.createEl("a", { cls: "rapport-report-path", text: path, href: "#" });
			register(title, "click", (e) => {
				e.preventDefault();
				this.close();
				void this.api.openNote(path);
			});
			for (const d of list) {
				const file = this.app.vault.getAbstractFileByPath(path);
				renderDiagnostic(
					group,
					d,
					() => {
						this.close();
						void this.api.openNote(path, d.line);
					},
					file instanceof TFile ? () => void this.api.applyFix(file, d).then(() => this.render()) : null,
					register,
				);
			}
		}
	}

	onClose(): void {
		this.gate.dispose();
		this.listeners.dispose();
		this.contentEl.empty();
	}
}
