//! The WebAssembly API in a real browser (`wasm-pack test --headless --chrome`): every method of
//! `RapportIndex`, with what JavaScript sees (plain objects, nulls, UTF-16 offsets, Errors).
#![cfg(target_arch = "wasm32")]

use js_sys::{Array, Function, JsString, Reflect, WebAssembly, JSON};
use rapport::wasm::{version, RapportIndex};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const TODAY: &str = "2026-11-26";
const NADIA: &str = include_str!("../examples/vault/People/Nadia Farrow.md");
const THEO: &str = include_str!("../examples/vault/People/Theo Marchetti.md");
const CALLUM: &str = include_str!("../examples/vault/People/Callum Whitford.md");
const KICKOFF: &str = include_str!("../examples/vault/Meetings/2026-11-12 - Acme renewal kickoff.md");
const ONE_ON_ONE: &str = include_str!("../examples/vault/Meetings/2026-11-20 - Weekly 1-1 with Theo.md");
const ACME: &str = include_str!("../examples/vault/Projects/Acme Renewal.md");
const KOFI: &str = include_str!("../examples/vault/People/Kofi Boateng.md");

fn get(v: &JsValue, key: &str) -> JsValue {
    Reflect::get(v, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

fn s(v: &JsValue, key: &str) -> Option<String> {
    get(v, key).as_string()
}

fn n(v: &JsValue, key: &str) -> Option<f64> {
    get(v, key).as_f64()
}

fn arr(v: &JsValue) -> Vec<JsValue> {
    v.dyn_ref::<Array>().map(|a| a.iter().collect()).unwrap_or_default()
}

fn json(v: &JsValue) -> String {
    JSON::stringify(v).map(String::from).unwrap_or_default()
}

/// The message of the JS `Error` a failed call throws.
fn error_message(e: wasm_bindgen::JsError) -> String {
    let v = JsValue::from(e);
    assert!(v.is_instance_of::<js_sys::Error>(), "thrown as a JS Error");
    v.dyn_into::<js_sys::Error>().map(|e| String::from(e.message())).unwrap_or_default()
}

fn config(js: &str) -> JsValue {
    JSON::parse(js).unwrap_or(JsValue::UNDEFINED)
}

fn loaded() -> RapportIndex {
    let mut index = RapportIndex::new(JsValue::UNDEFINED).unwrap_or_else(|_| panic!("default config is valid"));
    let notes = [
        ("People/Nadia Farrow.md", NADIA),
        ("People/Theo Marchetti.md", THEO),
        ("People/Callum Whitford.md", CALLUM),
        ("People/Kofi Boateng.md", KOFI),
        ("Meetings/2026-11-12 - Acme renewal kickoff.md", KICKOFF),
        ("Meetings/2026-11-20 - Weekly 1-1 with Theo.md", ONE_ON_ONE),
    ];
    let (paths, texts): (Vec<String>, Vec<String>) = notes.iter().map(|(p, t)| (p.to_string(), t.to_string())).unzip();
    index.upsert_many(paths, texts).unwrap_or_else(|_| panic!("batch accepted"));
    index.upsert("Projects/Acme Renewal.md", ACME);
    index
}

/// Applies a `TextEdit` the way the plugin does, in UTF-16 string offsets.
fn apply(text: &str, edit: &JsValue) -> String {
    let js = JsString::from(text);
    let (from, to) = (n(edit, "from").unwrap_or(-1.0) as u32, n(edit, "to").unwrap_or(-1.0) as u32);
    assert!(from <= to && to <= js.length(), "edit inside the text: {}", json(edit));
    let out = js
        .slice(0, from)
        .concat(&JsValue::from(s(edit, "insert").unwrap_or_default()))
        .concat(&js.slice(to, js.length()).into());
    String::from(out)
}

/// The plugin's startup path: notes as the bytes of their files, end to end. It indexes what the
/// text path indexes; bytes that are not UTF-8 read as U+FFFD; bad batches are refused whole.
#[wasm_bindgen_test]
fn notes_as_file_bytes_index_like_texts() {
    let notes = [
        ("People/Nadia Farrow.md", NADIA),
        ("People/Theo Marchetti.md", THEO),
        ("Meetings/2026-11-20 - Weekly 1-1 with Theo.md", ONE_ON_ONE),
        ("Empty.md", ""),
    ];
    let mut by_text = RapportIndex::new(JsValue::UNDEFINED).unwrap_or_else(|_| panic!("default config is valid"));
    let mut by_bytes = RapportIndex::new(JsValue::UNDEFINED).unwrap_or_else(|_| panic!("default config is valid"));
    let (mut bytes, mut ends) = (Vec::new(), Vec::new());
    for (path, text) in notes {
        by_text.upsert(path, text);
        bytes.extend_from_slice(text.as_bytes());
        ends.push(bytes.len() as u32);
    }
    let paths: Vec<String> = notes.iter().map(|(p, _)| p.to_string()).collect();
    by_bytes.upsert_bytes(paths.clone(), &bytes, &ends).unwrap_or_else(|_| panic!("batch accepted"));
    assert_eq!(by_bytes.note_count(), 4);
    assert_eq!(by_bytes.text_bytes(), by_text.text_bytes());
    for query in [
        |i: &RapportIndex| i.people(),
        |i: &RapportIndex| i.all_tasks(),
        |i: &RapportIndex| i.all_diagnostics(Some(TODAY.into())),
    ] {
        assert_eq!(json(&query(&by_bytes).unwrap_or(JsValue::NULL)), json(&query(&by_text).unwrap_or(JsValue::NULL)));
    }
    // A stray Latin-1 byte in a task: one U+FFFD where it was, the rest read as written.
    let mut latin1 = b"- [ ] Call Theo Marchetti about the caf".to_vec();
    latin1.extend_from_slice(&[0xE9, b'\n']);
    by_bytes
        .upsert_bytes(vec!["Daily/2026-11-25.md".into()], &latin1, &[latin1.len() as u32])
        .unwrap_or_else(|_| panic!("accepted"));
    let tasks = arr(&get(&by_bytes.tasks_for_person("People/Theo Marchetti.md").unwrap_or(JsValue::NULL), "mentions"));
    assert!(
        tasks.iter().any(|t| s(t, "description").as_deref() == Some("Call Theo Marchetti about the caf\u{FFFD}")),
        "{}",
        tasks.iter().map(json).collect::<Vec<_>>().join(" ")
    );
    let err = by_bytes.upsert_bytes(paths.clone(), &bytes, &ends[..3]).err().map(error_message).unwrap_or_default();
    assert!(err.contains("4 paths but 3 ends"), "{err}");
    let backwards = [ends[1], ends[0], ends[2], ends[3]];
    let err = by_bytes.upsert_bytes(paths.clone(), &bytes, &backwards).err().map(error_message).unwrap_or_default();
    assert!(err.contains("upsertBytes got an end of"), "{err}");
    let past = [ends[0], ends[1], ends[2], ends[3] + 1];
    assert!(by_bytes.upsert_bytes(paths, &bytes, &past).is_err(), "an end past the bytes");
    assert_eq!(by_bytes.note_count(), 5, "a refused batch indexes none of its notes");
}

#[wasm_bindgen_test]
fn construction_and_config() {
    assert_eq!(version(), env!("CARGO_PKG_VERSION"));
    let index = RapportIndex::new(config(r#"{"defaultCadence":"monthly"}"#)).unwrap_or_else(|_| panic!("valid"));
    let c = index.config().unwrap_or(JsValue::NULL);
    assert_eq!(s(&c, "defaultCadence").as_deref(), Some("monthly"));
    assert_eq!(json(&get(&c, "peopleTypes")), r#"["people","person"]"#, "defaults filled in");
    assert_eq!(json(&get(&c, "peopleProperties")), r#"["type"]"#);
    assert!(get(&c, "schema").is_null());
    let err = RapportIndex::new(config(r#"{"defaultCadence":"often"}"#)).err().map(error_message).unwrap_or_default();
    assert!(err.contains("defaultCadence"), "{err}");
    let err =
        RapportIndex::new(config(r#"{"thresholds":{"due":"soon"}}"#)).err().map(error_message).unwrap_or_default();
    assert!(err.contains("Invalid Rapport config"), "{err}");
    let defaults = json(&RapportIndex::default_config().unwrap_or(JsValue::NULL));
    assert!(defaults.contains(r#""defaultCadence":"quarterly""#), "{defaults}");
    let plain = RapportIndex::new(config("{}")).unwrap_or_else(|_| panic!("valid"));
    assert_eq!(json(&plain.config().unwrap_or(JsValue::NULL)), defaults, "an index given no config has the defaults");
    assert!(RapportIndex::default_schema().contains("last_contact"));
    assert_eq!(arr(&RapportIndex::check_schema(&RapportIndex::default_schema()).unwrap_or(JsValue::NULL)).len(), 0);
    let problems =
        arr(&RapportIndex::check_schema("types:\n  people:\n    fields:\n      title:\n        type: txet\n")
            .unwrap_or(JsValue::NULL));
    assert_eq!(problems.len(), 1);
    assert_eq!(s(&problems[0], "code").as_deref(), Some("schema-invalid"));
    assert_eq!(n(&problems[0], "line"), Some(5.0));
}

#[wasm_bindgen_test]
fn indexing_and_incremental_updates() {
    let mut index = loaded();
    assert_eq!(index.note_count(), 7);
    assert!(index.text_bytes() > 1000);
    assert_eq!(index.paths().len(), 7);
    let err = index.upsert_many(vec!["a.md".into()], vec![]).err().map(error_message).unwrap_or_default();
    assert!(err.contains("1 paths but 0 texts"), "{err}");
    let people = arr(&index.people().unwrap_or(JsValue::NULL));
    let names: Vec<String> = people.iter().filter_map(|p| s(p, "name")).collect();
    assert_eq!(names, ["Callum Whitford", "Kofi Boateng", "Nadia Farrow", "Theo Marchetti"]);
    assert_eq!(
        s(&people[3], "company").as_deref(),
        Some("Acme Robotics (account team)"),
        "the Contact Information table wins over the tag"
    );
    let theo = index.person_for_path("People/Theo Marchetti.md").unwrap_or(JsValue::NULL);
    assert_eq!(json(&get(&theo, "aliases")), r#"["Teddy Marchetti"]"#);
    assert!(index.person_for_path("Projects/Acme Renewal.md").unwrap_or(JsValue::UNDEFINED).is_null());
    assert_eq!(index.find_person("@TeddyMarchetti").as_deref(), Some("People/Theo Marchetti.md"));
    assert_eq!(index.find_person("nobody"), None);

    // Rename keeps the note; remove drops it; both update the answers.
    assert!(index.rename("People/Kofi Boateng.md", "Archive/Kofi Boateng.md"));
    assert_eq!(index.find_person("Kofi Boateng").as_deref(), Some("Archive/Kofi Boateng.md"));
    assert!(!index.rename("nope.md", "x.md"));
    assert!(index.remove("Archive/Kofi Boateng.md"));
    assert!(!index.remove("Archive/Kofi Boateng.md"));
    assert_eq!(index.note_count(), 6);
    index.clear();
    assert_eq!(index.note_count(), 0);
    assert_eq!(arr(&index.stale(TODAY).unwrap_or(JsValue::NULL)).len(), 0);
}

#[wasm_bindgen_test]
fn staleness_as_plain_objects() {
    let mut index = loaded();
    let stale = arr(&index.stale(TODAY).unwrap_or(JsValue::NULL));
    let order: Vec<String> = stale.iter().filter_map(|c| s(c, "name")).collect();
    assert_eq!(order, ["Theo Marchetti", "Kofi Boateng", "Nadia Farrow", "Callum Whitford"]);
    let theo = &stale[0];
    assert_eq!(s(theo, "status").as_deref(), Some("due"));
    assert_eq!(n(theo, "daysSince"), Some(6.0));
    assert_eq!(n(theo, "cadenceDays"), Some(7.0));
    assert_eq!(s(theo, "cadenceSource").as_deref(), Some("note"));
    assert!(get(theo, "snoozeUntil").is_null(), "absent values are null, not undefined");
    assert!(!theo.is_instance_of::<js_sys::Map>(), "plain objects, not Maps");
    let callum = index.contact("People/Callum Whitford.md", TODAY).unwrap_or(JsValue::NULL);
    assert_eq!(s(&callum, "evidence").as_deref(), Some("recent-context"));
    assert_eq!(s(&callum, "frontmatterLastContact").as_deref(), Some("2026-09-15"));
    assert!(index.contact("Projects/Acme Renewal.md", TODAY).unwrap_or(JsValue::UNDEFINED).is_null());
    let err = index.stale("26/11/2026").err().map(error_message).unwrap_or_default();
    assert!(err.contains("YYYY-MM-DD"), "{err}");

    // Turning Recent Context off changes Callum's evidence to the linked meeting? There is none
    // in this small set, so he falls back to his frontmatter.
    index
        .set_config(config(r#"{"evidence":{"recentContext":false,"linkedNotes":true}}"#))
        .unwrap_or_else(|_| panic!("valid"));
    assert!(index.rederive(1) > 0, "setConfig leaves the notes to rederive");
    assert_eq!(index.rederive(u32::MAX), 0);
    let callum = index.contact("People/Callum Whitford.md", TODAY).unwrap_or(JsValue::NULL);
    assert_eq!(s(&callum, "evidence").as_deref(), Some("frontmatter"));
    assert_eq!(s(&callum, "status").as_deref(), Some("stale"));
    assert!(index.set_config(config(r#"{"thresholds":{"due":3,"overdue":2,"stale":1}}"#)).is_err());
    let kept = index.config().unwrap_or(JsValue::NULL);
    assert_eq!(
        get(&get(&kept, "evidence"), "recentContext").as_bool(),
        Some(false),
        "a rejected config keeps the old one"
    );
}

/// The vault's own settings: a templates folder left out, and the Tasks global filter, both
/// kept across `setConfig` and overridden by the config's own filter.
#[wasm_bindgen_test]
fn vault_settings_exclude_templates_and_filter_tasks() {
    let mut index = RapportIndex::new(JsValue::UNDEFINED).unwrap_or_else(|_| panic!("valid"));
    let person = "---\ntype: people\ntitle: Person\nlast_contact: \"{{date}}\"\n---\n";
    index.upsert("Templates/Person.md", person);
    index.upsert("Projects/Move.md", "- [ ] #task Book the van\n- [ ] Buy tape\n");
    assert_eq!(arr(&index.all_tasks().unwrap_or(JsValue::NULL)).len(), 2);
    index
        .set_vault(config(
            r##"{"templateFolders":["Templates/"],"taskGlobalFilter":"#task","dailyNoteFormats":["DD-MM-YYYY dddd"]}"##,
        ))
        .unwrap_or_else(|_| panic!("valid"));
    assert_eq!(index.rederive(u32::MAX), 0);
    assert_eq!(index.note_count(), 1, "the template is left out");
    let tasks = arr(&index.all_tasks().unwrap_or(JsValue::NULL));
    assert_eq!(tasks.iter().filter_map(|t| s(t, "description")).collect::<Vec<_>>(), ["#task Book the van"]);
    assert_eq!(
        json(&index.vault().unwrap_or(JsValue::NULL)),
        r##"{"templateFolders":["Templates/"],"taskGlobalFilter":"#task","dailyNoteFormats":["DD-MM-YYYY dddd"]}"##
    );
    assert!(RapportIndex::reads_date_format("DD-MM-YYYY dddd") && !RapportIndex::reads_date_format("D MMMM YYYY"));
    index.set_config(config(r#"{"taskGlobalFilter":"","excludeTemplates":false}"#)).unwrap_or_else(|_| panic!("valid"));
    assert_eq!(index.rederive(u32::MAX), 0);
    assert_eq!(arr(&index.all_tasks().unwrap_or(JsValue::NULL)).len(), 2, "the config's filter wins");
    assert_eq!(
        s(&index.vault().unwrap_or(JsValue::NULL), "taskGlobalFilter").as_deref(),
        Some("#task"),
        "setConfig keeps the vault's"
    );
    assert!(index.set_vault(config(r#"{"templateFolders":"Templates"}"#)).is_err());
}

/// `stale` hands out the same frozen object for a contact no update touched, a new one for a
/// contact that changed, and always what a fresh index answers.
#[wasm_bindgen_test]
fn stale_keeps_untouched_contacts_and_answers_as_a_fresh_index() {
    let mut index = loaded();
    let by_name = |list: &[JsValue], name: &str| {
        list.iter().find(|c| s(c, "name").as_deref() == Some(name)).cloned().unwrap_or(JsValue::NULL)
    };
    let first = arr(&index.stale(TODAY).unwrap_or(JsValue::NULL));
    assert_eq!(first.len(), 4);
    assert!(
        first.iter().all(|c| js_sys::Object::is_frozen(c.unchecked_ref::<js_sys::Object>())),
        "contacts are frozen: a caller cannot change what later answers share"
    );
    // A meeting today that links Callum: his contact changes, the others do not.
    let lunch = "Lunch with [[Callum Whitford]].\n";
    index.upsert("Meetings/2026-11-26 - Lunch.md", lunch);
    let second = arr(&index.stale(TODAY).unwrap_or(JsValue::NULL));
    assert!(
        !js_sys::Object::is(&by_name(&first, "Callum Whitford"), &by_name(&second, "Callum Whitford")),
        "Callum changed: a new object"
    );
    assert_eq!(s(&by_name(&second, "Callum Whitford"), "lastContact").as_deref(), Some(TODAY));
    for name in ["Theo Marchetti", "Kofi Boateng", "Nadia Farrow"] {
        assert!(
            js_sys::Object::is(&by_name(&first, name), &by_name(&second, name)),
            "{name} untouched: the same object"
        );
    }
    let mut fresh = loaded();
    fresh.upsert("Meetings/2026-11-26 - Lunch.md", lunch);
    assert_eq!(json(&index.stale(TODAY).unwrap_or(JsValue::NULL)), json(&fresh.stale(TODAY).unwrap_or(JsValue::NULL)));
    // Another day re-assesses everybody.
    let tomorrow = arr(&index.stale("2026-11-27").unwrap_or(JsValue::NULL));
    assert!(!js_sys::Object::is(&by_name(&second, "Theo Marchetti"), &by_name(&tomorrow, "Theo Marchetti")));
    assert_eq!(
        json(&index.stale("2026-11-27").unwrap_or(JsValue::NULL)),
        json(&fresh.stale("2026-11-27").unwrap_or(JsValue::NULL))
    );
}

/// `tasksForPerson` hands out the same frozen object for a task whose note no update touched,
/// new ones for the tasks of a changed or renamed note, and always what a fresh index answers.
#[wasm_bindgen_test]
fn tasks_for_a_person_keep_unchanged_tasks_and_answer_as_a_fresh_index() {
    const THEO_PATH: &str = "People/Theo Marchetti.md";
    const ONE_ON_ONE_PATH: &str = "Meetings/2026-11-20 - Weekly 1-1 with Theo.md";
    let mut index = loaded();
    let owned =
        |index: &mut RapportIndex| arr(&get(&index.tasks_for_person(THEO_PATH).unwrap_or(JsValue::NULL), "owned"));
    let first = owned(&mut index);
    assert_eq!(first.len(), 3);
    assert!(
        first.iter().all(|t| js_sys::Object::is_frozen(t.unchecked_ref::<js_sys::Object>())),
        "tasks are frozen: a caller cannot change what later answers share"
    );
    let again = owned(&mut index);
    assert!(first.iter().zip(&again).all(|(a, b)| js_sys::Object::is(a, b)), "nothing changed: the same objects");
    // The 1-1 changes (a task added above Theo's): its task is new, the other two are kept.
    let one_on_one = ONE_ON_ONE.replacen(
        "- [ ] Send the promotion packet",
        "- [ ] Book the room\n- [ ] Send the promotion packet",
        1,
    );
    assert_ne!(one_on_one, ONE_ON_ONE);
    index.upsert(ONE_ON_ONE_PATH, &one_on_one);
    let second = owned(&mut index);
    let by_path = |list: &[JsValue], path: &str| {
        list.iter().find(|t| s(t, "path").as_deref() == Some(path)).cloned().unwrap_or(JsValue::NULL)
    };
    assert!(
        !js_sys::Object::is(&by_path(&first, ONE_ON_ONE_PATH), &by_path(&second, ONE_ON_ONE_PATH)),
        "its note changed: a new object"
    );
    assert_eq!(n(&by_path(&second, ONE_ON_ONE_PATH), "line"), Some(19.0), "the new object says the new line");
    for path in ["Meetings/2026-11-12 - Acme renewal kickoff.md", "Projects/Acme Renewal.md"] {
        assert!(
            js_sys::Object::is(&by_path(&first, path), &by_path(&second, path)),
            "{path} untouched: the same object"
        );
    }
    // A renamed note's tasks say the new path.
    index.rename("Projects/Acme Renewal.md", "Projects/Acme Renewal 2027.md");
    let third = owned(&mut index);
    assert!(
        !by_path(&third, "Projects/Acme Renewal 2027.md").is_null()
            && by_path(&third, "Projects/Acme Renewal.md").is_null()
    );
    let mut fresh = loaded();
    fresh.upsert(ONE_ON_ONE_PATH, &one_on_one);
    fresh.rename("Projects/Acme Renewal.md", "Projects/Acme Renewal 2027.md");
    assert_eq!(
        json(&index.tasks_for_person(THEO_PATH).unwrap_or(JsValue::NULL)),
        json(&fresh.tasks_for_person(THEO_PATH).unwrap_or(JsValue::NULL))
    );
    // More tasks than are kept: a plain answer, still complete, and the kept ones still right.
    let many: String =
        (0..rapport::wasm::MAX_KEPT_TASKS).map(|i| format!("- [ ] ask [[Theo Marchetti]] about {i}\n")).collect();
    index.upsert("Daily/2026-11-25.md", &many);
    fresh.upsert("Daily/2026-11-25.md", &many);
    let all = index.tasks_for_person(THEO_PATH).unwrap_or(JsValue::NULL);
    assert!(arr(&get(&all, "mentions")).len() >= rapport::wasm::MAX_KEPT_TASKS);
    assert_eq!(json(&all), json(&fresh.tasks_for_person(THEO_PATH).unwrap_or(JsValue::NULL)));
    index.remove("Daily/2026-11-25.md");
    fresh.remove("Daily/2026-11-25.md");
    assert_eq!(
        json(&index.tasks_for_person(THEO_PATH).unwrap_or(JsValue::NULL)),
        json(&fresh.tasks_for_person(THEO_PATH).unwrap_or(JsValue::NULL))
    );
}

#[wasm_bindgen_test]
fn tasks_for_a_person_and_all_tasks() {
    let mut index = loaded();
    let t = index.tasks_for_person("People/Theo Marchetti.md").unwrap_or(JsValue::NULL);
    assert_eq!(s(&get(&t, "person"), "name").as_deref(), Some("Theo Marchetti"));
    let owned: Vec<String> = arr(&get(&t, "owned"))
        .iter()
        .map(|x| format!("{}:{}", s(x, "path").unwrap_or_default(), n(x, "line").unwrap_or(0.0)))
        .collect();
    assert_eq!(
        owned,
        [
            "Meetings/2026-11-20 - Weekly 1-1 with Theo.md:18",
            "Meetings/2026-11-12 - Acme renewal kickoff.md:21",
            "Projects/Acme Renewal.md:18"
        ]
    );
    let first = &arr(&get(&t, "owned"))[0];
    assert_eq!(json(&get(first, "dependsOn")), r#"["promo1"]"#);
    assert_eq!(s(first, "statusKind").as_deref(), Some("todo"));
    assert_eq!(s(first, "format").as_deref(), Some("emoji"));
    assert!(index.tasks_for_person("Projects/Acme Renewal.md").unwrap_or(JsValue::UNDEFINED).is_null());
    let all = arr(&index.all_tasks().unwrap_or(JsValue::NULL));
    assert_eq!(all.len(), 7 + 4 + 4);
    let nested = all
        .iter()
        .find(|x| s(x, "path").as_deref() == Some("Projects/Acme Renewal.md") && n(x, "line") == Some(16.0))
        .cloned()
        .unwrap_or(JsValue::NULL);
    assert_eq!(n(&nested, "parentLine"), Some(15.0));
    assert_eq!(s(&nested, "section").as_deref(), Some("Milestones"));
}

#[wasm_bindgen_test]
fn diagnostics_and_fixes() {
    let index = loaded();
    let kofi = arr(&index.diagnostics("People/Kofi Boateng.md", Some(TODAY.into())).unwrap_or(JsValue::NULL));
    assert_eq!(kofi.len(), 1);
    let d = &kofi[0];
    assert_eq!(
        (s(d, "code").as_deref(), s(d, "severity").as_deref(), n(d, "line"), n(d, "column")),
        (Some("unquoted-wikilink"), Some("error"), Some(7.0), Some(10.0))
    );
    let fixed = apply(KOFI, &get(d, "fix"));
    assert!(fixed.contains("company: \"[[Acme Robotics]]\""));
    assert!(arr(&index.diagnose_text("People/Kofi Boateng.md", &fixed, Some(TODAY.into())).unwrap_or(JsValue::NULL))
        .is_empty());
    // Without `today`, the JS clock is used; the answer is still an array.
    assert!(index.diagnostics("People/Kofi Boateng.md", None).is_ok());
    let all = arr(&index.all_diagnostics(Some(TODAY.into())).unwrap_or(JsValue::NULL));
    let paths: Vec<String> = all.iter().filter_map(|d| s(d, "path")).collect();
    assert_eq!(paths, ["People/Callum Whitford.md", "People/Kofi Boateng.md"]);
    let result = index.fix_all("People/Kofi Boateng.md", KOFI, Some(TODAY.into())).unwrap_or(JsValue::NULL);
    assert_eq!(n(&result, "applied"), Some(1.0));
    assert_eq!(s(&result, "text").as_deref(), Some(fixed.as_str()));
}

#[wasm_bindgen_test]
fn edits_are_utf16_and_touch_one_value() {
    let index = loaded();
    // An emoji (two UTF-16 units) before the value shifts byte and UTF-16 offsets apart.
    let text = "---\ntitle: Nadia 🌍 Farrow\nlast_contact: '2026-11-12'\n---\nbody\n";
    let edit = index.edit_mark_contacted("People/Nadia Farrow.md", text, TODAY).unwrap_or(JsValue::NULL);
    assert_eq!(apply(text, &edit), text.replace("2026-11-12", TODAY));
    let again = apply(text, &edit);
    assert!(
        index.edit_mark_contacted("People/Nadia Farrow.md", &again, TODAY).unwrap_or(JsValue::UNDEFINED).is_null(),
        "already today"
    );
    let snooze = index.edit_snooze("People/Nadia Farrow.md", text, "2027-01-15").unwrap_or(JsValue::NULL);
    assert_eq!(apply(text, &snooze), text.replace("---\nbody", "snooze_until: '2027-01-15'\n---\nbody"));
    let err = index.edit_mark_contacted("x.md", "---\ntitle: A\n", TODAY).err().map(error_message).unwrap_or_default();
    assert!(err.contains("closing"), "{err}");

    let complete = |line: u32| {
        let expected = ONE_ON_ONE.lines().nth(line as usize - 1).unwrap_or_default().trim_start();
        let edit = index
            .edit_complete_task("Meetings/2026-11-20 - Weekly 1-1 with Theo.md", ONE_ON_ONE, line, expected, TODAY)
            .unwrap_or(JsValue::NULL);
        apply(ONE_ON_ONE, &edit)
    };
    let done = complete(17);
    let changed: Vec<(&str, &str)> = ONE_ON_ONE.lines().zip(done.lines()).filter(|(a, b)| a != b).collect();
    assert_eq!(changed.len(), 1, "exactly one line changes");
    assert!(changed[0].1.contains("[x]") && changed[0].1.ends_with(&format!("✅ {TODAY}")), "{}", changed[0].1);
    // Line 16 recurs every week: its next occurrence is written above it, a week later.
    let done = complete(16);
    let before: Vec<&str> = ONE_ON_ONE.lines().collect();
    let after: Vec<&str> = done.lines().collect();
    assert_eq!(after.len(), before.len() + 1);
    assert_eq!(&after[..15], &before[..15]);
    assert_eq!(&after[17..], &before[16..]);
    assert!(after[15].contains("[ ]") && after[15].contains("2026-12-04"), "{}", after[15]);
    assert!(after[16].contains("[x]") && after[16].contains("2026-11-27"), "{}", after[16]);
    let err = index
        .edit_complete_task("m.md", ONE_ON_ONE, 16, "- [ ] something else", TODAY)
        .err()
        .map(error_message)
        .unwrap_or_default();
    assert!(err.contains("changed since it was read"), "{err}");
}

/// A failed allocation aborts the instance with the same `unreachable` trap as a bug, so the
/// core records it for the plugin to tell the two apart (`RapportIndex.outOfMemory()`). Blocks
/// of a gibibyte are asked for until the 4 GiB a wasm32 memory can reach runs out; none is
/// touched, and all are given back, so the other tests keep their memory.
#[wasm_bindgen_test]
fn out_of_memory_is_recorded_when_an_allocation_fails() {
    use std::alloc::{alloc, dealloc, Layout};
    assert!(!RapportIndex::out_of_memory(), "nothing has failed yet");
    let Ok(block) = Layout::from_size_align(1 << 30, 8) else { panic!("a 1 GiB layout is valid on wasm32") };
    let mut held = Vec::new();
    let mut refused = false;
    for _ in 0..8 {
        // SAFETY: a non-zero size; every block that is granted is freed below with its layout.
        let ptr = unsafe { alloc(block) };
        if ptr.is_null() {
            refused = true;
            break;
        }
        held.push(ptr);
    }
    for ptr in held {
        // SAFETY: allocated above with `block`, freed once.
        unsafe { dealloc(ptr, block) };
    }
    assert!(refused, "a wasm32 memory cannot hold 8 GiB");
    assert!(RapportIndex::out_of_memory(), "the refusal was recorded");
    // The index still works: a failed allocation that was handled is not a trap.
    let mut index = RapportIndex::new(JsValue::UNDEFINED).unwrap_or_else(|_| panic!("a default index"));
    index.upsert("People/Nadia Farrow.md", NADIA);
    assert_eq!(index.note_count(), 1);
}

/// A panic aborts the instance with the same `unreachable` trap as any other abort, so the hook
/// that making an index installs keeps its message for the plugin to log
/// (`RapportIndex.panicMessage()`). The panic is raised in a closure that JavaScript calls and
/// catches, as the plugin catches a call that trapped, so this test goes on after it. The hook
/// passes the panic on to the test harness's, which was installed before.
#[wasm_bindgen_test]
fn a_panic_leaves_its_message_for_the_plugin() {
    assert_eq!(RapportIndex::panic_message(), None, "nothing has panicked yet");
    let _index = RapportIndex::new(JsValue::UNDEFINED).unwrap_or_else(|_| panic!("a default index"));
    let call = Function::new_with_args("f", "try { f(); return null; } catch (e) { return e; }");
    fn panic_on_purpose() {
        panic!("a panic on purpose")
    }
    let boom = Closure::once_into_js(panic_on_purpose);
    let error = call.call1(&JsValue::NULL, &boom).unwrap_or_else(|e| e);
    assert!(error.is_instance_of::<WebAssembly::RuntimeError>(), "a trap: {error:?}");
    let message = RapportIndex::panic_message().unwrap_or_default();
    assert!(message.contains("a panic on purpose") && message.contains("tests/wasm.rs"), "{message}");
}

/// Meeting write-back: `logPlan` names the people a dated note links, `logEdits` computes one
/// person note's edits on the text given (UTF-16 offsets), and a second run has none.
#[wasm_bindgen_test]
fn log_plan_and_log_edits_write_back_a_meeting() {
    let mut index = loaded();
    let path = "Meetings/2026-11-24 - Pricing call.md";
    let meeting = "# Pricing call, é 🌅\n\nWith [[Nadia Farrow]] and [[Theo Marchetti|Theo]].\n";
    index.upsert(path, meeting);
    let plan = index.log_plan(path, meeting, TODAY, None).unwrap_or(JsValue::NULL);
    assert_eq!(s(&plan, "date").as_deref(), Some("2026-11-24"));
    assert_eq!(s(&plan, "summary").as_deref(), Some("Pricing call, é 🌅"));
    assert!(get(&plan, "notYet").is_null());
    let people: Vec<Option<String>> = arr(&get(&plan, "people")).iter().map(|p| s(p, "name")).collect();
    assert_eq!(people, [Some("Nadia Farrow".to_string()), Some("Theo Marchetti".to_string())]);
    let summary = s(&plan, "summary").unwrap_or_default();
    let log = index
        .log_edits("People/Nadia Farrow.md", NADIA, Some(path.to_string()), "2026-11-24", &summary, TODAY)
        .unwrap_or(JsValue::NULL);
    let line = "- 2026-11-24: [[2026-11-24 - Pricing call]] - Pricing call, é 🌅";
    assert_eq!(s(&log, "line").as_deref(), Some(line));
    assert_eq!(s(&log, "lastContact").as_deref(), Some("2026-11-24"));
    assert!(get(&log, "skipped").is_null());
    let mut text = NADIA.to_string();
    for edit in arr(&get(&log, "edits")).iter().rev() {
        text = apply(&text, edit);
    }
    assert!(text.contains(&format!("{line}\n")) && text.contains("last_contact: '2026-11-24'"), "{text}");
    let again = index
        .log_edits("People/Nadia Farrow.md", &text, Some(path.to_string()), "2026-11-24", &summary, TODAY)
        .unwrap_or(JsValue::NULL);
    assert_eq!(arr(&get(&again, "edits")).len(), 0, "a second run has nothing to do");
    // A contact with no note: the date and the summary; a note after today: nothing, and why.
    let form =
        index.log_edits("People/Theo Marchetti.md", THEO, None, "2026-11-25", "Coffee", TODAY).unwrap_or(JsValue::NULL);
    assert_eq!(s(&form, "line").as_deref(), Some("- 2026-11-25: Coffee"));
    let later =
        index.log_edits("People/Theo Marchetti.md", THEO, None, "2026-12-01", "x", TODAY).unwrap_or(JsValue::NULL);
    assert_eq!(arr(&get(&later, "edits")).len(), 0);
    assert!(s(&later, "skipped").is_some_and(|r| r.contains("after today")));
    // Not dated, or not in the index: a JS Error that says so.
    let err =
        index.log_plan("People/Theo Marchetti.md", THEO, TODAY, None).err().map(error_message).unwrap_or_default();
    assert!(err.contains("is not a dated note"), "{err}");
    let err = index.log_plan("Nope.md", "", TODAY, None).err().map(error_message).unwrap_or_default();
    assert_eq!(err, "no note `Nope.md` in the vault");
}

/// `migrationPlan` answers a people note's Dataview blocks as UTF-16 edits of the text it was
/// given (an emoji before them shifts bytes and UTF-16 units apart), the skipped blocks with
/// their reason, and null for a note that is no person.
#[wasm_bindgen_test]
fn migration_plans_are_utf16_edits_of_the_text_given() {
    let index = loaded();
    let text = "---\ntype: people\n---\n# Ada 🌍 Brennan\n```dataview\nTASK WHERE contains(text, \"@AdaBrennan\") AND !completed\n```\n```dataview\nTABLE x\n```\n";
    let plan = index.migration_plan("People/Ada Brennan.md", text).unwrap_or(JsValue::NULL);
    let blocks = arr(&get(&plan, "blocks"));
    assert_eq!(blocks.len(), 1, "{}", json(&plan));
    assert_eq!((s(&blocks[0], "kind").as_deref(), n(&blocks[0], "line")), (Some("owned"), Some(5.0)));
    assert_eq!(
        apply(text, &blocks[0]),
        text.replace(
            "```dataview\nTASK WHERE contains(text, \"@AdaBrennan\") AND !completed\n```",
            "```rapport\nowned\n```"
        )
    );
    let skipped = arr(&get(&plan, "skipped"));
    assert_eq!(
        (n(&skipped[0], "line"), s(&skipped[0], "reason").as_deref()),
        (Some(8.0), Some("A TABLE query: a rapport block shows no table."))
    );
    let none = index.migration_plan("Notes/Plan.md", "```dataview\nTABLE x\n```\n").unwrap_or(JsValue::UNDEFINED);
    assert!(none.is_null(), "not a person: {}", json(&none));
}

/// The person profile, projects and meeting prep (issue 17) as JavaScript sees them.
#[wasm_bindgen_test]
fn person_profile_projects_and_meeting_prep() {
    let mut index = loaded();
    index.upsert("Projects/Acme Pricing.md", include_str!("../examples/vault/Projects/Acme Pricing.md"));
    let theo = "People/Theo Marchetti.md";
    let p = index.person(theo, Some(TODAY.to_string())).unwrap_or(JsValue::NULL);
    assert_eq!(s(&get(&p, "person"), "name").as_deref(), Some("Theo Marchetti"));
    assert_eq!(get(&get(&p, "person"), "needsReview").as_bool(), Some(false));
    assert_eq!(s(&get(&p, "contact"), "status").as_deref(), Some("due"));
    let paths = |v: &JsValue| arr(v).iter().map(|x| s(x, "path").unwrap_or_default()).collect::<Vec<_>>();
    assert_eq!(paths(&get(&p, "projects")), ["Projects/Acme Pricing.md"]);
    assert_eq!(
        paths(&get(&p, "linkedFrom")),
        [
            "Meetings/2026-11-20 - Weekly 1-1 with Theo.md",
            "Meetings/2026-11-12 - Acme renewal kickoff.md",
            "Projects/Acme Pricing.md"
        ]
    );
    let first = &arr(&get(&p, "recentContext"))[0];
    assert_eq!((s(first, "date").as_deref(), n(first, "line")), (Some("2026-11-20"), Some(77.0)));
    assert_eq!(arr(&get(&p, "owned")).len(), 3);
    assert!(index.person("Projects/Acme Renewal.md", Some(TODAY.to_string())).unwrap_or(JsValue::UNDEFINED).is_null());
    // Projects: by type, or from folders whatever the type; null for a note the index lacks.
    let projects = index.projects(theo, None).unwrap_or(JsValue::NULL);
    assert_eq!(
        json(&arr(&projects)[0]),
        r#"{"path":"Projects/Acme Pricing.md","title":"Acme Pricing","type":"project","date":null}"#
    );
    let from = index.projects(theo, Some(vec!["Meetings".to_string()])).unwrap_or(JsValue::NULL);
    assert_eq!(arr(&from).len(), 2);
    assert!(index.projects("Nowhere.md", None).unwrap_or(JsValue::UNDEFINED).is_null());
    // Meeting prep: a card per person the note links, by name, with three context lines at most.
    let prep = index.meeting_prep("Meetings/2026-11-12 - Acme renewal kickoff.md", Some(TODAY.to_string()));
    let prep = prep.unwrap_or(JsValue::NULL);
    assert_eq!(s(&prep, "date").as_deref(), Some("2026-11-12"));
    let people: Vec<String> =
        arr(&get(&prep, "people")).iter().map(|c| s(&get(c, "person"), "path").unwrap_or_default()).collect();
    assert_eq!(people, ["People/Nadia Farrow.md", theo]);
    assert!(arr(&get(&prep, "people")).iter().all(|c| arr(&get(c, "recentContext")).len() <= 3));
    assert!(index.meeting_prep("Nowhere.md", None).unwrap_or(JsValue::UNDEFINED).is_null());
}

/// The review queue (issue 18) as JavaScript sees it, and a path in `notPeople` leaving it.
#[wasm_bindgen_test]
fn review_queue_and_not_people() {
    let mut index = loaded();
    assert!(index.can_mark_reviewed("People/Kofi Boateng.md"), "the tag in its tags property");
    assert!(!index.can_mark_reviewed("People/Theo Marchetti.md") && !index.can_mark_reviewed("Nowhere.md"));
    let queue = index.review_queue(Some(TODAY.to_string())).unwrap_or(JsValue::NULL);
    let paths = |v: &JsValue| arr(v).iter().map(|x| s(x, "path").unwrap_or_default()).collect::<Vec<_>>();
    let queued = paths(&queue);
    assert!(queued.contains(&"People/Kofi Boateng.md".to_string()), "{queued:?}");
    let nadia = arr(&queue).into_iter().find(|p| s(p, "path").as_deref() == Some("People/Nadia Farrow.md"));
    let nadia = nadia.unwrap_or(JsValue::NULL);
    assert_eq!(get(&nadia, "autoCreated").as_bool(), Some(true));
    assert!(n(&nadia, "mentions").is_some_and(|m| m >= 1.0), "{}", json(&nadia));
    assert_eq!(s(&get(&nadia, "firstSeen"), "date").as_deref(), Some("2026-11-12"));
    assert!(arr(&get(&nadia, "missing")).iter().any(|m| m.as_string().as_deref() == Some("Phone")));
    index.set_config(config(r#"{"notPeople":["People/Kofi Boateng.md"]}"#)).unwrap_or_else(|_| panic!("valid"));
    assert_eq!(index.rederive(u32::MAX), 0);
    let after = paths(&index.review_queue(Some(TODAY.to_string())).unwrap_or(JsValue::NULL));
    assert!(!after.contains(&"People/Kofi Boateng.md".to_string()), "{after:?}");
    assert!(index.person_for_path("People/Kofi Boateng.md").unwrap_or(JsValue::UNDEFINED).is_null());
}

/// Merging people: `mergePlan` lists the notes a merge touches (kept first, merged last) and
/// throws the sentence for two names of one person; `mergeEdits` answers UTF-16 edits of the
/// text given (an emoji before them shifts bytes and UTF-16 units apart).
#[wasm_bindgen_test]
fn merge_plan_and_merge_edits_are_utf16_edits_of_the_text_given() {
    let mut index = RapportIndex::new(JsValue::UNDEFINED).unwrap_or_else(|_| panic!("a default index"));
    let kept = "---\ntype: people\n---\n# Kofi Boateng 🌊\n";
    let merged = "---\ntype: people\n---\n# Kofi B\n";
    let note = "🌊 Met [[Kofi B]] and @KofiB.\n- [ ] call @KofiB\n";
    index.upsert("People/Kofi Boateng.md", kept);
    index.upsert("People/Kofi B.md", merged);
    index.upsert("Notes/Fair.md", note);
    let plan = index.merge_plan("Kofi Boateng", "@KofiB").unwrap_or(JsValue::NULL);
    let paths: Vec<String> = arr(&get(&plan, "paths")).iter().filter_map(JsValue::as_string).collect();
    assert_eq!(paths, ["People/Kofi Boateng.md", "Notes/Fair.md", "People/Kofi B.md"], "{}", json(&plan));
    assert_eq!(s(&get(&plan, "kept"), "name").as_deref(), Some("Kofi Boateng"));
    let edits = index
        .merge_edits("People/Kofi Boateng.md", "People/Kofi B.md", "Notes/Fair.md", note, merged)
        .unwrap_or(JsValue::NULL);
    let mut text = note.to_string();
    for edit in arr(&get(&edits, "edits")).iter().rev() {
        text = apply(&text, edit);
    }
    assert_eq!(text, "🌊 Met [[Kofi Boateng|Kofi B]] and @KofiB.\n- [ ] call @KofiBoateng\n");
    let err = index.merge_plan("Kofi B", "People/Kofi B.md").err().map(error_message).unwrap_or_default();
    assert_eq!(err, "KEEP and MERGED are the same person (People/Kofi B.md).");
}
