//! The citizen's report form, phone first: category, place, description, photos, contact.

use crate::error::AppError;
use crate::i18n::Lang;
use crate::report::api::{
    list_categories, list_questions, nearby_open_reports, nearest_address, search_address,
    AddressHit,
};
use crate::report::domain::{
    Category, Contact, ReportInput, ReportSummary, SubmitReceipt, MAX_DESCRIPTION_CHARS, MAX_PHOTOS,
};
use crate::report::questions::{AnswerInput, Asked};
use crate::report::texts::ReportText;
use crate::ui::questions::{answer_field, QuestionFields};
use crate::ui::texts::ScriptText;
use crate::ui::texts::UiText;
use crate::ui::{current_lang, js};
use leptos::prelude::*;
use serde::Deserialize;
use std::collections::BTreeMap;

/// Where the map starts before the citizen chooses a place: Sint-Truiden's market square.
const START: (f64, f64) = (50.8166, 5.1866);

#[derive(Debug, Clone, PartialEq, Deserialize)]
struct PhotoItem {
    id: String,
    url: String,
    width: u32,
    height: u32,
    /// Where the photo was taken, from its EXIF GPS (read on the device; never sent).
    #[serde(default)]
    lat: Option<f64>,
    #[serde(default)]
    lon: Option<f64>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
enum PreparedPhoto {
    Ok(PhotoItem),
    /// Refused on the device: `error` names the [`ErrorText`](crate::error::ErrorText) that says why.
    Failed {
        error: String,
        #[serde(default)]
        name: String,
    },
}

/// A photo refused when it was picked: shown on its own thumbnail with the reason, never sent.
#[derive(Debug, Clone)]
struct BadPhoto {
    id: usize,
    name: String,
    reason: String,
}

#[derive(Debug, Clone, Deserialize)]
struct UploadAnswer {
    status: u16,
    body: String,
    /// Not sent: kept in the outbox on the device, to be sent when there is a network.
    #[serde(default)]
    queued: bool,
}

/// Errors to show, each with the field it belongs to (`""` for the form as a whole).
type Errors = Vec<(String, String)>;

fn message_for(lang: Lang, e: &AppError) -> (String, String) {
    let field = match e.field() {
        Some("lat" | "lon") => "location".to_owned(),
        Some(f) => f.to_owned(),
        None => match e {
            AppError::UnsupportedMedia { .. } | AppError::TooLarge { .. } => "photo".to_owned(),
            _ => String::new(),
        },
    };
    // The server's explanation where it gives one; the form's own words for its fields. The
    // explanations come from the page (`js::error_text`): the island does not carry them all.
    let text = match (e.code(), field.as_str()) {
        (Some(key), _) => js::error_text(key.name()),
        (None, "category") => t!(lang, ReportText::ErrCategory).to_owned(),
        (None, "location") => t!(lang, ReportText::ErrLocation).to_owned(),
        (None, "description") => t!(lang, ReportText::ErrDescription).to_owned(),
        (None, "photo") => t!(lang, ReportText::ErrPhoto).to_owned(),
        (None, _) => js::error_text(e.explanation().name()),
    };
    (field, text)
}

/// Moves focus to the first field with an error (which scrolls it into view), once the errors
/// are on the page: the first control in the section of the first message.
/// The category tiles are one radio group: arrow keys, Home and End move the choice and the
/// focus, the way a group of radio buttons does.
fn category_key(codes: &[String], chosen: Option<&str>, key: &str) -> Option<usize> {
    let n = codes.len();
    if n == 0 {
        return None;
    }
    let current = chosen.and_then(|c| codes.iter().position(|x| x == c));
    match key {
        "ArrowRight" | "ArrowDown" => Some(current.map_or(0, |i| (i + 1) % n)),
        "ArrowLeft" | "ArrowUp" => Some(current.map_or(n - 1, |i| (i + n - 1) % n)),
        "Home" => Some(0),
        "End" => Some(n - 1),
        _ => None,
    }
}

fn focus_first_problem() {
    request_animation_frame(|| {
        use leptos::wasm_bindgen::JsCast;
        let target = document()
            .query_selector(".report-form .field-error")
            .ok()
            .flatten()
            .and_then(|e| e.closest("section, fieldset").ok().flatten())
            .and_then(|s| {
                s.query_selector(
                    "input:not([type=hidden]):not([disabled]), textarea, select, button",
                )
                .ok()
                .flatten()
            })
            .and_then(|e| e.dyn_into::<leptos::web_sys::HtmlElement>().ok());
        if let Some(target) = target {
            let _ = target.focus();
        }
    });
}

/// The report page: categories are loaded on the server and handed to the form island.
#[component]
pub fn ReportFormPage() -> impl IntoView {
    let categories = Resource::new(|| (), |_| list_categories());
    let questions = Resource::new(|| (), |_| list_questions());
    view! {
        // Reports saved on this device and not sent yet; filled in by public/meldpunt.js.
        <section id="outbox" class="outbox" hidden aria-live="polite"></section>
        <Suspense fallback=|| view! { <p class="muted">"…"</p> }>
            {move || categories.get().zip(questions.get()).map(|(cs, qs)| {
                let lang = current_lang();
                let qs = qs.unwrap_or_default();
                let asked: Vec<Asked> = qs
                    .iter()
                    .flat_map(|(category, list)| list.iter().map(move |q| Asked {
                        category: category.clone(),
                        code: q.code.clone(),
                        label: q.label(lang).to_owned(),
                        required: q.required,
                    }))
                    .collect();
                // The questions' fields are rendered here, on the server, and passed into the
                // island as its children: the browser bundle holds no code for them
                // (`meldpunt.js` shows the chosen category's).
                view! {
                    <ReportForm categories=cs.unwrap_or_default() questions=asked>
                        {qs.into_iter().map(|(category, questions)| view! {
                            <QuestionFields category questions lang hidden=Signal::stored(true)/>
                        }).collect_view()}
                    </ReportForm>
                }
            })}
        </Suspense>
        // Reports sent from this device (a year of them), under the form; filled in by
        // public/js/report.js.
        <section id="sent-here" class="sent-here" hidden></section>
    }
}

/// The interactive form (an island: the only part of the page that is hydrated).
#[island]
pub fn ReportForm(
    categories: Vec<Category>,
    questions: Vec<Asked>,
    children: Children,
) -> impl IntoView {
    let lang = current_lang();
    let category = RwSignal::new(None::<String>);
    let point = RwSignal::new(None::<(f64, f64)>);
    let address = RwSignal::new(String::new());
    let description = RwSignal::new(String::new());
    let photos = RwSignal::new(Vec::<PhotoItem>::new());
    let bad_photos = RwSignal::new(Vec::<BadPhoto>::new());
    // Where a picked photo was taken, offered as the report's location.
    let photo_place = RwSignal::new(None::<(f64, f64)>);
    let name = RwSignal::new(String::new());
    let email = RwSignal::new(String::new());
    let phone = RwSignal::new(String::new());
    let consent = RwSignal::new(false);
    let errors = RwSignal::new(Errors::new());
    let progress = RwSignal::new(None::<f64>);
    let receipt = RwSignal::new(None::<SubmitReceipt>);
    let queued = RwSignal::new(false);
    let locating = RwSignal::new(false);
    // One key per report, kept across retries, so a retry after a lost answer is not a second report.
    let idempotency_key = StoredValue::new(None::<String>);
    // Answers to the category questions as (field name, value) pairs, as the fields send them.
    let answers = RwSignal::new(Vec::<(String, String)>::new());
    let questions = StoredValue::new(questions);
    let asked_of = move |chosen: Option<String>| -> Vec<Asked> {
        questions.with_value(|qs| {
            qs.iter()
                .filter(|q| Some(&q.category) == chosen.as_ref())
                .cloned()
                .collect()
        })
    };
    let asked = move || asked_of(category.get_untracked());
    let codes: Vec<String> = categories.iter().map(|c| c.code.clone()).collect();
    let on_category_key = move |ev: leptos::ev::KeyboardEvent| {
        let chosen = category.get_untracked();
        let Some(next) = category_key(&codes, chosen.as_deref(), &ev.key()) else {
            return;
        };
        ev.prevent_default();
        let code = codes[next].clone();
        category.set(Some(code.clone()));
        errors.update(|es| es.retain(|(f, _)| f != "category"));
        request_animation_frame(move || {
            use leptos::wasm_bindgen::JsCast;
            let tile = document()
                .query_selector(&format!("button.category[data-code=\"{code}\"]"))
                .ok()
                .flatten()
                .and_then(|e| e.dyn_into::<leptos::web_sys::HtmlElement>().ok());
            if let Some(tile) = tile {
                let _ = tile.focus();
            }
        });
    };
    // A refusal of an answer names the question, in the page's language.
    let answer_error = move |code: &str| {
        asked().iter().find(|q| q.code == code).map(|q| {
            crate::i18n::fill(
                t!(lang, ReportText::ErrAnswer),
                &[("question", q.label.as_str())],
            )
        })
    };
    let on_answer = move |ev: leptos::ev::Event| {
        let input: leptos::web_sys::HtmlInputElement = event_target(&ev);
        let (name, value) = (input.name(), input.value());
        let checkbox = input.type_() == "checkbox";
        answers.update(|pairs| {
            pairs.retain(|(n, v)| n != &name || (checkbox && v != &value));
            if !checkbox || input.checked() {
                pairs.push((name.clone(), value));
            }
        });
        let code = name.rsplit('.').next().unwrap_or_default().to_owned();
        errors.update(|es| es.retain(|(f, _)| *f != code));
    };

    let error_for = move |field: &'static str| {
        move || {
            errors
                .with(|es| es.iter().find(|(f, _)| f == field).map(|(_, m)| m.clone()))
                .map(|m| {
                    view! { <p class="field-error" role="alert">{m}</p> }
                })
        }
    };

    Effect::new(move |_| {
        let on_move =
            wasm_bindgen::closure::Closure::<dyn FnMut(f64, f64)>::new(move |lat, lon| {
                // A pin moved by hand is no longer the address picked before.
                address.set(String::new());
                point.set(Some((lat, lon)));
                errors.update(|es| es.retain(|(f, _)| f != "location"));
            });
        js::picker_map("pickmap", START.0, START.1, &on_move);
        on_move.forget();
    });

    // A pin or a GPS fix is named after the nearest address of the register ("bij
    // Stationsstraat 12"); the server names the report the same way when it is stored.
    let near = RwSignal::new(None::<String>);
    Effect::new(move |_| {
        let wanted = point.get();
        near.set(None);
        let Some((lat, lon)) = wanted else { return };
        if !address.get_untracked().is_empty() {
            return;
        }
        leptos::task::spawn_local(async move {
            let found = nearest_address(lat, lon).await.ok().flatten();
            if point.get_untracked() == wanted {
                near.set(found.map(|hit| hit.label));
            }
        });
    });

    // Open reports of the same category near the chosen point: "already reported?".
    let nearby = RwSignal::new(Vec::<ReportSummary>::new());
    Effect::new(move |_| {
        let wanted = (category.get(), point.get());
        let (Some(c), Some((lat, lon))) = wanted.clone() else {
            nearby.set(Vec::new());
            return;
        };
        leptos::task::spawn_local(async move {
            let found = nearby_open_reports(c, lat, lon).await.unwrap_or_default();
            // A slow answer for an earlier choice must not overwrite the current one.
            if (category.get_untracked(), point.get_untracked()) == wanted {
                nearby.set(found);
            }
        });
    });

    let use_gps = move |_| {
        locating.set(true);
        leptos::task::spawn_local(async move {
            let answer = js::await_string(js::locate()).await;
            locating.set(false);
            match answer
                .ok()
                .and_then(|s| serde_json::from_str::<serde_json::Value>(&s).ok())
            {
                Some(v) => {
                    let (lat, lon) = (
                        v["lat"].as_f64().unwrap_or(START.0),
                        v["lon"].as_f64().unwrap_or(START.1),
                    );
                    address.set(String::new());
                    point.set(Some((lat, lon)));
                    js::move_pin(lat, lon);
                    errors.update(|es| es.retain(|(f, _)| f != "location"));
                }
                None => errors.update(|es| {
                    es.push((
                        "location".into(),
                        t!(lang, ReportText::FormGpsFailed).into(),
                    ))
                }),
            }
        });
    };

    let address_query = RwSignal::new(String::new());
    let address_hits = RwSignal::new(Vec::<AddressHit>::new());
    let on_address_input = move |ev| {
        let q = event_target_value(&ev);
        address_query.set(q.clone());
        if q.trim().chars().count() < 2 {
            address_hits.set(Vec::new());
            return;
        }
        leptos::task::spawn_local(async move {
            let hits = search_address(q.clone()).await.unwrap_or_default();
            if address_query.get_untracked() == q {
                address_hits.set(hits);
            }
        });
    };

    let on_photos = move |_| {
        leptos::task::spawn_local(async move {
            let Ok(json) = js::await_string(js::add_photos("photo-input")).await else {
                return;
            };
            let prepared: Vec<PreparedPhoto> = serde_json::from_str(&json).unwrap_or_default();
            errors.update(|es| es.retain(|(f, _)| f != "photo"));
            for p in prepared {
                match p {
                    PreparedPhoto::Ok(item) if photos.with(Vec::len) < MAX_PHOTOS => {
                        if let (Some(lat), Some(lon), None) =
                            (item.lat, item.lon, photo_place.get_untracked())
                        {
                            photo_place.set(Some((lat, lon)));
                        }
                        photos.update(|ps| ps.push(item))
                    }
                    PreparedPhoto::Ok(item) => {
                        js::remove_photo(&item.id);
                        errors.update(|es| {
                            es.push(("photo".into(), t!(lang, ReportText::ErrPhotoCount).into()))
                        });
                    }
                    PreparedPhoto::Failed { error, name } => {
                        let reason = Some(js::error_text(&error))
                            .filter(|t| !t.is_empty())
                            .unwrap_or_else(|| t!(lang, ReportText::ErrPhoto).to_owned());
                        bad_photos.update(|bs| {
                            let id = bs.last().map_or(0, |b| b.id + 1);
                            bs.push(BadPhoto { id, name, reason });
                        });
                    }
                }
            }
        });
    };

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if progress.get_untracked().is_some() {
            return;
        }
        let mut found = Errors::new();
        if category.get_untracked().is_none() {
            found.push(("category".into(), t!(lang, ReportText::ErrCategory).into()));
        }
        let chosen = category.get_untracked().unwrap_or_default();
        let mut given = BTreeMap::new();
        for q in asked() {
            let field = answer_field(&chosen, &q.code);
            let values: Vec<String> = answers.with_untracked(|pairs| {
                pairs
                    .iter()
                    .filter(|(n, v)| *n == field && !v.trim().is_empty())
                    .map(|(_, v)| v.clone())
                    .collect()
            });
            if values.is_empty() && q.required {
                found.push((q.code.clone(), answer_error(&q.code).unwrap_or_default()));
            } else if !values.is_empty() {
                given.insert(q.code.clone(), AnswerInput::Many(values));
            }
        }
        if point.get_untracked().is_none() {
            found.push(("location".into(), t!(lang, ReportText::ErrLocation).into()));
        }
        let d = description.get_untracked();
        if d.trim().is_empty() || d.chars().count() > MAX_DESCRIPTION_CHARS {
            found.push((
                "description".into(),
                t!(lang, ReportText::ErrDescription).into(),
            ));
        }
        let contact = Contact {
            name: Some(name.get_untracked()),
            email: Some(email.get_untracked()),
            phone: Some(phone.get_untracked()),
            consent: consent.get_untracked(),
        };
        if let Err(e) = contact.clone().parse() {
            found.push(message_for(lang, &e));
        }
        if !found.is_empty() {
            errors.set(found);
            focus_first_problem();
            return;
        }
        errors.set(Errors::new());
        let (lat, lon) = point.get_untracked().unwrap_or(START);
        let input = ReportInput {
            category: category.get_untracked().unwrap_or_default(),
            lat,
            lon,
            description: d,
            address: Some(address.get_untracked()).filter(|a| !a.trim().is_empty()),
            contact: Some(contact),
            answers: given,
        };
        let Ok(json) = serde_json::to_string(&input) else {
            return;
        };
        let key = idempotency_key.get_value().unwrap_or_else(js::new_key);
        idempotency_key.set_value(Some(key.clone()));
        progress.set(Some(0.0));
        leptos::task::spawn_local(async move {
            let on_progress =
                wasm_bindgen::closure::Closure::<dyn FnMut(f64)>::new(move |p: f64| {
                    progress.set(Some(p))
                });
            let answer = js::await_string(js::submit_report(&json, &key, &on_progress)).await;
            drop(on_progress);
            progress.set(None);
            let answer = match answer
                .ok()
                .and_then(|a| serde_json::from_str::<UploadAnswer>(&a).ok())
            {
                Some(a) => a,
                None => {
                    errors.set(vec![(
                        String::new(),
                        t!(lang, ReportText::ErrNetwork).into(),
                    )]);
                    return;
                }
            };
            if answer.queued {
                queued.set(true);
                photos.set(Vec::new());
                idempotency_key.set_value(None);
                window().scroll_to_with_x_and_y(0.0, 0.0);
            } else if answer.status == 201 || answer.status == 200 {
                match serde_json::from_str::<SubmitReceipt>(&answer.body) {
                    Ok(r) => {
                        receipt.set(Some(r));
                        idempotency_key.set_value(None);
                        window().scroll_to_with_x_and_y(0.0, 0.0);
                    }
                    Err(_) => {
                        errors.set(vec![(String::new(), t!(lang, UiText::ErrGeneric).into())])
                    }
                }
            } else {
                let e =
                    serde_json::from_str::<AppError>(&answer.body).unwrap_or(AppError::Internal {
                        message: answer.body,
                    });
                if !matches!(e, AppError::Conflict { .. }) {
                    // The server refused this content: the next attempt is a different request.
                    idempotency_key.set_value(None);
                }
                let (field, text) = message_for(lang, &e);
                let text = answer_error(&field).unwrap_or(text);
                errors.set(vec![(field, text)]);
                focus_first_problem();
            }
        });
    };

    let photo_button_class = move || {
        if photos.with(Vec::len) >= MAX_PHOTOS {
            "button secondary hidden"
        } else {
            "button secondary"
        }
    };

    view! {
        // Hidden, not removed, once sent: the form holds the questions' fields, which the
        // server rendered into the island once.
        <form class="report-form" on:submit=on_submit novalidate hidden=move || receipt.with(Option::is_some) || queued.get()>
            <h1>{t!(lang, UiText::FormTitle)}</h1>
            <section aria-labelledby="step-category">
                <h2 id="step-category">{t!(lang, ReportText::FormStepCategory)}</h2>
                    <div class="category-grid" role="radiogroup" aria-labelledby="step-category" on:keydown=on_category_key>
                        {categories.iter().enumerate().map(|(i, c)| {
                            let code = c.code.clone();
                            let code1 = c.code.clone();
                            let code2 = c.code.clone();
                            view! {
                                <button type="button" class="category" role="radio" data-code=c.code.clone()
                                    aria-checked=move || (category.get().as_deref() == Some(code.as_str())).to_string()
                                    // One tab stop for the group: the chosen tile, or the first.
                                    tabindex=move || {
                                        let chosen = category.get();
                                        let stop = chosen.as_deref() == Some(code1.as_str()) || (chosen.is_none() && i == 0);
                                        if stop { "0" } else { "-1" }
                                    }
                                    on:click=move |_| {
                                        category.set(Some(code2.clone()));
                                        errors.update(|es| es.retain(|(f, _)| f != "category"));
                                    }>
                                    <span class="icon" aria-hidden="true">{c.icon.clone()}</span>
                                    <span>{c.name(lang).to_owned()}</span>
                                </button>
                            }
                        }).collect_view()}
                    </div>
                {error_for("category")}
                <div class="category-questions" on:change=on_answer on:input=on_answer>
                    {children()}
                    {move || {
                        let codes: Vec<String> = asked_of(category.get())
                            .into_iter()
                            .map(|q| q.code)
                            .collect();
                        errors.with(|es| es.iter().filter(|(f, _)| codes.contains(f)).map(|(_, m)| {
                            view! { <p class="field-error" role="alert">{m.clone()}</p> }
                        }).collect_view())
                    }}
                </div>
            </section>

            <section aria-labelledby="step-location">
                <h2 id="step-location">{t!(lang, ReportText::FormStepLocation)}</h2>
                <button type="button" class="secondary" on:click=use_gps disabled=move || locating.get()>
                    "📍 " {t!(lang, ReportText::FormGps)}
                </button>
                <label class="field">
                    <span>{t!(lang, ReportText::FormAddress)}</span>
                    <input type="search" id="address-search" autocomplete="street-address"
                        placeholder=t!(lang, ReportText::FormAddressPlaceholder)
                        prop:value=move || address_query.get()
                        on:input=on_address_input/>
                </label>
                    <ul class="suggestions">
                        {move || address_hits.get().into_iter().map(|hit| {
                            let label = hit.label.clone();
                            view! {
                                <li><button type="button" on:click=move |_| {
                                    point.set(Some((hit.lat, hit.lon)));
                                    address.set(label.clone());
                                    address_query.set(String::new());
                                    address_hits.set(Vec::new());
                                    js::move_pin(hit.lat, hit.lon);
                                    errors.update(|es| es.retain(|(f, _)| f != "location"));
                                }>{hit.label.clone()}</button></li>
                            }
                        }).collect_view()}
                    </ul>
                <div id="pickmap" class="map pick" role="application" aria-label=t!(lang, ReportText::FormMapHint)></div>
                <p class="muted">{t!(lang, ReportText::FormMapHint)}</p>
                <p class="location-set" data-testid="location">
                    {move || point.get().map(|(lat, lon)| {
                        let a = address.get();
                        let named = if !a.is_empty() {
                            a
                        } else if let Some(n) = near.get() {
                            crate::i18n::fill(t!(lang, ReportText::NearAddress), &[("address", &n)])
                        } else {
                            format!("({lat:.5}, {lon:.5})")
                        };
                        format!("✓ {} {}", t!(lang, ReportText::FormLocationSet), named)
                    })}
                </p>
                {error_for("location")}
                    {move || {
                        let list = nearby.get();
                        (!list.is_empty()).then(|| view! {
                            <aside class="nearby" aria-live="polite">
                                <h3>{t!(lang, ReportText::FormNearbyTitle)}</h3>
                                <p>{t!(lang, ReportText::FormNearbyText)}</p>
                                <ul>
                                    {list.into_iter().map(|r| view! {
                                        <li>
                                            <a href=format!("/r/{}#follow", r.reference)>{r.reference.clone()}</a>
                                            " · " {format!("{:.0} m", r.distance_m.unwrap_or_default())}
                                            " · " {r.description.chars().take(80).collect::<String>()}
                                        </li>
                                    }).collect_view()}
                                </ul>
                            </aside>
                        })
                    }}
            </section>

            <section aria-labelledby="step-describe">
                <h2 id="step-describe">{t!(lang, ReportText::FormStepDescribe)}</h2>
                <label class="field">
                    <span>{t!(lang, ReportText::FormDescription)}</span>
                    <textarea id="description" rows="4" maxlength=MAX_DESCRIPTION_CHARS
                        placeholder=t!(lang, ReportText::FormDescriptionPlaceholder)
                        prop:value=move || description.get()
                        on:input=move |ev| {
                            description.set(event_target_value(&ev));
                            errors.update(|es| es.retain(|(f, _)| f != "description"));
                        }></textarea>
                </label>
                {error_for("description")}
            </section>

            <section aria-labelledby="step-photos">
                <h2 id="step-photos">{t!(lang, ReportText::FormStepPhotos)}</h2>
                <ul class="photos">
                    {move || photos.get().into_iter().map(|p| {
                        let id = p.id.clone();
                        view! {
                            <li>
                                <img src=p.url.clone() alt="" width=p.width.min(120) height=(u64::from(p.height) * u64::from(p.width.min(120)) / u64::from(p.width.max(1))).to_string()/>
                                <button type="button" class="link" on:click=move |_| {
                                    js::remove_photo(&id);
                                    let id = id.clone();
                                    photos.update(|ps| ps.retain(|q| q.id != id));
                                }>{t!(lang, ReportText::FormPhotosRemove)}</button>
                            </li>
                        }
                    }).collect_view()}
                    {move || bad_photos.get().into_iter().map(|b| view! {
                        <li class="bad-photo" data-bad-photo>
                            <span class="bad-photo-mark" aria-hidden="true">"⚠"</span>
                            <span><strong>{b.name}</strong>{lang.colon()}{b.reason}</span>
                            <button type="button" class="link" on:click=move |_| {
                                bad_photos.update(|bs| bs.retain(|x| x.id != b.id));
                            }>{t!(lang, ReportText::FormPhotosRemove)}</button>
                        </li>
                    }).collect_view()}
                </ul>
                {move || photo_place.get().map(|(lat, lon)| if point.get() == Some((lat, lon)) {
                    view! { <p class="photo-place" role="status">"✓ " {t!(lang, ReportText::FormPhotoPlaceUsed)}</p> }.into_any()
                } else {
                    view! {
                        <p class="photo-place">
                            <button type="button" class="secondary" on:click=move |_| {
                                address.set(String::new());
                                point.set(Some((lat, lon)));
                                js::move_pin(lat, lon);
                                errors.update(|es| es.retain(|(f, _)| f != "location"));
                            }>"📍 " {t!(lang, ReportText::FormUsePhotoPlace)}</button>
                        </p>
                    }.into_any()
                })}
                <label class=photo_button_class>
                    "📷 " {t!(lang, ReportText::FormPhotosAdd)}
                    <input type="file" id="photo-input" accept="image/*" multiple class="visually-hidden" on:change=on_photos/>
                </label>
                {error_for("photo")}
            </section>

            <section aria-labelledby="step-contact">
                <h2 id="step-contact">{t!(lang, ReportText::FormStepContact)}</h2>
                <p class="privacy">"🔒 " {t!(lang, ReportText::FormContactPrivacy)}</p>
                <label class="field"><span>{t!(lang, ReportText::FormContactName)}</span>
                    <input type="text" autocomplete="name" maxlength="120" prop:value=move || name.get() on:input=move |ev| name.set(event_target_value(&ev))/></label>
                <label class="field"><span>{t!(lang, ReportText::FormContactEmail)}</span>
                    <input type="email" autocomplete="email" maxlength="254" prop:value=move || email.get() on:input=move |ev| {
                        email.set(event_target_value(&ev));
                        errors.update(|es| es.retain(|(f, _)| f != "contact.email"));
                    }/></label>
                {error_for("contact.email")}
                <label class="field"><span>{t!(lang, ReportText::FormContactPhone)}</span>
                    <input type="tel" autocomplete="tel" maxlength="32" prop:value=move || phone.get() on:input=move |ev| {
                        phone.set(event_target_value(&ev));
                        errors.update(|es| es.retain(|(f, _)| f != "contact.phone"));
                    }/></label>
                {error_for("contact.phone")}
                <label class="check"><input type="checkbox" prop:checked=move || consent.get() on:change=move |ev| consent.set(event_target_checked(&ev))/>
                    <span>{t!(lang, ReportText::FormContactConsent)}</span></label>
            </section>

            // Next to the button: what still needs doing (each also at its field).
            {move || {
                let listed: Vec<String> = errors.with(|es| {
                    es.iter().filter(|(f, _)| !f.is_empty()).map(|(_, m)| m.clone()).collect()
                });
                (!listed.is_empty()).then(|| view! {
                    <div class="error-summary" role="alert" data-error-summary>
                        <p><strong>{t!(lang, ReportText::ErrSummary)}</strong></p>
                        <ul>{listed.into_iter().map(|m| view! { <li>{m}</li> }).collect_view()}</ul>
                    </div>
                })
            }}
            {error_for("")}
            <Show when=move || progress.get().is_some()>
                <div class="progress">
                    <progress max="100" value=move || progress.get().unwrap_or_default().to_string()></progress>
                    <span>{t!(lang, ReportText::FormSending)} {move || format!(" {:.0} %", progress.get().unwrap_or_default())}</span>
                </div>
            </Show>
            <button type="submit" class="primary" disabled=move || progress.get().is_some()>{t!(lang, ReportText::FormSubmit)}</button>
        </form>
            {move || queued.get().then(|| view! {
                <section class="receipt queued" aria-live="polite" data-testid="queued">
                    <h1>"📱 " {t!(lang, ScriptText::OutboxTitle)}</h1>
                    <p>{t!(lang, ScriptText::OutboxSaved)}</p>
                    <a class="button secondary" href="/" rel="external">{t!(lang, ReportText::DoneAnother)}</a>
                </section>
            })}
            {move || receipt.get().map(|r| view! {
                <section class="receipt" aria-live="polite">
                    <h1>{t!(lang, ReportText::DoneTitle)}</h1>
                    <p>{t!(lang, ReportText::DoneRef)} ": " <strong data-testid="reference">{r.reference.clone()}</strong></p>
                    <p>{t!(lang, ReportText::DoneTrack)}</p>
                    <p class="tracking-link"><a href=r.tracking_url.clone()>{r.tracking_url.clone()}</a></p>
                    <a class="button primary" href=r.tracking_url.clone()>{t!(lang, ReportText::DoneOpen)}</a>
                    <a class="button secondary" href="/" rel="external">{t!(lang, ReportText::DoneAnother)}</a>
                </section>
            })}
    }
}

#[cfg(test)]
mod tests {
    use super::category_key;

    #[test]
    fn arrow_keys_move_through_the_category_tiles_and_wrap() {
        let codes: Vec<String> = ["a", "b", "c"].map(String::from).to_vec();
        assert_eq!(category_key(&codes, None, "ArrowRight"), Some(0));
        assert_eq!(category_key(&codes, None, "ArrowLeft"), Some(2));
        assert_eq!(category_key(&codes, Some("a"), "ArrowDown"), Some(1));
        assert_eq!(category_key(&codes, Some("c"), "ArrowRight"), Some(0));
        assert_eq!(category_key(&codes, Some("a"), "ArrowUp"), Some(2));
        assert_eq!(category_key(&codes, Some("b"), "Home"), Some(0));
        assert_eq!(category_key(&codes, Some("b"), "End"), Some(2));
        assert_eq!(category_key(&codes, Some("b"), "Tab"), None);
        assert_eq!(category_key(&[], None, "ArrowRight"), None);
    }
}
