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

/// Awaits a promise that resolves to a string.
pub async fn await_string(promise: js_sys::Promise) -> Result<String, String> {
    match wasm_bindgen_futures::JsFuture::from(promise).await {
        Ok(v) => v.as_string().ok_or_else(|| "not a string".to_owned()),
        Err(e) => Err(e.as_string().unwrap_or_else(|| "failed".to_owned())),
    }
}
