//! The public map: the reports in view, clustered by the server for the window and zoom (the
//! planners' index), filtered by open/all and category, with a search to go to an address.

use crate::report::api::list_categories;
use crate::report::domain::ReportStatus;
use crate::ui::current_lang;
use crate::ui::texts::UiText;
use leptos::prelude::*;

#[component]
pub fn MapPage() -> impl IntoView {
    let lang = current_lang();
    let categories = Resource::new(|| (), |_| list_categories());
    view! {
        <section class="map-page">
            <h1>{t!(lang, UiText::MapTitle)}</h1>
            <form class="map-controls" data-map-filter role="search" aria-label=t!(lang, UiText::MapTitle)>
                <fieldset class="map-which">
                    <legend class="visually-hidden">{t!(lang, UiText::MapWhich)}</legend>
                    <label><input type="radio" name="status" value="open" checked/> {t!(lang, UiText::MapOpen)}</label>
                    <label><input type="radio" name="status" value="all"/> {t!(lang, UiText::MapAll)}</label>
                </fieldset>
                <label class="map-category">{t!(lang, UiText::MapCategory)}
                    <select name="category">
                        <option value="">{t!(lang, UiText::MapAllCategories)}</option>
                        <Suspense fallback=|| ()>
                            {move || categories.get().and_then(Result::ok).map(|list| {
                                list.into_iter().map(|c| view! {
                                    <option value=c.code.clone()>{c.name(lang).to_owned()}</option>
                                }).collect_view()
                            })}
                        </Suspense>
                    </select>
                </label>
                <div class="map-address">
                    <label for="map-address">{t!(lang, UiText::MapFindAddress)}</label>
                    <input id="map-address" type="search" autocomplete="off" data-map-address
                        placeholder=t!(lang, UiText::MapFindAddressHint)/>
                    <ul id="map-address-list" class="suggestions"></ul>
                </div>
            </form>
            <div id="reportsmap" class="map large" data-map="reports"></div>
            <p class="legend" aria-label=t!(lang, UiText::MapLegend)>
                {ReportStatus::ALL.into_iter().map(|s| view! {
                    <span class="legend-item" data-status=s.as_str()><span class="dot" style=format!("background:{}", s.colour())></span>{s.label(lang)}</span>
                }).collect_view()}
            </p>
        </section>
    }
}
