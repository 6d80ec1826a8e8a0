/**
 * The person profile, meeting prep and the `projects` block on the built plugin (issue 17): what
 * they show on the example vault, links that open and preview as Obsidian's do, live updates as
 * notes change, renames, and a phone's width.
 */
import { beforeEach, describe, test } from "node:test";
import assert from "node:assert/strict";
import { evaluate, h, settle, start, TODAY, useHarness } from "./support.mjs";

useHarness();

const THEO = "People/Theo Marchetti.md";
const NADIA = "People/Nadia Farrow.md";
const PRICING = "Projects/Acme Pricing.md";
const BUDGET = "Notes/Orion Budget.md";
const KICKOFF = "Meetings/2026-11-12 - Acme renewal kickoff.md";

/** The paths a rendered list of linked notes shows, in order. */
const listed = (el) => evaluate((el) => [...el.querySelectorAll(".rapport-linked-item")].map((i) => i.dataset.path), el);
const block = (source, path) => h.page.evaluateHandle(([s, p]) => window.harness.renderBlock(s, p), [source, path]);
const showView = async (path) => {
	await evaluate((p) => window.harness.plugin.showPersonTasks(p), path);
	await settle();
};

describe("the person profile, meeting prep and the projects block", () => {
	beforeEach(() => {
		h.errors.length = 0;
	});

	test("a projects block lists the projects linking the note, newest first then by title, with or without from:", async () => {
		await start();
		const all = await block("projects", THEO);
		assert.deepEqual(await listed(all), [PRICING, BUDGET], "by type anywhere, or in a Projects folder");
		assert.match(await evaluate((el) => el.textContent, all), /Projects \(2\)/);
		const from = await block("projects\nfrom: Notes, Meetings", THEO);
		assert.deepEqual(await listed(from), ["Meetings/2026-11-20 - Weekly 1-1 with Theo.md", "Meetings/2026-11-19 - Hiring loop debrief.md", KICKOFF, BUDGET], "any note in those folders, newest first, undated last");
		const none = await block("projects\nfrom: Archive", THEO);
		assert.match(await evaluate((el) => el.textContent, none), /No project in Archive links this note\./);
		const bad = await block("projects\nwhere: nothing", THEO);
		assert.match(await evaluate((el) => el.textContent, bad), /second line of a `?projects`? block must be/);
		const unknown = await block("bogus", THEO);
		assert.match(await evaluate((el) => el.textContent, unknown), /`?tasks`?, `?owned`?, `?contact`? or `?projects`?/);
		assert.deepEqual(h.errors, []);
	});

	test("the block updates live as a project links or unlinks the person, and follows renames", async () => {
		await start();
		const el = await block("projects", NADIA);
		assert.deepEqual(await listed(el), [PRICING]);
		await evaluate(() => window.harness.create("Projects/Zephyr.md", "---\ntype: project\n---\nWith [[Nadia Farrow]].\n"));
		await settle();
		assert.deepEqual(await listed(el), [PRICING, "Projects/Zephyr.md"], "a new project that links her");
		await evaluate(() => window.harness.modify("Projects/Zephyr.md", "---\ntype: project\n---\n- [ ] ask [[Nadia Farrow]]\n"));
		await settle();
		assert.deepEqual(await listed(el), [PRICING], "a link inside an open task is a plan, not a link");
		// The project moves out of the project folders: its type still makes it one.
		await evaluate(() => window.harness.rename("Projects/Acme Pricing.md", "Archive/Acme Pricing.md"));
		await settle();
		assert.deepEqual(await listed(el), ["Archive/Acme Pricing.md"]);
		// The person's note renamed: the block follows it. Her `title: Nadia Farrow` still names her,
		// so the link by that name is still hers; a link by her new name counts too.
		await evaluate(() => window.harness.rename("People/Nadia Farrow.md", "People/Nadia Farrow-Reyes.md"));
		await settle();
		assert.deepEqual(await listed(el), ["Archive/Acme Pricing.md"]);
		await evaluate(() => window.harness.create("Projects/Yonder.md", "Lead: [[Nadia Farrow-Reyes]]\n"));
		await settle();
		assert.deepEqual(await listed(el), ["Archive/Acme Pricing.md", "Projects/Yonder.md"]);
		await evaluate(() => window.harness.remove("Archive/Acme Pricing.md"));
		await evaluate(() => window.harness.remove("Projects/Yonder.md"));
		await settle();
		assert.match(await evaluate((el) => el.textContent, el), /No project links this note\./);
		assert.deepEqual(h.errors, []);
	});

	test("a project link opens the note, previews with Mod held, and shows the file menu", async () => {
		await start();
		const el = await block("projects", THEO);
		await evaluate((el) => el.querySelector(`.rapport-linked-item[data-path="${"Notes/Orion Budget.md"}"] a`).click(), el);
		await settle();
		assert.equal(await evaluate(() => window.harness.app.workspace.getActiveFile()?.path), BUDGET);
		await h.page.keyboard.down("Control");
		await evaluate((el) => el.scrollIntoView(), el);
		await h.page.hover(`.rapport-linked-item[data-path="${PRICING}"] a`);
		await h.page.keyboard.up("Control");
		const previews = await evaluate(() => window.harness.app.workspace.previews.map((p) => ({ source: p.source, path: p.path })));
		assert.deepEqual(previews.at(-1), { source: "rapport", path: PRICING });
		assert.deepEqual(h.errors, []);
	});

	test("the person view shows the profile: contact, both task lists, projects, recent context", async () => {
		await start();
		await showView(THEO);
		const view = ".rapport-person-view";
		assert.equal(await h.page.textContent(`${view} .rapport-person-name`), "Theo Marchetti");
		const text = await h.page.textContent(view);
		assert.match(text, /Due/, "the status");
		assert.match(text, /every 7 days/, "the cadence");
		assert.match(text, /Mentions \(3\)/);
		assert.match(text, /Owned \(3\)/);
		assert.match(text, /Projects \(2\)/);
		assert.match(text, /Recent context \(2\)/);
		assert.match(text, /aka Teddy Marchetti/);
		assert.deepEqual(await listed(await h.page.$(view)), [PRICING, BUDGET]);
		const context = await evaluate(() => [...document.querySelectorAll(".rapport-person-view .rapport-context-line")].map((l) => [l.dataset.line, l.querySelector(".rapport-context-date").textContent, l.querySelector(".rapport-context-text").textContent]));
		assert.deepEqual(context, [
			["77", "2026-11-20", "2026-11-20 - Weekly 1-1 with Theo - promotion packet and on-call swap..."],
			["78", "2026-11-12", "2026-11-12 - Acme renewal kickoff - renewal kickoff... (via Nadia Farrow)"],
		]);
		// The day opens the person's note at its line; the link in the text opens the meeting.
		await h.page.click(`${view} .rapport-context-line[data-line="78"] .rapport-context-date`);
		await settle();
		assert.deepEqual(await evaluate(() => window.harness.app.workspace.leaves.filter((l) => l.side === "main").at(-1)?.eState ?? window.harness.app.workspace.mainLeaf.eState), { line: 77 });
		await h.page.click(`${view} .rapport-context-line[data-line="78"] .rapport-context-text a`);
		await settle();
		assert.equal(await evaluate(() => window.harness.app.workspace.getActiveFile()?.path), KICKOFF);
		assert.deepEqual(h.errors, []);
	});

	test("the profile re-renders on index change and keeps focus in its task lists", async () => {
		await start();
		await showView(NADIA);
		await evaluate(() => {
			const link = document.querySelector(".rapport-person-view .rapport-task .rapport-source");
			link.dataset.marked = "yes";
			link.focus();
		});
		await evaluate(() => window.harness.create("Projects/Zephyr.md", "---\ntype: project\n---\nWith [[Nadia Farrow]].\n- [ ] Send [[Nadia Farrow]] the plan\n"));
		await settle();
		const text = await h.page.textContent(".rapport-person-view");
		assert.match(text, /Projects \(2\)/);
		assert.match(text, /Mentions \(3\)/);
		assert.equal(await evaluate(() => document.activeElement?.dataset.marked ?? null), "yes", "focus survives the refresh");
		assert.deepEqual(h.errors, []);
	});

	test("on a meeting note the view becomes meeting prep: a card per linked person", async () => {
		await start();
		await showView(THEO);
		// Opening a meeting note: the view follows it.
		await evaluate((p) => window.harness.open(p), KICKOFF);
		await settle();
		const view = ".rapport-person-view";
		assert.equal(await h.page.locator(`${view}.rapport-prep-view`).count(), 1);
		const linked = await evaluate(() => window.harness.plugin.core.run((i) => i.meetingPrep("Meetings/2026-11-12 - Acme renewal kickoff.md", "2026-11-26").people.map((c) => c.person.path), []));
		assert.ok(linked.includes(THEO) && linked.includes(NADIA), `Theo and Nadia are linked: ${linked}`);
		const cards = await evaluate(() => [...document.querySelectorAll(".rapport-person-view .rapport-prep-card")].map((c) => c.dataset.path));
		assert.deepEqual(cards, linked, "one card per linked person, by name");
		assert.match(await h.page.textContent(`${view} .rapport-prep-summary`), new RegExp(`Meeting prep for 2026-11-12: ${linked.length} people`));
		const theo = `${view} .rapport-prep-card[data-path="${THEO}"]`;
		const card = await h.page.textContent(theo);
		assert.match(card, /Theo Marchetti/);
		assert.match(card, /Due/);
		assert.match(card, /Open tasks about them \(3\)/);
		assert.match(card, /They owe \(3\)/);
		assert.equal(await h.page.locator(`${theo} .rapport-context-line`).count(), 2);
		// At most three Recent Context lines per card.
		await evaluate(([p, t]) => window.harness.modify(p, t.replace("## Recent Context\n", "## Recent Context\n- 2026-11-25: a\n- 2026-11-24: b\n")), [THEO, await evaluate((p) => window.harness.text(p), THEO)]);
		await settle();
		assert.deepEqual(await evaluate((sel) => [...document.querySelectorAll(`${sel} .rapport-context-date`)].map((d) => d.textContent), theo), ["2026-11-25", "2026-11-24", "2026-11-20"]);
		// The note stops linking someone: their card goes.
		const text = await evaluate((p) => window.harness.text(p), KICKOFF);
		await evaluate(([p, t]) => window.harness.modify(p, t.replaceAll("[[Theo Marchetti]]", "Theo").replaceAll("[[Theo Marchetti|", "[[Nobody|")), [KICKOFF, text]);
		await settle();
		const after = await evaluate(() => window.harness.plugin.core.run((i) => i.meetingPrep("Meetings/2026-11-12 - Acme renewal kickoff.md", "2026-11-26").people.map((c) => c.person.path), []));
		assert.ok(!after.includes(THEO), `Theo is no longer linked: ${after}`);
		assert.deepEqual(await evaluate(() => [...document.querySelectorAll(".rapport-person-view .rapport-prep-card")].map((c) => c.dataset.path)), after);
		// Back to a people note: the profile again.
		await evaluate((p) => window.harness.open(p), NADIA);
		await settle();
		assert.equal(await h.page.locator(`${view}.rapport-prep-view`).count(), 0);
		assert.equal(await h.page.textContent(`${view} .rapport-person-name`), "Nadia Farrow");
		assert.deepEqual(h.errors, []);
	});

	test("a dated note that links nobody says so; a plain note leaves the view as it was", async () => {
		await start({ "People/Ada Brennan.md": "---\ntype: people\n---\n", "2026-11-20.md": "Quiet day.\n", "Inbox.md": "[[Ada Brennan]]\n" });
		await showView("2026-11-20.md");
		assert.match(await h.page.textContent(".rapport-person-view"), /This note links none of your people/);
		await evaluate(() => window.harness.open("Inbox.md"));
		await settle();
		assert.match(await h.page.textContent(".rapport-person-view"), /This note links none of your people/, "an undated note is neither a person nor a meeting");
		// Opened while a person is shown, a dated note that links nobody leaves the person there.
		await showView("People/Ada Brennan.md");
		await evaluate(() => window.harness.open("2026-11-20.md"));
		await settle();
		assert.equal(await h.page.textContent(".rapport-person-view .rapport-person-name"), "Ada Brennan");
		await showView("2026-11-20.md");
		await evaluate(() => window.harness.modify("2026-11-20.md", "Met [[Ada Brennan]].\n"));
		await settle();
		assert.equal(await h.page.locator(".rapport-person-view .rapport-prep-card").count(), 1, "re-rendered on index change");
		assert.equal(TODAY, "2026-11-26");
		assert.deepEqual(h.errors, []);
	});

	test("profile and prep fit a phone's width", async () => {
		await start();
		await h.page.setViewportSize({ width: 360, height: 740 });
		try {
			await showView(THEO);
			const overflow = () =>
				evaluate(() => {
					const view = document.querySelector(".rapport-person-view");
					return [...view.querySelectorAll("*")].filter((e) => e.getBoundingClientRect().right > view.getBoundingClientRect().right + 1).map((e) => e.className);
				});
			assert.deepEqual(await overflow(), [], "nothing sticks out of the profile");
			await evaluate((p) => window.harness.open(p), KICKOFF);
			await settle();
			assert.deepEqual(await overflow(), [], "nothing sticks out of the prep");
		} finally {
			await h.page.setViewportSize({ width: 1280, height: 900 });
		}
		assert.deepEqual(h.errors, []);
	});
});
