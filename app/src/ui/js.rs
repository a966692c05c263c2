//! The bridge to `public/meldpunt.js` for the report form island: the location picker map,
//! photo downscaling, upload with progress, geolocation. Only called from event handlers and
//! effects, which run in the browser. (Read-only maps start by themselves from `data-map`.)

use wasm_bindgen::prelude::*;

use crate::error::ErrorText;
use crate::i18n::Lang;
use crate::ui::texts::ScriptText;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = meldpunt, js_name = pickerMap)]
    pub fn picker_map(element_id: &str, lat: f64, lon: f64, on_move: &Closure<dyn FnMut(f64, f64)>);
    #[wasm_bindgen(js_namespace = meldpunt, js_name = movePin)]
    pub fn move_pin(lat: f64, lon: f64);
    /// Resolves to `{"lat":..,"lon":..}` or rejects.
    #[wasm_bindgen(js_namespace = meldpunt)]
    pub fn locate() -> js_sys::Promise;
    /// Downscales the files chosen in an `<input type=file>`; resolves to a JSON array of
    /// `{"id","url","width","height"}` or `{"error"}`.
    #[wasm_bindgen(js_namespace = meldpunt, js_name = addPhotos)]
    pub fn add_photos(input_id: &str) -> js_sys::Promise;
    #[wasm_bindgen(js_namespace = meldpunt, js_name = removePhoto)]
    pub fn remove_photo(id: &str);
    /// Posts the report with its photos; resolves to `{"status":..,"body":..}` (any HTTP status),
    /// rejects only when the network failed.
    #[wasm_bindgen(js_namespace = meldpunt, js_name = submitReport)]
    pub fn submit_report(
        report_json: &str,
        idempotency_key: &str,
        on_progress: &Closure<dyn FnMut(f64)>,
    ) -> js_sys::Promise;
    #[wasm_bindgen(js_namespace = meldpunt, js_name = newKey)]
    pub fn new_key() -> String;
    /// The explanation of the [`ErrorText`] named `name` in the page's language, from the texts
    /// rendered into the page ([`texts`]), so that the island does not carry the whole error
    /// catalogue; empty when the page has none by that name.
    #[wasm_bindgen(js_namespace = meldpunt, js_name = errorText)]
    pub fn error_text(name: &str) -> String;
}

/// Colours for maps coloured by category, in the order categories come up.
pub const CATEGORY_PALETTE: [&str; 12] = [
    "#1971c2", "#e67700", "#2b8a3e", "#c2255c", "#7048e8", "#0c8599", "#d9480f", "#5c940d",
    "#862e9c", "#495057", "#e8590c", "#364fc7",
];

/// The hand-written scripts every page loads, in this order: `outbox.js` (the offline queues,
/// shared with the service worker), `js/base.js` (the namespace the other parts add to), the
/// parts by concern, and `meldpunt.js`, which starts them. Each is referenced with
/// `?v=<version>`, and the service worker precaches this list (`server/src/offline.rs`).
pub const SCRIPTS: [&str; 10] = [
    "/outbox.js",
    "/js/base.js",
    "/js/maps.js",
    "/js/report.js",
    "/js/intake.js",
    "/js/crew.js",
    "/js/complaint.js",
    "/js/contact.js",
    "/js/forms.js",
    "/meldpunt.js",
];

/// The parts of [`SCRIPTS`] only staff use (the agent's intake and contact screens, the crews'
/// tablets): a page loads them only for a request with a session, so a citizen's phone does not
/// download them (the service worker still precaches them for a crew going offline).
pub const STAFF_SCRIPTS: [&str; 3] = ["/js/intake.js", "/js/crew.js", "/js/contact.js"];

/// The scripts a page loads, in [`SCRIPTS`]' order.
pub fn page_scripts(staff: bool) -> Vec<&'static str> {
    SCRIPTS
        .into_iter()
        .filter(|s| staff || !STAFF_SCRIPTS.contains(s))
        .collect()
}

/// Facts `public/meldpunt.js` needs, from their one definition here rather than retyped in
/// JavaScript: status colours, the category palette, and the action each choice of the crew's status form means.
/// Rendered into every page as `<script id="meldpunt-facts" type="application/json">`; made
/// once, as nothing in it changes while the program runs.
pub fn facts() -> &'static str {
    static FACTS: std::sync::LazyLock<String> = std::sync::LazyLock::new(make_facts);
    &FACTS
}

fn make_facts() -> String {
    use crate::office::domain::{TriageAction, CREW_CHOICES};
    use crate::report::domain::ReportStatus;
    let colours: serde_json::Map<String, serde_json::Value> = ReportStatus::ALL
        .iter()
        .map(|s| (s.as_str().to_owned(), s.colour().into()))
        .collect();
    let crew_actions: serde_json::Map<String, serde_json::Value> = CREW_CHOICES
        .iter()
        .filter_map(|c| {
            let action = TriageAction::from_crew_choice(c, None).ok()?;
            Some(((*c).to_owned(), action.tag().into()))
        })
        .collect();
    // The explanation of an error answer without a code, by its status (the first kind of a
    // status wins: 409 is a conflict, a taken slot says so by its code).
    let mut error_kinds = serde_json::Map::new();
    for e in crate::error::AppError::each_kind() {
        error_kinds
            .entry(e.status().to_string())
            .or_insert_with(|| e.explanation().name().into());
    }
    serde_json::json!({
        "errorKinds": error_kinds,
        "statusColours": colours,
        "crewActions": crew_actions,
        "categoryPalette": CATEGORY_PALETTE,
    })
    .to_string()
}

/// The texts of the browser scripts in `lang`, as a JSON object from [`ScriptText`] names to
/// texts, and the explanations of errors as `Error.Name` ([`ErrorText`], for `M.explain`);
/// rendered into every page as `<script id="meldpunt-texts" type="application/json">` and read
/// there by `T("Name")`.
pub fn texts(lang: Lang) -> String {
    let map: serde_json::Map<String, serde_json::Value> = ScriptText::ALL
        .iter()
        .map(|t| (t.name().to_owned(), t.text(lang).into()))
        .chain(
            ErrorText::ALL
                .iter()
                .map(|t| (format!("Error.{}", t.name()), t.text(lang).into())),
        )
        .collect();
    serde_json::Value::Object(map).to_string()
}

/// Awaits a promise that resolves to a string.
pub async fn await_string(promise: js_sys::Promise) -> Result<String, String> {
    match wasm_bindgen_futures::JsFuture::from(promise).await {
        Ok(v) => v.as_string().ok_or_else(|| "not a string".to_owned()),
        Err(e) => Err(e.as_string().unwrap_or_else(|| "failed".to_owned())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_text_the_scripts_use_exists() {
        let texts: serde_json::Value = serde_json::from_str(&texts(Lang::Fr)).unwrap();
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../public");
        let mut used = 0;
        for file in SCRIPTS {
            let text = std::fs::read_to_string(format!("{dir}{file}")).unwrap();
            for piece in text.split("T(\"").skip(1) {
                let key = piece.split('"').next().unwrap_or_default();
                assert!(texts.get(key).is_some(), "{file} uses unknown text {key}");
                used += 1;
            }
        }
        assert!(used > 10, "the scripts use their texts through T(\"...\")");
    }

    #[test]
    fn citizens_pages_load_no_staff_script_and_use_staff_parts_only_when_present() {
        let public = page_scripts(false);
        assert_eq!(public.len() + STAFF_SCRIPTS.len(), SCRIPTS.len());
        assert_eq!(page_scripts(true), SCRIPTS.to_vec());
        assert_eq!(
            public.last(),
            Some(&"/meldpunt.js"),
            "the starter comes last"
        );
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../public");
        let read = |file: &str| std::fs::read_to_string(format!("{dir}{file}")).unwrap();
        // What the staff parts add to the namespace (`M.name = ...`) ...
        let mut names = Vec::new();
        for file in STAFF_SCRIPTS {
            assert!(SCRIPTS.contains(&file));
            for line in read(file).lines() {
                if let Some((name, _)) = line
                    .trim()
                    .strip_prefix("M.")
                    .and_then(|r| r.split_once(" = "))
                {
                    names.push(name.to_owned());
                }
            }
        }
        assert!(names.contains(&"startCrew".to_owned()), "{names:?}");
        // ... the other scripts use only after checking it is there.
        for file in public {
            for line in read(file).lines() {
                for name in &names {
                    let used = format!("M.{name}");
                    let at = line.find(&used).filter(|&i| {
                        !line[i + used.len()..]
                            .starts_with(|c: char| c.is_alphanumeric() || c == '_')
                    });
                    if at.is_some() {
                        assert!(
                            line.contains(&format!("if ({used})")),
                            "{file} uses {used} without checking it was loaded: {line}"
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn every_script_in_public_is_loaded_and_type_checked() {
        let public = std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../public"));
        let mut found = Vec::new();
        for dir in ["", "js/"] {
            for entry in std::fs::read_dir(public.join(dir)).unwrap().flatten() {
                let name = entry.file_name().to_string_lossy().into_owned();
                if name.ends_with(".js") && name != "sw.js" {
                    found.push(format!("/{dir}{name}"));
                }
            }
        }
        found.sort();
        let mut listed = SCRIPTS.map(str::to_owned).to_vec();
        listed.sort();
        assert_eq!(found, listed, "public/ scripts and SCRIPTS differ");
        let tsconfig = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../tests/js/tsconfig.json"
        ))
        .unwrap();
        for script in SCRIPTS {
            assert!(
                tsconfig.contains(&format!("../../public{script}\"")),
                "tests/js/tsconfig.json does not check {script}"
            );
        }
    }
}
