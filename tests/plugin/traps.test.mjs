/**
 * Traps that come back: a note that makes the core fail every time it is read, and a query that
 * always fails. Rapport must find the note and leave it out, or stop after a bounded number of
 * restarts, telling the user once each, and never loop. The traps are made on purpose through the
 * CoreHost's `onInstantiate` seam, which patches each fresh copy of the glue.
 */
import { beforeEach, describe, test } from "node:test";
import assert from "node:assert/strict";
import { evaluate, h, notices, rows, settle, useHarness, vault } from "./support.mjs";

/** What the page logged with console.error, since the last reset. */
const logged = [];

useHarness((page) => {
	page.page.on("console", (m) => {
		if (m.type() === "error") logged.push(m.text());
	});
});

const restarts = () => evaluate(() => window.harness.plugin.core.restarts);

async function start(files = vault) {
	await h.page.reload();
	await evaluate((f) => window.harness.start(f), files);
	assert.ok(await evaluate(() => window.harness.command("rapport:open-stale-contacts")));
	await settle();
}

/** Waits until Rapport is ready again, or has stopped; polls so a restart loop cannot hang the test. */
async function quiet() {
	await evaluate(async () => {
		const plugin = window.harness.plugin;
		const until = performance.now() + 20_000;
		while (!(plugin.isReady() || plugin.core.stopped) && performance.now() < until) await new Promise((r) => setTimeout(r, 10));
	});
	await new Promise((r) => setTimeout(r, 200));
	await evaluate(() => window.harness.plugin.core.settled());
}

const POISON = "People/Crash Test.md";

describe("traps that recur", () => {
	beforeEach(() => {
		h.errors.length = 0;
	});

	test("a note that crashes the core on every read is found, left out, and the rest keeps working", async () => {
		await start();
		const before = await rows();
		// From now on, any read of a note containing the marker traps, in this instance and the next ones.
		await evaluate(() => {
			const trapOnMarker = (module) => {
				const proto = module.RapportIndex.prototype;
				const upsert = proto.upsert;
				const upsertMany = proto.upsertMany;
				proto.upsert = function (path, text) {
					if (text.includes("CRASH-ME")) throw new WebAssembly.RuntimeError("unreachable");
					return upsert.call(this, path, text);
				};
				proto.upsertMany = function (paths, texts) {
					if (texts.some((t) => t.includes("CRASH-ME"))) throw new WebAssembly.RuntimeError("unreachable");
					return upsertMany.call(this, paths, texts);
				};
				const upsertBytes = proto.upsertBytes;
				proto.upsertBytes = function (paths, bytes, ends) {
					if (new TextDecoder().decode(bytes).includes("CRASH-ME")) throw new WebAssembly.RuntimeError("unreachable");
					return upsertBytes.call(this, paths, bytes, ends);
				};
			};
			const core = window.harness.plugin.core;
			trapOnMarker(core.module);
			core.onInstantiate = trapOnMarker;
		});
		await evaluate((p) => window.harness.create(p, "---\ntype: people\n---\nCRASH-ME\n"), POISON);
		await evaluate(() => window.harness.plugin.indexer.flush());
		await quiet();
		assert.equal(await evaluate(() => window.harness.plugin.core.stopped), false);
		assert.deepEqual(await evaluate(() => [...window.harness.plugin.indexer.quarantined]), [POISON]);
		const n = await restarts();
		assert.ok(n >= 1 && n <= 3, `a bounded number of restarts (${n})`);
		const all = await notices();
		assert.equal(all.filter((m) => /internal error/.test(m)).length, 1, "one notice for the restarts");
		assert.equal(all.filter((m) => m.includes(POISON)).length, 1, "one notice naming the note left out");
		// Everything else is indexed and live.
		await settle();
		assert.deepEqual(await rows(), before);
		await evaluate(() => window.harness.open("People/Gideon Aske.md"));
		assert.ok(await evaluate(() => window.harness.command("rapport:mark-contacted-today")));
		await settle();
		assert.equal((await rows()).find((r) => r.path === "People/Gideon Aske.md").status, "ok");
		// Editing the note left out does not bring the trap back; nor does renaming it.
		await evaluate((p) => window.harness.modify(p, "---\ntype: people\n---\nCRASH-ME again\n"), POISON);
		await evaluate((p) => window.harness.rename(p, "People/Crash Test 2.md"), POISON);
		await settle();
		assert.equal(await restarts(), n);
		assert.deepEqual(await evaluate(() => [...window.harness.plugin.indexer.quarantined]), ["People/Crash Test 2.md"]);
		assert.deepEqual(h.errors, []);
	});

	test("a query that always traps stops Rapport after a bounded number of restarts, and Rebuild brings it back", async () => {
		await start();
		const before = await rows();
		await evaluate(() => {
			const trapStale = (module) => {
				module.RapportIndex.prototype.stale = () => {
					throw new WebAssembly.RuntimeError("unreachable");
				};
			};
			const core = window.harness.plugin.core;
			trapStale(core.module);
			core.onInstantiate = trapStale;
		});
		// Every render of the panel asks stale(): each restart re-renders, and traps again.
		await evaluate(async () => {
			const core = window.harness.plugin.core;
			window.harness.plugin.events.triggerIndexChanged();
			const until = performance.now() + 20_000;
			while (!core.stopped && performance.now() < until) await new Promise((r) => setTimeout(r, 10));
		});
		assert.equal(await evaluate(() => window.harness.plugin.core.stopped), true);
		const n = await restarts();
		assert.ok(n >= 1 && n <= 5, `restarts are bounded (${n})`);
		await new Promise((r) => setTimeout(r, 500));
		assert.equal(await restarts(), n, "and they have stopped");
		const all = await notices();
		assert.equal(all.filter((m) => /internal error/.test(m)).length, 1);
		assert.equal(all.filter((m) => /Rapport stopped/.test(m)).length, 1);
		assert.match(await h.page.textContent(".rapport-stale-view"), /Rebuild the index/);
		// The cause goes away (an update, say); the command restarts the core from scratch.
		await evaluate(() => {
			window.harness.plugin.core.onInstantiate = null;
		});
		assert.ok(await evaluate(() => window.harness.command("rapport:rebuild-index")));
		await quiet();
		await settle();
		assert.equal(await evaluate(() => window.harness.plugin.core.stopped), false);
		assert.deepEqual(await rows(), before);
		assert.deepEqual(h.errors, []);
	});

	test("a trap is logged with what the core panicked with", async () => {
		await start();
		logged.length = 0;
		// The next stale() of this instance traps after a panic (the message as the core's hook
		// keeps it: tests/wasm.rs checks that with a real panic); the fresh instance is sound.
		await evaluate(() => {
			const module = window.harness.plugin.core.module;
			module.RapportIndex.panicMessage = () => "panicked at src/index.rs:1:1:\nan invariant broke";
			module.RapportIndex.prototype.stale = () => {
				throw new WebAssembly.RuntimeError("unreachable");
			};
			window.harness.plugin.events.triggerIndexChanged();
		});
		await quiet();
		assert.equal(await restarts(), 1);
		const traps = logged.filter((m) => m.startsWith("Rapport: the core trapped"));
		assert.equal(traps.length, 1, logged.join("\n"));
		assert.ok(traps[0].includes("panicked at src/index.rs:1:1:\nan invariant broke"), traps[0]);
		assert.deepEqual(h.errors, []);
	});

	test("disabling the plugin while the core is still loading registers nothing afterwards", async () => {
		await h.page.reload();
		const left = await evaluate(async (files) => {
			await window.harness.start(files, { waitForIndex: false });
			const result = await window.harness.unload();
			// Long enough for the wasm to finish instantiating and the indexer to have started.
			await new Promise((r) => setTimeout(r, 1000));
			return {
				...result,
				vaultListenersLater: window.harness.app.vault.listenerCount(),
				notesLater: window.harness.plugin.core.run((i) => i.noteCount(), 0),
			};
		}, vault);
		assert.equal(left.vaultListeners, 0);
		assert.equal(left.vaultListenersLater, 0, "no vault listener registered after unload");
		assert.equal(left.notesLater, 0, "nothing indexed after unload");
		assert.deepEqual(h.errors, []);
	});
});

describe("out of memory", () => {
	beforeEach(() => {
		h.errors.length = 0;
	});

	test("running out of memory stops Rapport once, blames no note, frees the instance, and Rebuild recovers", async () => {
		await start();
		const before = await rows();
		const BIG = "People/Big Import.md";
		const outcome = await evaluate(async (big) => {
			const { harness } = window;
			const core = harness.plugin.core;
			const old = core.index;
			const mib = await harness.exhaustCoreMemory();
			// A note far larger than anything left: the core's copy of its text cannot be allocated.
			await harness.create(big, `---\ntype: people\n---\n${"Met at the fair; talked for hours. ".repeat(1_000_000)}\n`);
			await harness.plugin.indexer.flush();
			await new Promise((r) => setTimeout(r, 300));
			return { mib, state: core.state, restarts: core.restarts, freed: old.__wbg_ptr === 0, held: core.index === null && core.module === null, oom: core.ready };
		}, BIG);
		assert.ok(outcome.mib > 1000, `the memory grew until refused (${outcome.mib} MiB)`);
		assert.deepEqual(outcome.state, { kind: "stopped", reason: "memory" });
		assert.equal(outcome.restarts, 0, "no restart: it would run out again");
		assert.ok(outcome.freed && outcome.held, "the index was freed and the instance dropped");
		assert.deepEqual(await evaluate(() => [...window.harness.plugin.indexer.quarantined]), [], "no note is blamed");
		const all = await notices();
		assert.equal(all.filter((m) => /ran out of memory/.test(m)).length, 1, "told once");
		assert.equal(all.filter((m) => /internal error|left .* out/.test(m)).length, 0, "not as a trap, nor a note's fault");
		await settle();
		assert.match(await h.page.textContent(".rapport-stale-view"), /ran out of memory.*Rebuild the index/);
		// The user makes room (here: deletes the import) and rebuilds: a fresh instance, every note back.
		await evaluate((big) => window.harness.remove(big), BIG);
		assert.ok(await evaluate(() => window.harness.command("rapport:rebuild-index")));
		await quiet();
		await settle();
		assert.equal(await evaluate(() => window.harness.plugin.core.state.kind), "ready");
		assert.deepEqual(await rows(), before);
		assert.deepEqual(h.errors, []);
	});
});
