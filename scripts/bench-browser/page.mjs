/**
 * The page side of the browser benchmark (bundled by scripts/bench-browser.mjs): instantiates the
 * built wasm, indexes the synthetic vault as the plugin does (the files' bytes through `upsertBytes`), times the queries the plugin
 * makes, then does the same with the JavaScript peer on the same notes in the same page.
 */
import init, { RapportIndex } from "../../target/bench-pkg/rapport.js";
import { joinFiles } from "../../plugin/files.ts";
import { PeerIndex } from "./peer.mjs";

function median(xs) {
	const s = [...xs].sort((a, b) => a - b);
	return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

/**
 * Milliseconds per call of `fn`, median of `samples` samples. A sample runs enough calls to last
 * at least `sampleMs`, because the page's clock is coarsened (0.1 ms in Chromium).
 */
function perCall(fn, { samples = 15, sampleMs = 25 } = {}) {
	let calls = 1;
	for (;;) {
		const t = performance.now();
		for (let i = 0; i < calls; i++) fn();
		if (performance.now() - t >= sampleMs || calls >= 1 << 20) break;
		calls *= 2;
	}
	const times = [];
	for (let s = 0; s < samples; s++) {
		const t = performance.now();
		for (let i = 0; i < calls; i++) fn();
		times.push((performance.now() - t) / calls);
	}
	return median(times);
}

/** Chooses the people to ask about: the median and the busiest by open tasks. */
function chosenPeople(contacts) {
	const byTasks = [...contacts].sort((a, b) => a.openTasks - b.openTasks || a.path.localeCompare(b.path));
	return { median: byTasks[Math.floor(byTasks.length / 2)].path, busiest: byTasks[byTasks.length - 1].path };
}

/**
 * A settings change (issue 14): every note re-derived in one synchronous call, as `setConfig`
 * did before; then the same amount of work as the plugin does it now (plugin/main.ts
 * `rederiveInSlices`: `rederive` 32 notes at a time until 8 ms have passed, then a task yield),
 * with its longest slice. Both changes re-derive every note with whole-name matching on.
 */
async function settingsChange(index, out) {
	index.setConfig({ defaultCadence: "monthly" });
	let t = performance.now();
	index.rederive(0xffffffff);
	out.settingsOneCall = performance.now() - t;
	index.setConfig({});
	let longest = 0;
	let total = 0;
	let slices = 0;
	t = performance.now();
	for (let left = 1; left > 0; ) {
		const began = performance.now();
		do left = index.rederive(32);
		while (left > 0 && performance.now() - began < 8);
		const took = performance.now() - began;
		longest = Math.max(longest, took);
		total += took;
		slices++;
		await new Promise((resolve) => setTimeout(resolve, 0));
	}
	out.settingsWall = performance.now() - t;
	out.settingsLongestSlice = longest;
	out.settingsSliced = total;
	out.settingsSlices = slices;
}

/** One run in a fresh page; `peer` false measures Rapport alone. */
window.bench = async ({ vaultUrl, wasmUrl, today, batch, editPath, peer, again }) => {
	const wasmBytes = await (await fetch(wasmUrl)).arrayBuffer();
	const { paths, texts } = await (await fetch(vaultUrl)).json();
	const out = { notes: paths.length };

	let t = performance.now();
	const wasm = await init({ module_or_path: wasmBytes });
	out.instantiate = performance.now() - t;

	// What the plugin gets from `vault.readBinary` for each note at startup: the file's bytes.
	const encoder = new TextEncoder();
	const files = texts.map((text) => encoder.encode(text).buffer);
	/** The plugin's startup path: each batch's files joined and handed over as bytes. */
	const buildFromBytes = (ix) => {
		for (let i = 0; i < paths.length; i += batch) {
			const { bytes, ends } = joinFiles(files.slice(i, i + batch));
			ix.upsertBytes(paths.slice(i, i + batch), bytes, ends);
		}
	};
	t = performance.now();
	const index = new RapportIndex({});
	buildFromBytes(index);
	out.build = performance.now() - t;
	out.memory = wasm.memory.buffer.byteLength;
	out.textBytes = index.textBytes();

	const original = texts[paths.indexOf(editPath)];
	t = performance.now();
	const contacts = index.stale(today);
	out.staleFirst = performance.now() - t;
	const who = chosenPeople(contacts);
	const edited = `${original}- [ ] Call ${contacts[0].name} about the renewal 📅 2026-12-01\n`;
	let flip = false;
	const update = (ix) => {
		flip = !flip;
		ix.upsert ? ix.upsert(editPath, flip ? edited : original) : ix.update(editPath, flip ? edited : original);
	};
	out.updateStale = perCall(() => {
		update(index);
		index.stale(today);
	});
	out.stale = perCall(() => index.stale(today));
	out.tasksMedian = perCall(() => index.tasksForPerson(who.median));
	// The first answer for a person builds every task object; later ones hand out the kept
	// objects of unchanged notes. Both are reported (the first after the code has run warm).
	t = performance.now();
	index.tasksForPerson(who.busiest);
	out.tasksBusiestFirst = performance.now() - t;
	out.tasksBusiest = perCall(() => index.tasksForPerson(who.busiest));
	// What the person panel does after an edit elsewhere: re-asks for the person's tasks.
	out.updateTasks = perCall(() => {
		update(index);
		index.tasksForPerson(who.busiest);
	});
	// A ```rapport `projects` block (issue 17) as the plugin draws it: the core's answer, then a
	// link per note with its day and type, replacing what the block showed before.
	const block = document.body.appendChild(document.createElement("div"));
	const renderProjects = (path, folders) => {
		const list = index.projects(path, folders) ?? [];
		const ul = document.createElement("ul");
		for (const note of list) {
			const li = ul.appendChild(document.createElement("li"));
			const a = li.appendChild(document.createElement("a"));
			a.textContent = note.title;
			a.href = "#";
			a.addEventListener("click", (e) => e.preventDefault());
			if (note.date) li.appendChild(document.createElement("span")).textContent = note.date;
			if (note.type) li.appendChild(document.createElement("span")).textContent = note.type;
		}
		block.replaceChildren(ul);
		return list.length;
	};
	out.projectsMedian = perCall(() => renderProjects(who.median, ["Meetings"]));
	out.projectsFromBusiest = perCall(() => renderProjects(who.busiest, ["Meetings"]));
	out.projectsFacts = { median: renderProjects(who.median, ["Meetings"]), fromBusiest: renderProjects(who.busiest, ["Meetings"]) };
	block.remove();
	out.people = contacts.length;
	// The facts compare both sides on the same notes: the update loops leave the edited note in
	// either state, so each side goes back to the original before it is counted.
	index.upsert(editPath, original);
	const tm = index.tasksForPerson(who.median);
	const tb = index.tasksForPerson(who.busiest);
	out.facts = { median: tm.mentions.length + tm.owned.length, busiest: tb.mentions.length + tb.owned.length };
	await settingsChange(index, out);
	if (!peer) return out;

	const p = new PeerIndex();
	t = performance.now();
	p.build(paths, texts);
	out.peerBuild = performance.now() - t;
	out.peerUpdateStale = perCall(() => {
		update(p);
		p.stale(today);
	});
	out.peerStale = perCall(() => p.stale(today));
	out.peerTasksMedian = perCall(() => p.tasksForPerson(who.median));
	out.peerTasksBusiest = perCall(() => p.tasksForPerson(who.busiest));
	out.peerUpdateTasks = perCall(() => {
		update(p);
		p.tasksForPerson(who.busiest);
	});
	p.update(editPath, original);
	const pm = p.tasksForPerson(who.median);
	const pb = p.tasksForPerson(who.busiest);
	out.peerFacts = { median: pm.mentions.length + pm.owned.length, busiest: pb.mentions.length + pb.owned.length, ...p.census() };
	if (again) {
		// The same build again in this page: the engine has compiled the hot code with its
		// optimising tier by now (V8 starts wasm on its baseline compiler and JavaScript in its
		// interpreter), so this is the build without warm-up, on both sides.
		t = performance.now();
		const second = new RapportIndex({});
		buildFromBytes(second);
		out.buildAgain = performance.now() - t;
		second.free();
		// From JS strings instead (`upsertMany`, what a caller holding text uses): the difference
		// is the encoding of every string at the crossing.
		t = performance.now();
		const third = new RapportIndex({});
		for (let i = 0; i < paths.length; i += batch) third.upsertMany(paths.slice(i, i + batch), texts.slice(i, i + batch));
		out.buildAgainStrings = performance.now() - t;
		third.free();
		const q = new PeerIndex();
		t = performance.now();
		q.build(paths, texts);
		out.peerBuildAgain = performance.now() - t;
	}
	const all = index.allTasks();
	out.facts.tasks = all.length;
	out.facts.open = all.filter((x) => x.statusKind !== "done" && x.statusKind !== "cancelled").length;
	return out;
};
