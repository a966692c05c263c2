//! The public map: reports in view, loaded by bounding box, coloured by status.

use crate::report::domain::ReportStatus;
use crate::ui::current_lang;
use leptos::prelude::*;

#[component]
pub fn MapPage() -> impl IntoView {
    let lang = current_lang();
    view! {
        <section class="map-page">
            <h1>{lang.t("map.title")}</h1>
            <div class="map-controls">
                <label><input type="radio" name="mapfilter" value="open" checked/> {lang.t("map.open")}</label>
                <label><input type="radio" name="mapfilter" value=""/> {lang.t("map.all")}</label>
            </div>
            <div id="reportsmap" class="map large" data-map="reports"></div>
            <p class="legend" aria-label=lang.t("map.legend")>
                {ReportStatus::ALL.into_iter().map(|s| view! {
                    <span class="legend-item"><span class="dot" style=format!("background:{}", s.colour())></span>{s.label(lang)}</span>
                }).collect_view()}
            </p>
        </section>
    }
}
