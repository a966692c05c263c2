//! The public map: reports in view, loaded by bounding box, coloured by status.

use crate::report::domain::ReportStatus;
use crate::ui::current_lang;
use crate::ui::texts::UiText;
use leptos::prelude::*;

#[component]
pub fn MapPage() -> impl IntoView {
    let lang = current_lang();
    view! {
        <section class="map-page">
            <h1>{t!(lang, UiText::MapTitle)}</h1>
            <div class="map-controls">
                <label><input type="radio" name="mapfilter" value="open" checked/> {t!(lang, UiText::MapOpen)}</label>
                <label><input type="radio" name="mapfilter" value=""/> {t!(lang, UiText::MapAll)}</label>
            </div>
            <div id="reportsmap" class="map large" data-map="reports"></div>
            <p class="legend" aria-label=t!(lang, UiText::MapLegend)>
                {ReportStatus::ALL.into_iter().map(|s| view! {
                    <span class="legend-item"><span class="dot" style=format!("background:{}", s.colour())></span>{s.label(lang)}</span>
                }).collect_view()}
            </p>
        </section>
    }
}
