/**
 * The JavaScript peer of the browser benchmark: the same facts as Rapport's index, read with the
 * libraries Obsidian plugins use. Frontmatter through `yaml`; the markdown structure (which lines
 * are list items and tasks, headings, code blocks) through micromark with its GFM task-list
 * extension; a task line's metadata in both the Tasks emoji and the Dataview formats through
 * regular expressions, as the Tasks plugin reads them. Written to be fast: one parse per note,
 * maps from link key, handle and name to people, and per-person task sets kept current on update.
 */
import { parse as parseYaml } from "yaml";
import { parse, postprocess, preprocess } from "micromark";
import { gfmTaskListItem } from "micromark-extension-gfm-task-list-item";

const DAY_MS = 86_400_000;
const ISO = /^\d{4}-\d{2}-\d{2}$/;
const CADENCE_DAYS = { weekly: 7, monthly: 30, quarterly: 90, yearly: 365 };
const DEFAULT_CADENCE = 90;
const PRIORITY_EMOJI = { "🔺": "highest", "⏫": "high", "🔼": "medium", "🔽": "low", "⏬": "lowest" };
const DATE_EMOJI = [
	["due", /(?:📅|📆|🗓)\uFE0F?[\s\u00A0]*(\d{4}-\d{2}-\d{2})/u],
	["scheduled", /(?:⏳|⌛)\uFE0F?[\s\u00A0]*(\d{4}-\d{2}-\d{2})/u],
	["start", /🛫\uFE0F?[\s\u00A0]*(\d{4}-\d{2}-\d{2})/u],
	["created", /➕\uFE0F?[\s\u00A0]*(\d{4}-\d{2}-\d{2})/u],
	["done", /✅\uFE0F?[\s\u00A0]*(\d{4}-\d{2}-\d{2})/u],
	["cancelled", /❌\uFE0F?[\s\u00A0]*(\d{4}-\d{2}-\d{2})/u],
];
const DATAVIEW_FIELD = /[[(](due|scheduled|start|created|completion|cancelled|priority|repeat)::\s*([^\])]*)[\])]/giu;
const DATAVIEW_KEYS = { completion: "done" };
const RECURRENCE = /🔁\uFE0F?\s*([a-zA-Z0-9, !]+)/u;
const WIKILINK = /!?\[\[([^\]|#]+)(?:[#|][^\]]*)?\]\]/gu;
const HANDLE = /(?:^|[^\p{L}\p{N}_.+-])@([\p{L}\p{N}_][\p{L}\p{N}_.'-]*)/gu;
const TAG = /(?:^|\s)#([\p{L}\p{N}_/-]+)/gu;
const TASK_LINE = /^[\s>]*(?:[-*+]|\d{1,9}[.)])[ \t]+\[(.)\](?:[ \t]|$)(.*)$/u;
const WORD = /[\p{L}\p{N}]+/gu;
const DATE_PREFIX = /^(\d{4}-\d{2}-\d{2})(?:$|[ _\-T])/;
const RECENT_DATE = /^[\s>]*[-*+]\s+[*_[]*(\d{4}-\d{2}-\d{2})/;

const markdownOptions = { extensions: [gfmTaskListItem()] };

/** The link key of a wikilink target: no heading, alias, `.md`, leading `./` or `/`; lower case. */
function linkKey(target) {
	let t = target.split(/[#|]/)[0].trim().replace(/^\.\//, "").replace(/^\//, "");
	if (t.endsWith(".md")) t = t.slice(0, -3);
	return t.toLowerCase();
}

function baseName(path) {
	const file = path.slice(path.lastIndexOf("/") + 1);
	return file.endsWith(".md") ? file.slice(0, -3) : file;
}

function days(iso) {
	return Date.parse(`${iso}T00:00:00Z`) / DAY_MS;
}

/** A date value from YAML: a string, or a Date when YAML read an unquoted date. */
function isoOf(value) {
	if (value instanceof Date) return value.toISOString().slice(0, 10);
	if (typeof value === "string" && ISO.test(value.trim())) return value.trim();
	return null;
}

function list(value) {
	if (Array.isArray(value)) return value.filter((v) => v != null).map(String);
	if (typeof value === "string") return value.split(",").map((s) => s.trim()).filter(Boolean);
	return [];
}

/** Every fact of one task line after its checkbox. */
function readTask(status, rest, line, section) {
	const task = { line, section, status, description: "", due: null, scheduled: null, start: null, created: null, done: null, cancelled: null, priority: null, recurrence: null, links: [], handles: [], tags: [], format: "none" };
	let text = rest;
	for (const [field, re] of DATE_EMOJI) {
		const m = re.exec(text);
		if (m) {
			task[field] = m[1];
			task.format = "emoji";
			text = text.replace(m[0], " ");
		}
	}
	for (const [emoji, priority] of Object.entries(PRIORITY_EMOJI)) {
		if (text.includes(emoji)) {
			task.priority ??= priority;
			task.format = "emoji";
			text = text.replace(emoji, " ");
		}
	}
	const rec = RECURRENCE.exec(text);
	if (rec) {
		task.recurrence = rec[1].trim();
		task.format = "emoji";
		text = text.replace(rec[0], " ");
	}
	if (text.includes("::")) {
		text = text.replace(DATAVIEW_FIELD, (all, key, value) => {
			const field = DATAVIEW_KEYS[key.toLowerCase()] ?? key.toLowerCase();
			const v = value.trim();
			if (field === "priority") task.priority ??= v.toLowerCase();
			else if (field === "repeat") task.recurrence ??= v;
			else if (ISO.test(v)) task[field] ??= v;
			else return all;
			if (task.format === "none") task.format = "dataview";
			return " ";
		});
	}
	for (const m of text.matchAll(WIKILINK)) task.links.push(m[1].trim());
	for (const m of text.matchAll(HANDLE)) task.handles.push(m[1].replace(/[.'-]+$/, ""));
	for (const m of text.matchAll(TAG)) task.tags.push(m[1]);
	task.description = text.replace(/\s\^[A-Za-z0-9-]+\s*$/, "").replace(/\s+/g, " ").trim();
	return task;
}

const isOpen = (t) => t.status !== "x" && t.status !== "X" && t.status !== "-";

/** Everything one note says: frontmatter fields, tasks, links outside open tasks, Recent Context dates. */
export function readNote(path, text) {
	let fm = {};
	let body = text;
	let bodyLine = 0;
	if (text.startsWith("---\n") || text.startsWith("---\r\n")) {
		const end = text.indexOf("\n---", 3);
		if (end !== -1) {
			try {
				fm = parseYaml(text.slice(4, end)) ?? {};
			} catch {
				fm = {};
			}
			const after = text.indexOf("\n", end + 4);
			body = after === -1 ? "" : text.slice(after + 1);
			bodyLine = text.slice(0, after + 1).split("\n").length - 1;
		}
	}
	const lines = body.split("\n");
	const events = postprocess(parse(markdownOptions).document().write(preprocess()(body, undefined, true)));
	const tasks = [];
	const recent = [];
	const taskLines = new Set();
	let section = null;
	let heading = null;
	let code = 0;
	for (const [kind, token] of events) {
		const type = token.type;
		if (type === "atxHeading") {
			if (kind === "enter") heading = "";
			else {
				section = heading.trim();
				heading = null;
			}
		} else if (type === "atxHeadingText" && kind === "enter" && heading !== null) {
			heading += lines[token.start.line - 1].slice(token.start.column - 1, token.end.column - 1);
		} else if (type === "codeFenced" || type === "codeIndented") {
			code += kind === "enter" ? 1 : -1;
		} else if (type === "listItemPrefix" && kind === "enter" && code === 0) {
			const n = token.start.line;
			const lineText = lines[n - 1];
			const m = TASK_LINE.exec(lineText);
			if (m) {
				const task = readTask(m[1], m[2], bodyLine + n, section);
				task.text = lineText.trim();
				tasks.push(task);
				if (isOpen(task)) taskLines.add(n - 1);
			} else if (section === "Recent Context") {
				const d = RECENT_DATE.exec(lineText);
				if (d) recent.push(d[1]);
			}
		}
	}
	// Links outside open tasks are evidence of contact; code blocks never count.
	const links = new Set();
	let fence = false;
	for (let i = 0; i < lines.length; i++) {
		const l = lines[i];
		if (l.startsWith("```")) fence = !fence;
		if (fence || taskLines.has(i) || !l.includes("[[")) continue;
		for (const m of l.matchAll(WIKILINK)) links.add(linkKey(m[1]));
	}
	for (const v of Object.values(fm)) {
		for (const s of Array.isArray(v) ? v : [v]) {
			if (typeof s === "string" && s.includes("[[")) for (const m of s.matchAll(WIKILINK)) links.add(linkKey(m[1]));
		}
	}
	const base = baseName(path);
	const tags = list(fm.tags).map((t) => t.replace(/^#/, ""));
	const isPerson = fm.type === "people" || fm.type === "person" || tags.includes("type/people");
	const dateMatch = DATE_PREFIX.exec(base);
	const date = dateMatch ? dateMatch[1] : isoOf(fm.date);
	let person = null;
	if (isPerson) {
		const aliases = list(fm.aliases);
		const names = [base, ...aliases];
		person = {
			name: base,
			aliases,
			tags,
			lastContact: isoOf(fm.last_contact),
			snoozeUntil: isoOf(fm.snooze_until),
			cadence: fm.cadence ?? null,
			keys: [...new Set([base.toLowerCase(), linkKey(path), ...(typeof fm.title === "string" ? [fm.title.toLowerCase()] : []), ...aliases.map((a) => a.toLowerCase())])],
			handles: [...new Set(names.flatMap((n) => [n.replace(/\s+/g, ""), n.replace(/[^\p{L}\p{N}]/gu, "")]).map((h) => h.toLowerCase()))],
			mentionNames: [...new Set([base, ...aliases.filter((a) => a.trim().split(/\s+/).length >= 2)].map((n) => n.toLowerCase()))],
		};
	}
	return { path, fm, tasks, links: [...links], recent: recent.sort().reverse(), date, person };
}

function addTo(map, key, value) {
	let set = map.get(key);
	if (!set) map.set(key, (set = new Set()));
	set.add(value);
}

function removeFrom(map, key, value) {
	const set = map.get(key);
	if (set) {
		set.delete(value);
		if (set.size === 0) map.delete(key);
	}
}

/** The peer's index: notes by path, people by key, handle and name, tasks per person. */
export class PeerIndex {
	notes = new Map();
	peopleByKey = new Map();
	peopleByHandle = new Map();
	/** Mention names by their word sequence, for whole-name matching on word boundaries. */
	peopleByName = new Map();
	datedByKey = new Map();
	tasksByPerson = new Map();

	/** Reads and indexes a batch of notes; the second pass links tasks to people once all are known. */
	build(paths, texts) {
		for (let i = 0; i < paths.length; i++) this.#store(readNote(paths[i], texts[i]));
		for (const note of this.notes.values()) this.#link(note, true);
	}

	/** Replaces one note. A people note changes who tasks concern, so then every task is linked again. */
	update(path, text) {
		const old = this.notes.get(path);
		if (old) {
			this.#link(old, false);
			this.#unstore(old);
		}
		const note = readNote(path, text);
		this.#store(note);
		if (note.person || old?.person) {
			this.tasksByPerson.clear();
			for (const n of this.notes.values()) this.#link(n, true);
		} else this.#link(note, true);
	}

	#store(note) {
		this.notes.set(note.path, note);
		if (note.date) for (const k of note.links) addTo(this.datedByKey, k, note);
		const p = note.person;
		if (p) {
			for (const k of p.keys) addTo(this.peopleByKey, k, note.path);
			for (const h of p.handles) addTo(this.peopleByHandle, h, note.path);
			for (const n of p.mentionNames) addTo(this.peopleByName, n.match(WORD)?.join(" ") ?? n, note.path);
		}
	}

	#unstore(note) {
		this.notes.delete(note.path);
		if (note.date) for (const k of note.links) removeFrom(this.datedByKey, k, note);
		const p = note.person;
		if (p) {
			for (const k of p.keys) removeFrom(this.peopleByKey, k, note.path);
			for (const h of p.handles) removeFrom(this.peopleByHandle, h, note.path);
			for (const n of p.mentionNames) removeFrom(this.peopleByName, n.match(WORD)?.join(" ") ?? n, note.path);
		}
	}

	/** The people an open task concerns: by link, by handle, or by whole name (word 2- and 3-grams). */
	concerned(task) {
		const who = new Set();
		for (const l of task.links) for (const p of this.peopleByKey.get(linkKey(l)) ?? []) who.add(p);
		for (const h of task.handles) for (const p of this.peopleByHandle.get(h.toLowerCase()) ?? []) who.add(p);
		const words = task.description.toLowerCase().match(WORD) ?? [];
		for (let i = 0; i + 1 < words.length; i++) {
			const two = `${words[i]} ${words[i + 1]}`;
			for (const p of this.peopleByName.get(two) ?? []) who.add(p);
			if (i + 2 < words.length) for (const p of this.peopleByName.get(`${two} ${words[i + 2]}`) ?? []) who.add(p);
		}
		return who;
	}

	#link(note, add) {
		for (const task of note.tasks) {
			if (!isOpen(task)) continue;
			task.path = note.path;
			for (const p of this.concerned(task)) {
				if (add) addTo(this.tasksByPerson, p, task);
				else removeFrom(this.tasksByPerson, p, task);
			}
		}
	}

	/** Open tasks concerning a person: owned (by handle) apart from mentions, each by due date. */
	tasksForPerson(path) {
		const note = this.notes.get(path);
		if (!note?.person) return null;
		const handles = new Set(note.person.handles);
		const owned = [];
		const mentions = [];
		for (const t of this.tasksByPerson.get(path) ?? []) {
			(t.handles.some((h) => handles.has(h.toLowerCase())) ? owned : mentions).push(t);
		}
		const byDue = (a, b) => (a.due ?? "9999").localeCompare(b.due ?? "9999") || a.path.localeCompare(b.path) || a.line - b.line;
		return { person: { path, name: note.person.name }, mentions: mentions.sort(byDue), owned: owned.sort(byDue) };
	}

	/** Every person by staleness on `today`, most overdue first. */
	stale(today) {
		const now = days(today);
		const out = [];
		for (const note of this.notes.values()) {
			const p = note.person;
			if (!p) continue;
			let last = p.lastContact && p.lastContact <= today ? p.lastContact : null;
			let evidence = last ? "frontmatter" : null;
			let evidencePath = null;
			const recent = note.recent.find((d) => d <= today);
			if (recent && (!last || recent > last)) [last, evidence] = [recent, "recent-context"];
			for (const k of p.keys) {
				for (const other of this.datedByKey.get(k) ?? []) {
					if (other !== note && other.date <= today && (!last || other.date > last)) [last, evidence, evidencePath] = [other.date, "linked-note", other.path];
				}
			}
			const cadence = typeof p.cadence === "number" ? p.cadence : (CADENCE_DAYS[p.cadence] ?? (/^(\d+)d$/.exec(p.cadence ?? "")?.[1] | 0 || DEFAULT_CADENCE));
			const daysSince = last ? now - days(last) : null;
			const score = daysSince === null ? null : Math.round((daysSince / cadence) * 1000) / 1000;
			const snoozed = p.snoozeUntil && p.snoozeUntil > today;
			const status = snoozed ? "snoozed" : score === null ? "never" : score >= 2 ? "stale" : score >= 1 ? "overdue" : score >= 0.8 ? "due" : "ok";
			out.push({
				path: note.path, name: p.name, tags: p.tags, lastContact: last, evidence, evidencePath,
				frontmatterLastContact: p.lastContact, daysSince, cadenceDays: cadence, score, status,
				snoozeUntil: p.snoozeUntil, openTasks: this.tasksByPerson.get(note.path)?.size ?? 0,
				reason: last ? `Last contact ${daysSince} days ago (${evidence}, ${last}); every ${cadence} days.` : "No contact on record.",
			});
		}
		const rank = { stale: 0, overdue: 1, due: 2, never: 3, ok: 4, snoozed: 5 };
		return out.sort((a, b) => rank[a.status] - rank[b.status] || (b.score ?? 0) - (a.score ?? 0) || a.name.localeCompare(b.name));
	}

	/** Counts to check that both sides read the same vault. */
	census() {
		let tasks = 0;
		let open = 0;
		let people = 0;
		for (const n of this.notes.values()) {
			tasks += n.tasks.length;
			open += n.tasks.filter(isOpen).length;
			if (n.person) people++;
		}
		return { notes: this.notes.size, people, tasks, open };
	}
}
