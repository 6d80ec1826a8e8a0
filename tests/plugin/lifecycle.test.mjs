/**
 * The plugin's life as Obsidian runs it, where it is harder than the happy path: a core that
 * cannot start on the device, reads that fail while the vault is indexed or a change is read,
 * a note edited then renamed at once, commands asked before the index is complete, and a plugin
 * disabled (its leaves kept, as Obsidian keeps them) then enabled again.
 */
import { beforeEach, describe, test } from "node:test";
import assert from "node:assert/strict";
import { evaluate, h, notices, rows, settle, until, useHarness, vault } from "./support.mjs";

useHarness();

beforeEach(() => {
	h.errors.length = 0;
});

const state = () => evaluate(() => window.harness.plugin.core.state);
const viewText = () => h.page.textContent(".rapport-stale-view");

/** A fresh page with the vault and the plugin; `options` as Harness.start takes them. */
async function start(options = {}, files = vault) {
	await h.page.reload();
	await evaluate(([f, o]) => window.harness.start(f, o), [files, options]);
	assert.ok(await evaluate(() => window.harness.command("rapport:open-stale-contacts")));
	await settle();
}


const NADIA = "People/Nadia Farrow.md";

describe("a core that cannot start", () => {
	const causes = [
		{ fault: "no-webassembly", message: /WebAssembly is turned off.*Lockdown Mode/, recovers: false },
		{ fault: "compile", message: /lacks a feature Rapport needs.*Update Obsidian/, recovers: true },
		{ fault: "memory", message: /low on memory.*Rebuild the index/, recovers: true },
	];
	for (const { fault, message, recovers } of causes) {
		test(`${fault}: says why once, shows it instead of "Indexing…", and Rebuild the index tries again`, async () => {
			await start({ coreFault: fault, waitForIndex: false });
			await until((p) => p.core.state.kind === "failed", "the core to fail");
			await settle();
			const told = await notices();
			assert.equal(told.filter((m) => message.test(m)).length, 1, `one notice: ${JSON.stringify(told)}`);
			assert.equal(told.filter((m) => /default settings/.test(m)).length, 0, "not taken for bad settings");
			assert.match(await viewText(), message);
			assert.doesNotMatch(await viewText(), /Indexing your vault/);
			assert.equal(await evaluate(() => window.harness.app.vault.listenerCount() > 0), true, "changes are still followed, for after a rebuild");

			if (recovers) {
				// The cause goes away (memory freed, an update); the command starts the core.
				await evaluate(() => {
					window.harness.plugin.core.onInstantiate = null;
				});
			}
			assert.ok(await evaluate(() => window.harness.command("rapport:rebuild-index")));
			await until((p) => p.isReady() || p.core.state.kind === "failed", "the rebuild");
			await settle();
			if (recovers) {
				assert.equal((await state()).kind, "ready");
				assert.ok((await rows()).length > 5, "the vault is indexed");
			} else {
				assert.equal((await state()).kind, "failed");
				assert.equal((await notices()).filter((m) => message.test(m)).length, 2, "told again, once, for the retry");
				assert.match(await viewText(), message);
			}
			assert.deepEqual(h.errors, []);
		});
	}
});

test("a core that traps while opening an empty index is not restarted: no note is to blame", async () => {
	await h.page.reload();
	await evaluate(async (f) => {
		const { harness } = window;
		await harness.start(f, { layoutReady: false });
		// Every copy of the core traps in the constructor of its index, before any note is read.
		harness.plugin.core.onInstantiate = (glue) => {
			glue.RapportIndex = class extends glue.RapportIndex {
				constructor() {
					throw new WebAssembly.RuntimeError("unreachable");
				}
			};
		};
		harness.app.workspace.triggerLayoutReady();
	}, vault);
	await until((p) => p.core.state.kind === "failed", "the core to fail");
	await new Promise((r) => setTimeout(r, 300));
	assert.equal(await evaluate(() => window.harness.plugin.core.restarts), 0);
	const told = await notices();
	assert.deepEqual(told.filter((m) => /Rapport/.test(m)).length, 1, JSON.stringify(told));
	assert.match(told[0], /could not start.*Rebuild the index/);
	assert.deepEqual(h.errors, []);
});

test("settings saved while the core could not start are checked when Rebuild starts it", async () => {
	await start({ coreFault: "compile", waitForIndex: false });
	await until((p) => p.core.state.kind === "failed", "the core to fail");
	// With no core to ask, the change is saved as typed.
	assert.equal(await evaluate(() => window.harness.plugin.updateSettings({ defaultCadence: "often" })), null);
	await evaluate(async () => {
		window.harness.plugin.core.onInstantiate = null;
		window.harness.command("rapport:rebuild-index");
	});
	await until((p) => p.isReady(), "the rebuild");
	const told = (await notices()).filter((m) => /could not be used/.test(m));
	assert.equal(told.length, 1, "the user hears that the saved setting is not usable");
	assert.match(told[0], /Default cadence/, "named as the settings tab names it");
	assert.equal(await evaluate(() => window.harness.plugin.core.run((i) => i.config().defaultCadence, "")), "quarterly", "that setting is back to its default");
	assert.deepEqual(h.errors, []);
});

describe("reads that fail", () => {
	test("a note whose read keeps failing during the startup index is left out, once told; the rest is indexed", async () => {
		await start({ failReads: { paths: [NADIA] } });
		assert.equal(await evaluate(() => window.harness.plugin.isReady()), true);
		const paths = (await rows()).map((r) => r.path);
		assert.ok(paths.length > 5 && !paths.includes(NADIA), "every other person is there");
		assert.equal(await evaluate(() => window.harness.plugin.indexer.lastRun.unread), 1);
		const told = (await notices()).filter((m) => m.includes(NADIA));
		assert.equal(told.length, 1, "told once");
		assert.match(told[0], /could not read.*Rebuild the index/);
		assert.equal(await evaluate((p) => window.harness.app.vault.reads.get(p), NADIA), 2, "tried once more at the end");
		assert.deepEqual(h.errors, []);
	});

	test("a read that fails once during the startup index is retried, and nobody is bothered", async () => {
		await start({ failReads: { paths: [NADIA], times: 1 } });
		assert.ok((await rows()).some((r) => r.path === NADIA));
		assert.deepEqual(await notices(), []);
		assert.deepEqual(h.errors, []);
	});

	test("a changed note that cannot be read does not drop the rest of the flush, and is read again", async () => {
		await start();
		const GIDEON = "People/Gideon Aske.md";
		await evaluate((p) => window.harness.app.vault.failReads([p], 1), NADIA);
		await evaluate(
			async ([a, b]) => {
				const { harness } = window;
				await harness.modify(a, harness.text(a).replace(/last_contact: .*/, "last_contact: '2026-11-26'"));
				await harness.modify(b, harness.text(b).replace(/last_contact: .*/, "last_contact: '2026-11-26'"));
			},
			[NADIA, GIDEON],
		);
		await settle();
		const status = async (p) => (await rows()).find((r) => r.path === p)?.status;
		assert.equal(await status(GIDEON), "ok", "the other note of the flush is indexed");
		// The failed read is retried after a pause, without another change.
		await until((p) => p.core.run((i) => i.contact("People/Nadia Farrow.md", "2026-11-26")?.lastContact, null) === "2026-11-26", "the retried read");
		await settle();
		assert.equal(await status(NADIA), "ok");
		assert.deepEqual(await notices(), []);
		assert.deepEqual(h.errors, []);
	});
});

test("an edit followed by a rename within the pause (a template plugin) keeps the edit", async () => {
	await start();
	const MOVED = "People/Nadia Farrow-Quint.md";
	await evaluate(
		async ([from, to]) => {
			const { harness } = window;
			await harness.modify(from, harness.text(from).replace(/last_contact: .*/, "last_contact: '2026-11-26'"));
			await harness.rename(from, to);
		},
		[NADIA, MOVED],
	);
	await settle();
	const lastContact = await evaluate((p) => window.harness.plugin.core.run((i) => i.contact(p, "2026-11-26")?.lastContact, null), MOVED);
	assert.equal(lastContact, "2026-11-26", "the edit made before the rename is indexed");
	assert.equal((await rows()).find((r) => r.path === MOVED)?.days, "today");
	assert.ok(!(await rows()).some((r) => r.path === NADIA));
	assert.deepEqual(h.errors, []);
});

test("a note renamed while its change is being read is indexed under its new path only", async () => {
	await start();
	const MOVED = "People/Nadia Farrow-Quint.md";
	const paths = await evaluate(
		async ([from, to]) => {
			const { harness } = window;
			await harness.modify(from, harness.text(from).replace(/last_contact: .*/, "last_contact: '2026-11-26'"));
			const reading = harness.plugin.indexer.flush();
			await harness.rename(from, to);
			await reading;
			return harness.plugin.core.run((i) => i.paths().filter((p) => p.startsWith("People/Nadia")), []);
		},
		[NADIA, MOVED],
	);
	assert.deepEqual(paths, [MOVED], "no copy left under the old path");
	await settle();
	assert.equal(await evaluate((p) => window.harness.plugin.core.run((i) => i.contact(p, "2026-11-26")?.lastContact, null), MOVED), "2026-11-26");
	assert.deepEqual(h.errors, []);
});

describe("answers from an incomplete index", () => {
	test("Validate the vault says a half-built index is not ready, then answers when it is", async () => {
		await h.page.reload();
		const indexing = await evaluate(async (f) => {
			const { harness } = window;
			await harness.start(f, { waitForIndex: false });
			// The vault's reads wait (a slow disk): the startup index is half-built until released.
			const vault = harness.app.vault;
			const read = vault.readBinary.bind(vault);
			let release;
			const gate = new Promise((r) => (release = r));
			window.releaseReads = release;
			vault.readBinary = async (file) => {
				await gate;
				return read(file);
			};
			await new Promise((r) => setTimeout(r, 300));
			harness.command("rapport:validate-vault");
			return harness.plugin.indexer.indexing;
		}, vault);
		assert.equal(indexing, true, "the index is being built");
		const modal = () => h.page.textContent(".rapport-report-modal");
		assert.match(await modal(), /cannot check the vault until its index is ready.*Indexing your vault/);
		assert.doesNotMatch(await modal(), /No problems/);
		await evaluate(() => window.releaseReads());
		await evaluate(() => window.harness.ready());
		await settle();
		assert.match(await modal(), /^13 problems \(7 errors\) in 13 notes\./, "the answer replaces the wait");
		await evaluate(() => window.harness.closeModals());
		assert.deepEqual(h.errors, []);
	});

	test("with the core stopped, the validations say why and Fix every problem does nothing", async () => {
		await start({ coreFault: "compile", waitForIndex: false });
		await until((p) => p.core.state.kind === "failed", "the core to fail");
		await evaluate(() => window.harness.open("People/Omar Castellane.md"));
		const before = await evaluate(() => window.harness.text("People/Omar Castellane.md"));
		assert.ok(await evaluate(() => window.harness.command("rapport:validate-current-note")));
		const modal = await h.page.textContent(".rapport-diagnostics-modal");
		assert.match(modal, /cannot check this note until its index is ready/);
		assert.match(modal, /lacks a feature Rapport needs/);
		assert.doesNotMatch(modal, /No problems/);
		await evaluate(() => window.harness.closeModals());
		assert.ok(await evaluate(() => window.harness.command("rapport:validate-vault")));
		assert.match(await h.page.textContent(".rapport-report-modal"), /cannot check the vault/);
		await evaluate(() => window.harness.closeModals());
		assert.ok(await evaluate(() => window.harness.command("rapport:fix-current-note")));
		await settle();
		const last = (await notices()).at(-1);
		assert.match(last, /cannot fix this note yet.*lacks a feature/);
		assert.doesNotMatch(last, /No problems/);
		assert.equal(await evaluate(() => window.harness.text("People/Omar Castellane.md")), before);
		assert.deepEqual(h.errors, []);
	});
});

describe("unload", () => {
	test("unload frees the index and lets the instance go", async () => {
		await start();
		const left = await evaluate(async () => {
			const core = window.harness.plugin.core;
			const index = core.index;
			await window.harness.unload();
			return { freed: index.__wbg_ptr === 0, held: core.index !== null || core.module !== null, state: core.state.kind };
		});
		assert.deepEqual(left, { freed: true, held: false, state: "disposed" });
		assert.deepEqual(h.errors, []);
	});

	test("unload frees the index, and a restart under way after a trap does not read the vault again", async () => {
		await start();
		const after = await evaluate(async () => {
			const { harness } = window;
			const core = harness.plugin.core;
			const released = [];
			core.onInstantiate = () => released.push(core.index === null && core.module === null);
			core.module.RapportIndex.prototype.stale = () => {
				throw new WebAssembly.RuntimeError("unreachable");
			};
			harness.plugin.events.triggerIndexChanged();
			// The trap happened and a fresh instance is starting; the user disables the plugin now.
			const restarting = core.state.kind;
			const result = await harness.unload();
			const reads = [...harness.app.vault.reads.values()].reduce((a, b) => a + b, 0);
			await new Promise((r) => setTimeout(r, 1000));
			return {
				restarting,
				released,
				state: core.state.kind,
				readsLater: [...harness.app.vault.reads.values()].reduce((a, b) => a + b, 0) - reads,
				vaultListeners: result.vaultListeners,
			};
		});
		assert.equal(after.restarting, "restarting", "a restart was under way");
		assert.deepEqual(after.released, [true], "the trapped instance was let go before the new one started");
		assert.equal(after.state, "disposed");
		assert.equal(after.readsLater, 0, "no note read after unload");
		assert.equal(after.vaultListeners, 0);
		assert.deepEqual(h.errors, []);
	});
});

describe("disable and enable", () => {
	test("the leaves are kept as Obsidian keeps them, and the plugin enabled again shows its views in them", async () => {
		await start();
		await evaluate(() => window.harness.plugin.showPersonTasks("People/Nadia Farrow.md"));
		await settle();
		const before = await rows();
		const left = await evaluate(() => window.harness.unload());
		assert.deepEqual({ views: left.views, leaves: left.leaves, elements: left.elements }, { views: 0, leaves: 2, elements: 0 });
		assert.equal(await evaluate(() => document.querySelectorAll(".workspace-leaf .empty-state").length), 2, "each leaf says the plugin is no longer active");

		await evaluate(() => window.harness.reload());
		await settle();
		assert.equal(await evaluate(() => window.harness.app.workspace.leaves.length), 2, "the same leaves");
		assert.deepEqual(await rows(), before, "the stale view is back, filled");
		assert.equal(await h.page.locator(".rapport-person-tasks-view, .rapport-person-view").count() > 0, true, "the person view is back");
		assert.ok(await evaluate(() => window.harness.command("rapport:open-stale-contacts")));
		await settle();
		assert.equal(await evaluate(() => window.harness.app.workspace.leaves.length), 2, "opening the view again uses its leaf");
		assert.deepEqual(h.errors, []);
	});
});

test("commands that open a modal say so with an ellipsis, and only they do", async () => {
	await start();
	const names = await evaluate(() => Object.fromEntries([...window.harness.app.commands.values()].map((c) => [c.id, c.name])));
	assert.equal(names["rapport:snooze-contact"], "Snooze the current person…");
	assert.equal(names["rapport:merge-person"], "Merge the current person into another…");
	// Validate opens a modal with the answer, not a dialog that asks for more: no ellipsis.
	const withEllipsis = Object.entries(names).filter(([, name]) => name.endsWith("…")).map(([id]) => id);
	assert.deepEqual(withEllipsis, ["rapport:snooze-contact", "rapport:merge-person"]);
	assert.deepEqual(h.errors, []);
});
