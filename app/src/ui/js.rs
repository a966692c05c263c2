//! The bridge to `public/meldpunt.js` for the report form island: the location picker map,
//! photo downscaling, upload with progress, geolocation. Only called from event handlers and
//! effects, which run in the browser. (Read-only maps start by themselves from `data-map`.)

use wasm_bindgen::prelude::*;

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
}

/// Colours for maps coloured by category, in the order categories come up.
pub const CATEGORY_PALETTE: [&str; 12] = [
    "#1971c2", "#e67700", "#2b8a3e", "#c2255c", "#7048e8", "#0c8599", "#d9480f", "#5c940d",
    "#862e9c", "#495057", "#e8590c", "#364fc7",
];

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
    serde_json::json!({
        "statusColours": colours,
        "crewActions": crew_actions,
        "categoryPalette": CATEGORY_PALETTE,
    })
    .to_string()
}

/// Awaits a promise that resolves to a string.
pub async fn await_string(promise: js_sys::Promise) -> Result<String, String> {
    match wasm_bindgen_futures::JsFuture::from(promise).await {
        Ok(v) => v.as_string().ok_or_else(|| "not a string".to_owned()),
        Err(e) => Err(e.as_string().unwrap_or_else(|| "failed".to_owned())),
    }
}
