/**
 * The plugin's pure helpers, in Node: dates for snoozing, applying edits, choosing a fix, batch
 * sizing, settings parsing and the panel's filter. Bundled from plugin/ with `obsidian` answered
 * by the harness, whose module imports touch no DOM.
 */
import { before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { importPluginModules } from "./support.mjs";

let h;

before(async () => {
	const entry = [
		'export { addDays, addMonths, isoDate } from "./plugin/dates";',
		'export { applyTextEdit, pickFix } from "./plugin/edits";',
		'export { nextBatchBytes } from "./plugin/indexer";',
		'export { DEFAULT_SETTINGS, parseTagCadences, splitList, withDefaults } from "./plugin/settings";',
		'export { matchesFilter } from "./plugin/staleView";',
		'export { blockKind } from "./plugin/codeblock";',
		'export { daysAgo, plural } from "./plugin/render";',
	].join("\n");
	h = await importPluginModules(entry);
});

describe("dates", () => {
	test("snooze periods land on real days", () => {
		assert.equal(h.addDays("2026-11-26", 7), "2026-12-03");
		assert.equal(h.addDays("2026-12-28", 7), "2027-01-04");
		assert.equal(h.addDays("2028-02-28", 1), "2028-02-29");
		assert.equal(h.addMonths("2026-11-26", 1), "2026-12-26");
		assert.equal(h.addMonths("2026-01-31", 1), "2026-02-28", "clamped to the month's end");
		assert.equal(h.addMonths("2028-01-31", 1), "2028-02-29");
		assert.equal(h.addMonths("2026-12-15", 1), "2027-01-15");
		assert.equal(h.isoDate(new Date(2026, 0, 5)), "2026-01-05");
	});
});

describe("edits", () => {
	test("offsets are UTF-16 code units, as the core's contract says", () => {
		const text = "- [ ] 👋 call Ada\n";
		const at = text.indexOf("call");
		assert.equal(h.applyTextEdit(text, { from: at, to: at + 4, insert: "email" }), "- [ ] 👋 email Ada\n");
		assert.equal(h.applyTextEdit("abc", { from: 3, to: 3, insert: "d" }), "abcd");
	});

	test("an edit outside the text is refused, not clamped", () => {
		assert.throws(() => h.applyTextEdit("abc", { from: 2, to: 4, insert: "" }), /outside the note/);
		assert.throws(() => h.applyTextEdit("abc", { from: 2, to: 1, insert: "" }), /outside the note/);
		assert.throws(() => h.applyTextEdit("abc", { from: -1, to: 0, insert: "" }), /outside the note/);
	});

	test("the fix chosen is the clicked one's: same code and field, same line first", () => {
		const d = (line, insert, code = "non-iso-date", field = null) => ({ code, field, line, fix: { from: 0, to: 0, insert, description: "" } });
		const current = [d(3, "a"), d(7, "b"), d(9, "c", "non-iso-date", "created"), { ...d(11, "x"), fix: null }];
		assert.equal(h.pickFix(current, { code: "non-iso-date", field: null, line: 7 }).insert, "b");
		assert.equal(h.pickFix(current, { code: "non-iso-date", field: null, line: 8 }).insert, "a", "the line moved: the first of its kind");
		assert.equal(h.pickFix(current, { code: "non-iso-date", field: "created", line: 1 }).insert, "c");
		assert.equal(h.pickFix(current, { code: "missing-required-field", field: null, line: 3 }), null);
	});
});

describe("batch sizing", () => {
	test("fills the time budget at the measured speed, within bounds, growing at most twofold", () => {
		assert.equal(h.nextBatchBytes(100_000, 100), 40_000, "slow device: smaller batches");
		assert.equal(h.nextBatchBytes(100_000, 10), 200_000, "fast device: grows, but only twofold");
		assert.equal(h.nextBatchBytes(1_000, 1_000), 16 * 1024, "never below the floor");
		assert.equal(h.nextBatchBytes(4 * 1024 * 1024, 1), 4 * 1024 * 1024, "never above the ceiling");
		assert.equal(h.nextBatchBytes(100_000, 0), 200_000, "an unmeasurably quick batch still only doubles");
	});
});

describe("settings", () => {
	test("lists and tag rules are read as typed", () => {
		assert.deepEqual(h.splitList(" people, person ,\n contact ,,"), ["people", "person", "contact"]);
		assert.deepEqual(h.parseTagCadences("company/*: monthly\n\nvip:weekly\nno colon here\n: none\nclient: \n"), [
			{ tag: "company/*", cadence: "monthly" },
			{ tag: "vip", cadence: "weekly" },
		]);
	});

	test("stored data is merged over the defaults, nested objects too", () => {
		const s = h.withDefaults({ defaultCadence: "monthly", thresholds: { stale: 3 } });
		assert.equal(s.defaultCadence, "monthly");
		assert.deepEqual(s.thresholds, { ...h.DEFAULT_SETTINGS.thresholds, stale: 3 });
		assert.deepEqual(s.evidence, h.DEFAULT_SETTINGS.evidence);
		assert.deepEqual(h.withDefaults(null), h.DEFAULT_SETTINGS);
		assert.deepEqual(h.withDefaults("garbage"), h.DEFAULT_SETTINGS);
	});
});

describe("the panel", () => {
	test("the filter matches name, company, tag and status, ignoring case and spaces around", () => {
		const c = { name: "Nadia Farrow", company: "Acme Robotics", tags: ["type/people", "company/acme"], status: "overdue" };
		for (const q of ["nadia", " FARROW ", "acme rob", "company/acme", "overdue", ""]) assert.ok(h.matchesFilter(c, q), q);
		for (const q of ["ada brennan", "company/globex", "stale"]) assert.ok(!h.matchesFilter(c, q), q);
		assert.ok(!h.matchesFilter({ ...c, company: null }, "robotics"));
	});

	test("code blocks take their kind from the first line", () => {
		assert.equal(h.blockKind("tasks"), "tasks");
		assert.equal(h.blockKind("  Owned \nmore"), "owned");
		assert.equal(h.blockKind("\ncontact"), "contact");
		assert.equal(h.blockKind("task"), null);
		assert.equal(h.blockKind(""), null);
	});

	test("days and counts read naturally", () => {
		assert.deepEqual([0, 1, 2, null].map(h.daysAgo), ["today", "yesterday", "2 days ago", "never"]);
		assert.equal(h.plural(1, "fix", "fixes"), "1 fix");
		assert.equal(h.plural(0, "fix", "fixes"), "0 fixes");
	});
});
