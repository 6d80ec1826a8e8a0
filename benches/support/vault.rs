//! A deterministic synthetic vault for the benchmarks: people notes, meeting notes and daily
//! notes with tasks in both metadata formats that link, name and @-own the people.
//!
//! Shared by `examples/gen_vault.rs` (which writes it to disk for the CLI and the browser
//! benchmark) and `benches/core.rs` (which indexes it in memory), so every benchmark reads the
//! same notes. Every note is a pure function of `(notes, seed, index)`: no global state, no
//! clock, no crate beyond std, and the same bytes on every machine. All names are fictional,
//! assembled from syllables.
#![allow(dead_code)]

/// The day the vault is written "as of": every date in it is on or before this one, give or
/// take the due dates of open tasks. The benchmarks ask their questions on this day.
pub const TODAY: &str = "2026-11-26";
/// Days since 1970-01-01 of [`TODAY`].
const TODAY_DAYS: i64 = 20_783;

/// One note in ten is a person: 1k people at 10k notes, 5k at 50k.
const PEOPLE_SHARE: usize = 10;
/// One note in four is a daily note, at most one per day for ten years.
const DAILY_SHARE: usize = 4;
const MAX_DAILY_NOTES: usize = 3_650;
/// Meetings are spread over the last five years.
const MEETING_SPAN_DAYS: u64 = 5 * 365;
/// Tasks per daily note and action items per meeting (sub-tasks come on top): about 7 tasks a
/// note, about half of them open, as in a working vault where prose outweighs checkboxes.
const TASKS_PER_DAILY: (u64, u64) = (4, 12);
const TASKS_PER_MEETING: (u64, u64) = (3, 8);
/// Each note grows until it reaches a length drawn from this range (mean 3 KB).
const NOTE_BYTES: (u64, u64) = (1_800, 4_200);

/// Seeds of the streams that draw a meeting's date and title and a person's aliases, apart from
/// the streams of the notes themselves (seeded by the note's index).
const MEETING_STREAMS: u64 = 0x3EE7_1265_0000_0000;
const PERSON_STREAMS: u64 = 0x9E05_0A11_0000_0000;

/// xorshift64* (Vigna): tiny, fast and good enough to draw synthetic notes.
#[derive(Clone)]
pub struct Rng(u64);

impl Rng {
    /// A generator for one stream, seeded through splitmix64 so that nearby seeds diverge.
    pub fn new(seed: u64, stream: u64) -> Rng {
        let mut z = seed ^ stream.wrapping_mul(0x9E37_79B9_7F4A_7C15);
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^= z >> 31;
        Rng(if z == 0 { 0x2545_F491_4F6C_DD1D } else { z })
    }

    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// Uniform in `0..n` (n > 0).
    pub fn below(&mut self, n: u64) -> u64 {
        ((self.next() >> 32) * n) >> 32
    }

    pub fn range(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.below(hi - lo + 1)
    }

    /// True with probability `percent`/100.
    pub fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }

    pub fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len() as u64) as usize]
    }
}

const FIRST_A: [&str; 24] = [
    "Al", "Bren", "Cor", "Dar", "El", "Fen", "Gar", "Hal", "Ir", "Jas", "Kel", "Lor", "Mar", "Nel", "Or", "Per",
    "Quin", "Ros", "Sel", "Tam", "Ul", "Ver", "Wil", "Yor",
];
const FIRST_B: [&str; 12] = ["a", "en", "is", "o", "ana", "ric", "wyn", "ette", "ian", "ia", "el", "ley"];
const LAST_A: [&str; 24] = [
    "Ash", "Brack", "Carn", "Dun", "Elder", "Fair", "Glen", "Hollo", "Ivers", "Kest", "Lang", "Mor", "North", "Oak",
    "Pell", "Quar", "Rook", "Stan", "Thorn", "Umber", "Vale", "Whit", "Yarrow", "Zell",
];
const LAST_B: [&str; 16] = [
    "by", "ford", "wick", "mere", "ton", "well", "croft", "ley", "stone", "wood", "hart", "dale", "field", "gate",
    "holm", "more",
];
const FIRST_NAMES: u64 = (FIRST_A.len() * FIRST_B.len()) as u64;
const NAMES: u64 = FIRST_NAMES * (LAST_A.len() * LAST_B.len()) as u64;
/// Prime to `NAMES` (2^12 * 3^3), so `p * NAME_STRIDE % NAMES` visits every name once.
const NAME_STRIDE: u64 = 48_271;

const COMPANIES: [&str; 24] = [
    "Velmora",
    "Kestrix",
    "Orbanel",
    "Quillon",
    "Tarrowind",
    "Brismere",
    "Calvetti Labs",
    "Dunmarrow",
    "Eskarra",
    "Fenwold",
    "Glimmerstack",
    "Halvorne",
    "Ilsbrook",
    "Jorvanta",
    "Korrigan Works",
    "Lumetra",
    "Marrowgate",
    "Nettlebank",
    "Ostravia",
    "Pellucid Data",
    "Quorvale",
    "Rundhaven",
    "Saltmarch",
    "Tovenna",
];
const ROLES: [&str; 12] = [
    "VP of Engineering",
    "Staff Engineer",
    "Head of Procurement",
    "Product Manager",
    "CTO",
    "Data Scientist",
    "Account Executive",
    "Director of Operations",
    "Research Lead",
    "Platform SRE lead",
    "General Counsel",
    "Design Lead",
];
const PROJECTS: [&str; 12] = [
    "Orion Storage",
    "Atlas Migration",
    "Beacon Pilot",
    "Cobalt Renewal",
    "Delta Onboarding",
    "Ember Analytics",
    "Falcon Rollout",
    "Garnet Audit",
    "Harbor Sync",
    "Iris Search",
    "Juniper Billing",
    "Kepler Roadmap",
];
const TOPICS: [&str; 20] = [
    "pricing",
    "the renewal",
    "capacity planning",
    "the security review",
    "hiring",
    "the roadmap",
    "contract terms",
    "the pilot",
    "data retention",
    "the migration plan",
    "latency budgets",
    "the vendor shortlist",
    "onboarding",
    "the quarterly review",
    "support escalations",
    "the API design",
    "storage costs",
    "the launch date",
    "compliance",
    "team structure",
];
const VERBS: [&str; 16] = [
    "Send",
    "Ask",
    "Review",
    "Draft",
    "Confirm",
    "Share",
    "Follow up on",
    "Schedule a call about",
    "Prepare notes on",
    "Check",
    "Summarise",
    "Book time to discuss",
    "Reply about",
    "Update the doc on",
    "Chase",
    "Collect feedback on",
];
const OBJECTS: [&str; 16] = [
    "the deck",
    "the revised pricing",
    "the benchmark numbers",
    "the statement of work",
    "the meeting minutes",
    "the one-pager",
    "the budget",
    "the design doc",
    "the trace dataset",
    "the offer letter",
    "the migration checklist",
    "the contract draft",
    "the dashboard",
    "the incident report",
    "the intro email",
    "the hiring plan",
];
const OBSERVATIONS: [&str; 16] = [
    "Usage is up this quarter and the team wants more headroom",
    "They asked whether the old terms carry over to the new contract",
    "Two sites will share one contract if legal agrees",
    "The staging keys are overdue for rotation",
    "Latency in the eu region is still above the budget",
    "Procurement needs three quotes before anything is signed",
    "The pilot went well but onboarding took longer than planned",
    "A clean-sheet approach looks cheaper over three years",
    "The roadmap slips by a sprint because of the audit",
    "Support volume doubled after the last release",
    "The board wants a written plan before the next review",
    "Hiring is paused until the budget is approved",
    "We agreed to revisit the scope after the offsite",
    "Nobody owns the dashboard since the reorg",
    "The vendor shortlist is down to two candidates",
    "Retention rules differ between the two regions",
];
const RECURRENCES: [&str; 4] = ["every week", "every month", "every weekday", "every 2 weeks"];
const TAGS: [&str; 8] = ["#work", "#admin", "#legal", "#followup", "#waiting", "#finance", "#hiring", "#ops"];

/// A date `days` since 1970-01-01 as `YYYY-MM-DD` (Howard Hinnant's civil_from_days).
pub fn iso_date(days: i64) -> String {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}

fn days_ago(n: u64) -> String {
    iso_date(TODAY_DAYS - n as i64)
}

/// A person of the vault: what notes need to link, name and @-own them.
#[derive(Clone, Debug)]
pub struct Person {
    pub first: String,
    pub last: String,
    /// A one-word nickname (never a mention by itself) and maybe a two-word alias.
    pub aliases: Vec<String>,
}

impl Person {
    pub fn name(&self) -> String {
        format!("{} {}", self.first, self.last)
    }

    pub fn handle(&self) -> String {
        format!("@{}{}", self.first, self.last)
    }
}

/// A synthetic vault of `notes` notes drawn from `seed`.
#[derive(Clone, Debug)]
pub struct Vault {
    pub notes: usize,
    pub seed: u64,
    pub people: usize,
    pub daily: usize,
    pub meetings: usize,
}

/// What a note is, by its index: people first, then daily notes, then meetings.
enum Kind {
    Person(usize),
    Daily(usize),
    Meeting(usize),
}

impl Vault {
    pub fn new(notes: usize, seed: u64) -> Vault {
        assert_eq!(iso_date(TODAY_DAYS), TODAY, "TODAY_DAYS must name TODAY");
        let people = (notes / PEOPLE_SHARE).max(1).min(notes);
        let daily = (notes / DAILY_SHARE).min(MAX_DAILY_NOTES).min(notes - people);
        Vault { notes, seed, people, daily, meetings: notes - people - daily }
    }

    fn kind(&self, i: usize) -> Kind {
        if i < self.people {
            Kind::Person(i)
        } else if i < self.people + self.daily {
            Kind::Daily(i - self.people)
        } else {
            Kind::Meeting(i - self.people - self.daily)
        }
    }

    /// The person with index `p` (`0..people`); names are unique up to 110,592 people.
    pub fn person(&self, p: usize) -> Person {
        let q = (p as u64 % NAMES) * NAME_STRIDE % NAMES;
        let (f, l) = (q % FIRST_NAMES, q / FIRST_NAMES);
        let first = format!("{}{}", FIRST_A[(f % 24) as usize], FIRST_B[(f / 24) as usize]);
        let last = format!("{}{}", LAST_A[(l % 24) as usize], LAST_B[(l / 24) as usize]);
        let mut rng = Rng::new(self.seed ^ PERSON_STREAMS, p as u64);
        let mut aliases = Vec::new();
        if rng.chance(25) {
            aliases.push(first[..first.len().min(3)].to_string());
        }
        if rng.chance(10) {
            aliases.push(format!("{} {}", rng.pick(&FIRST_A), last));
        }
        Person { first, last, aliases }
    }

    pub fn person_path(&self, p: usize) -> String {
        format!("People/{}.md", self.person(p).name())
    }

    /// A person, skewed towards the first ones: a few people appear in many notes, as in life.
    fn someone(&self, rng: &mut Rng) -> usize {
        let n = self.people as u64;
        let a = rng.below(n);
        let b = rng.below(n);
        (a * b / n.max(1)).min(n - 1) as usize
    }

    /// The date and title of meeting `m`.
    fn meeting(&self, m: usize) -> (String, String) {
        let mut rng = Rng::new(self.seed ^ MEETING_STREAMS, m as u64);
        let date = days_ago(rng.below(MEETING_SPAN_DAYS));
        let topic = rng.pick(&TOPICS);
        let project = rng.pick(&PROJECTS);
        let kind = rng.pick(&["sync", "review", "kickoff", "check-in", "workshop", "planning"]);
        // The meeting number keeps titles unique however many share a day and a topic.
        (date, format!("{project} {kind} on {topic} {m}"))
    }

    fn daily_date(&self, d: usize) -> String {
        days_ago(d as u64)
    }

    /// Path and text of note `i` (`0..notes`).
    pub fn note(&self, i: usize) -> (String, String) {
        let mut rng = Rng::new(self.seed, i as u64);
        let target = rng.range(NOTE_BYTES.0, NOTE_BYTES.1) as usize;
        match self.kind(i) {
            Kind::Person(p) => (self.person_path(p), self.person_note(p, &mut rng, target)),
            Kind::Daily(d) => (format!("Daily/{}.md", self.daily_date(d)), self.daily_note(d, &mut rng, target)),
            Kind::Meeting(m) => {
                let (date, title) = self.meeting(m);
                (format!("Meetings/{date} - {title}.md"), self.meeting_note(m, &mut rng, target))
            }
        }
    }

    /// Every note in index order.
    pub fn iter(&self) -> impl Iterator<Item = (String, String)> + '_ {
        (0..self.notes).map(move |i| self.note(i))
    }

    /// How a note refers to a person in prose: a link in one of its forms, or the plain name.
    fn refer(&self, p: usize, rng: &mut Rng) -> String {
        let person = self.person(p);
        match rng.below(10) {
            0..=3 => format!("[[{}]]", person.name()),
            4 => format!("[[{}|{}]]", person.name(), person.first),
            5 => format!("[[People/{}]]", person.name()),
            _ => person.name(),
        }
    }

    /// One task line (without indentation) that may concern a person, in either format.
    fn task(&self, rng: &mut Rng) -> String {
        let (status, done) = match rng.below(20) {
            0..=10 => (" ", false),
            11..=16 => ("x", true),
            17 => ("/", false),
            18 => ("-", false),
            _ => ("?", false),
        };
        let mut text = format!("- [{status}] {} {}", rng.pick(&VERBS), rng.pick(&OBJECTS));
        if self.people > 0 {
            let p = self.someone(rng);
            match rng.below(10) {
                0..=3 => text.push_str(&format!(" with {}", self.refer(p, rng))),
                4..=6 => text.push_str(&format!(" for {}", self.person(p).name())),
                7..=8 => text.push_str(&format!(" {}", self.person(p).handle())),
                _ => {}
            }
            if rng.chance(15) {
                text.push_str(&format!(" and {}", self.refer(self.someone(rng), rng)));
            }
        }
        if rng.chance(20) {
            text.push(' ');
            text.push_str(rng.pick(&TAGS));
        }
        let due = days_ago(rng.below(400));
        let due_ahead = iso_date(TODAY_DAYS + rng.below(60) as i64);
        let due = if rng.chance(50) { due } else { due_ahead };
        let priority = rng.below(7);
        if rng.chance(55) {
            // Tasks plugin emoji format.
            if rng.chance(70) {
                text.push_str(&format!(" 📅 {due}"));
            }
            if rng.chance(20) {
                text.push_str(&format!(" ⏳ {}", days_ago(rng.below(30))));
            }
            if rng.chance(10) {
                text.push_str(&format!(" 🛫 {}", days_ago(rng.below(30))));
            }
            if rng.chance(15) {
                text.push_str(&format!(" ➕ {}", days_ago(rng.below(90))));
            }
            match priority {
                0 => text.push_str(" 🔺"),
                1 => text.push_str(" ⏫"),
                2 => text.push_str(" 🔼"),
                3 => text.push_str(" 🔽"),
                4 => text.push_str(" ⏬"),
                _ => {}
            }
            if rng.chance(5) {
                text.push_str(&format!(" 🔁 {}", rng.pick(&RECURRENCES)));
            }
            if rng.chance(3) {
                text.push_str(&format!(" 🆔 t{}", rng.below(100_000)));
            }
            if done {
                text.push_str(&format!(" ✅ {}", days_ago(rng.below(30))));
            }
        } else {
            // Dataview inline fields, square or round brackets.
            let (open, close) = if rng.chance(75) { ('[', ']') } else { ('(', ')') };
            if rng.chance(70) {
                text.push_str(&format!(" {open}due:: {due}{close}"));
            }
            if rng.chance(20) {
                text.push_str(&format!(" {open}scheduled:: {}{close}", days_ago(rng.below(30))));
            }
            if priority < 5 {
                let name = ["highest", "high", "medium", "low", "lowest"][priority as usize];
                text.push_str(&format!(" {open}priority:: {name}{close}"));
            }
            if rng.chance(5) {
                text.push_str(&format!(" {open}repeat:: {}{close}", rng.pick(&RECURRENCES)));
            }
            if done {
                text.push_str(&format!(" {open}completion:: {}{close}", days_ago(rng.below(30))));
            }
        }
        if rng.chance(3) {
            text.push_str(&format!(" ^task-{}", rng.below(10_000)));
        }
        text
    }

    /// A prose bullet that names or links someone.
    fn observation(&self, rng: &mut Rng) -> String {
        let mut line = format!("- {}", rng.pick(&OBSERVATIONS));
        if self.people > 0 && rng.chance(60) {
            line.push_str(&format!("; {} will follow up", self.refer(self.someone(rng), rng)));
        }
        line.push('.');
        line
    }

    fn person_note(&self, p: usize, rng: &mut Rng, target: usize) -> String {
        let person = self.person(p);
        let name = person.name();
        let company = rng.pick(&COMPANIES);
        let slug = company.to_lowercase().replace(' ', "-");
        let mut t = String::with_capacity(target + 512);
        t.push_str("---\ntype: people\n");
        // A few titles drifted from the file name, as they do when a tool renames.
        if rng.chance(3) {
            t.push_str(&format!("title: {}\n", person.first));
        } else {
            t.push_str(&format!("title: {name}\n"));
        }
        t.push_str(&format!("created: '{}'\n", days_ago(rng.range(200, 1500))));
        let last = rng.range(1, 500);
        match rng.below(20) {
            0 => {}
            1 => t.push_str(&format!("last_contact: {}\n", days_ago(last))),
            2 => {
                let d = days_ago(last);
                t.push_str(&format!("last_contact: {}/{}/{}\n", &d[5..7], &d[8..10], &d[..4]));
            }
            _ => t.push_str(&format!("last_contact: '{}'\n", days_ago(last))),
        }
        t.push_str(&format!("auto_created: {}\n", rng.chance(60)));
        if rng.chance(30) {
            t.push_str(&format!("tags: [type/people, company/{slug}]\n"));
        } else {
            t.push_str(&format!("tags:\n- type/people\n- company/{slug}\n"));
            if rng.chance(40) {
                t.push_str("- needs-review\n");
            }
        }
        if !person.aliases.is_empty() {
            t.push_str("aliases:\n");
            for a in &person.aliases {
                t.push_str(&format!("- {a}\n"));
            }
        }
        match rng.below(10) {
            0 => t.push_str("cadence: monthly\n"),
            1 => t.push_str("cadence: 14d\n"),
            2 => t.push_str("cadence: yearly\n"),
            _ => {}
        }
        if rng.chance(3) {
            t.push_str(&format!("snooze_until: '{}'\n", iso_date(TODAY_DAYS + rng.range(1, 60) as i64)));
        }
        t.push_str("---\n\n");
        t.push_str(&format!("# {name}\n\n## Contact Information\n\n| Field | Value |\n|-------|-------|\n"));
        t.push_str(&format!("| **Role** | {} |\n| **Company** | {company} |\n", rng.pick(&ROLES)));
        for field in ["Department", "Email", "Phone", "LinkedIn", "Location"] {
            t.push_str(&format!("| **{field}** | _Unknown_ |\n"));
        }
        t.push_str("\n## Relationship\n\n_How do you work with this person? What is your dynamic?_\n\n");
        t.push_str("## Projects\n\n```dataview\nLIST\nFROM \"Work/Projects\"\nWHERE contains(file.outlinks, this.file.link)\n```\n\n");
        t.push_str(&format!(
            "## Open Tasks\n\n```dataview\nTASK\nFROM \"\"\nWHERE !completed AND contains(text, \"{name}\")\nSORT due ASC\n```\n\n"
        ));
        t.push_str(&format!(
            "## Tasks They Own\n\n```dataview\nTASK\nWHERE contains(text, \"{}\") AND !completed\nSORT due ASC\n```\n\n",
            person.handle()
        ));
        t.push_str("## Recent Context\n\n");
        let mut contexts: Vec<(String, String)> = (0..rng.range(2, 7))
            .filter(|_| self.meetings > 0)
            .map(|_| self.meeting(rng.below(self.meetings as u64) as usize))
            .collect();
        contexts.sort_by(|a, b| b.0.cmp(&a.0));
        for (date, title) in contexts {
            let via = self.person(self.someone(rng)).name();
            t.push_str(&format!(
                "- {date}: [[{date} - {title}]] - {}... (via {via})\n",
                rng.pick(&OBSERVATIONS).to_lowercase()
            ));
        }
        t.push_str("\n## Key Decisions\n\n");
        t.push_str(&format!("- ✅ Revisit {} after the next review.\n", rng.pick(&TOPICS)));
        t.push_str(&format!("\n## Related Projects\n\n- [[{}]]\n\n## Key Facts\n\n", rng.pick(&PROJECTS)));
        while t.len() < target {
            t.push_str(&self.observation(rng));
            t.push('\n');
        }
        t
    }

    fn daily_note(&self, d: usize, rng: &mut Rng, target: usize) -> String {
        let date = self.daily_date(d);
        let mut t = String::with_capacity(target + 512);
        if rng.chance(30) {
            t.push_str(&format!("---\ndate: {date}\nmood: {}\n---\n\n", rng.pick(&["calm", "busy", "tired", "good"])));
        }
        t.push_str(&format!("# {date}\n\n## Log\n\n"));
        for _ in 0..rng.range(2, 4) {
            t.push_str(&self.observation(rng));
            t.push('\n');
        }
        if self.meetings > 0 && rng.chance(50) {
            let (mdate, title) = self.meeting(rng.below(self.meetings as u64) as usize);
            t.push_str(&format!("- Notes in [[{mdate} - {title}]].\n"));
        }
        t.push_str("\n## Tasks\n\n");
        for _ in 0..rng.range(TASKS_PER_DAILY.0, TASKS_PER_DAILY.1) {
            t.push_str(&self.task(rng));
            t.push('\n');
            // Sub-tasks, indented with tabs or spaces as editors do.
            if rng.chance(15) {
                let indent = if rng.chance(50) { "\t" } else { "    " };
                t.push_str(indent);
                t.push_str(&self.task(rng));
                t.push('\n');
            }
        }
        t.push_str("\n## Journal\n\n");
        self.prose(rng, target, &mut t);
        t
    }

    fn meeting_note(&self, m: usize, rng: &mut Rng, target: usize) -> String {
        let (date, title) = self.meeting(m);
        let mut t = String::with_capacity(target + 512);
        if rng.chance(70) {
            t.push_str(&format!("---\ndate: {date}\ntype: meeting\ntags:\n- type/meeting\n---\n\n"));
        }
        t.push_str(&format!("# {title}\n\n**Attendees**: "));
        let attendees: Vec<String> =
            (0..rng.range(1, 4)).filter(|_| self.people > 0).map(|_| self.refer(self.someone(rng), rng)).collect();
        t.push_str(&attendees.join(", "));
        t.push_str("\n\n## Notes\n\n");
        for _ in 0..rng.range(3, 7) {
            t.push_str(&self.observation(rng));
            t.push('\n');
        }
        t.push_str(
            "\n```\nraw notes pasted from the call: - [ ] not a task [[Not A Link]]\n```\n\n## Action items\n\n",
        );
        for _ in 0..rng.range(TASKS_PER_MEETING.0, TASKS_PER_MEETING.1) {
            t.push_str(&self.task(rng));
            t.push('\n');
        }
        t.push_str("\n## Discussion\n\n");
        self.prose(rng, target, &mut t);
        t
    }

    /// Paragraphs of prose that sometimes name or link people, until `t` reaches `target` bytes.
    fn prose(&self, rng: &mut Rng, target: usize, t: &mut String) {
        while t.len() < target {
            let sentences: Vec<String> = (0..rng.range(2, 5))
                .map(|_| {
                    let mut s = rng.pick(&OBSERVATIONS).to_string();
                    if self.people > 0 && rng.chance(30) {
                        s.push_str(&format!(", as {} pointed out", self.refer(self.someone(rng), rng)));
                    }
                    s.push('.');
                    s
                })
                .collect();
            t.push_str(&sentences.join(" "));
            t.push_str("\n\n");
        }
    }
}
