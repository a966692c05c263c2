//! Planner rules: who sees what (own departments unless the role reads all), keeping the
//! index in step with the database, and turning the index's figures into named statistics.

use super::domain::{
    ClusterAnswer, DepartmentLoad, DistrictFigures, FeedbackCount, FeedbackFigures, Hotspot, Pace,
    PlannerFilter, Statistics,
};
use super::figures::PublicFigures;
use super::index::{quantile, RawStats};
use super::texts::PlannerText;
use crate::context::Ctx;
use crate::error::{AppError, ErrorText};
use crate::i18n::Lang;
use crate::port::StatusFilter;
use crate::report::domain::ReportStatus;
use crate::staff::{Action, StaffUser};
use crate::ui::charts::Count;
use chrono::{DateTime, Datelike, Duration, Utc};

/// A change is stamped before it commits: stamps younger than this are not trusted to be
/// complete and are read again at the next sync.
const SETTLE_SECONDS: i64 = 5;
const SYNC_PAGE: u32 = 20_000;

/// With a store that hears of changes, how long the index is taken as up to date while
/// nothing was heard: a listener that lost its connection without noticing delays changes by
/// this much at most.
const TRUST_SECONDS: i64 = 2;

/// Nothing changed since the last sync, as far as the store heard, and that sync is recent.
fn heard_nothing_new(ctx: &Ctx, heard: Option<u64>) -> bool {
    let recent =
        ctx.planner.synced_at.lock().is_ok_and(|at| {
            at.is_some_and(|at| Utc::now() - at < Duration::seconds(TRUST_SECONDS))
        });
    heard.is_some() && recent && ctx.planner.heard.lock().is_ok_and(|h| *h == heard)
}

/// Brings the index up to date with the database: everything at first, then what changed
/// after the settled mark. A store that hears of changes is asked only after it heard one
/// (or every few seconds all the same).
pub async fn sync_index(ctx: &Ctx) -> Result<(), AppError> {
    if heard_nothing_new(ctx, ctx.store.report_changes()) {
        return Ok(());
    }
    let _one_at_a_time = ctx.planner.syncing.lock().await;
    // Read before the database is asked: a change committed later makes it grow later.
    let heard = ctx.store.report_changes();
    if heard_nothing_new(ctx, heard) {
        // The sync this one waited for found everything.
        return Ok(());
    }
    let since = *ctx
        .planner
        .synced_to
        .lock()
        .map_err(|_| AppError::internal("planner index lock"))?;
    let started = Utc::now();
    let settled = started - Duration::seconds(SETTLE_SECONDS);
    let mut newest = since;
    // Pages in id order; the next one is read while this one goes into the index, so the
    // database and the index work at the same time (at a million reports, the cold start).
    let page = |after: i64| {
        let store = ctx.store.clone();
        tokio::spawn(async move { store.planner_rows(since, after, SYNC_PAGE).await })
    };
    let mut next = Some(page(0));
    while let Some(pending) = next.take() {
        let rows = pending.await.map_err(AppError::internal)??;
        let Some(last) = rows.last() else { break };
        if rows.len() == SYNC_PAGE as usize {
            next = Some(page(last.id));
        }
        for r in &rows {
            // Only settled stamps move the mark (and a stamp from the future, a wrong clock,
            // must not hide later changes).
            let stamp = r.updated_at.min(settled);
            newest = Some(newest.map_or(stamp, |n| n.max(stamp)));
        }
        match since {
            None => ctx.planner.load(&rows),
            Some(_) => ctx.planner.apply(&rows),
        }
    }
    if since.is_none() {
        ctx.planner.rebucket();
    }
    let mut synced = ctx
        .planner
        .synced_to
        .lock()
        .map_err(|_| AppError::internal("planner index lock"))?;
    if newest > *synced {
        *synced = newest;
    } else if synced.is_none() {
        // Synced, with nothing in it yet: any time before every report will do, and one
        // every database can store (PostgreSQL's timestamps start in 4713 BC).
        *synced = Some(DateTime::<Utc>::UNIX_EPOCH);
    }
    drop(synced);
    if let Ok(mut at) = ctx.planner.synced_at.lock() {
        *at = Some(started);
    }
    if let Ok(mut h) = ctx.planner.heard.lock() {
        *h = heard;
    }
    Ok(())
}

/// Narrows the filter to the departments the user may read; `None` when that leaves nothing.
fn visible(user: &StaffUser, mut filter: PlannerFilter) -> Result<Option<PlannerFilter>, AppError> {
    user.require(Action::Plan)?;
    user.require(Action::Read)?;
    if let Some(own) = user.readable_departments() {
        filter.department = if filter.department.is_empty() {
            own.to_vec()
        } else {
            filter
                .department
                .into_iter()
                .filter(|d| own.contains(d))
                .collect()
        };
        if filter.department.is_empty() {
            return Ok(None);
        }
    }
    Ok(Some(filter))
}

/// A map window `[west, south, east, north]` in degrees and a zoom level, or why not.
fn check_window(window: [f64; 4], zoom: u32) -> Result<(), AppError> {
    let [w, s, e, n] = window;
    if !(w.is_finite() && s.is_finite() && e.is_finite() && n.is_finite())
        || w >= e
        || s >= n
        || !(-180.0..=180.0).contains(&w)
        || !(-180.0..=180.0).contains(&e)
        || !(-90.0..=90.0).contains(&s)
        || !(-90.0..=90.0).contains(&n)
    {
        return Err(
            AppError::validation("bbox", "bbox is west,south,east,north in degrees")
                .explained(ErrorText::MapAreaInvalid),
        );
    }
    if zoom > 22 {
        return Err(
            AppError::validation("zoom", "zoom is 0 to 22").explained(ErrorText::MapAreaInvalid)
        );
    }
    Ok(())
}

/// The reports of a map window, clustered for `zoom`.
pub async fn clusters(
    ctx: &Ctx,
    user: &StaffUser,
    window: [f64; 4],
    zoom: u32,
    filter: PlannerFilter,
    heat: bool,
) -> Result<ClusterAnswer, AppError> {
    check_window(window, zoom)?;
    let Some(filter) = visible(user, filter)? else {
        return Ok(ClusterAnswer::default());
    };
    sync_index(ctx).await?;
    Ok(ctx
        .planner
        .clusters(window, zoom, &filter, Utc::now(), heat))
}

/// The public map's clusters: the same index, for anyone, filtered only by status and
/// category. Hidden reports are never in an answer (the index leaves them out of every match),
/// and a cluster says nothing a report's public page does not.
pub async fn public_clusters(
    ctx: &Ctx,
    window: [f64; 4],
    zoom: u32,
    status: StatusFilter,
    category: Option<&str>,
) -> Result<ClusterAnswer, AppError> {
    check_window(window, zoom)?;
    let filter = PlannerFilter {
        category: category.map(str::to_owned).into_iter().collect(),
        status: ReportStatus::ALL
            .into_iter()
            .filter(|s| match status {
                StatusFilter::All => true,
                StatusFilter::Open => s.is_open(),
                StatusFilter::Closed => !s.is_open(),
            })
            .collect(),
        ..PlannerFilter::default()
    };
    sync_index(ctx).await?;
    Ok(ctx
        .planner
        .clusters(window, zoom, &filter, Utc::now(), false))
}

/// The public figures of the last twelve months (from the first day of the month eleven
/// months ago to today), computed again when the kept ones are older than a few minutes.
pub async fn public_figures(ctx: &Ctx, lang: Lang) -> Result<PublicFigures, AppError> {
    if let Some(kept) = ctx.figures.fresh(lang) {
        return Ok(kept);
    }
    let to = Utc::now().date_naive();
    let mut from = to.with_day(1);
    for _ in 0..11 {
        from = from.and_then(|d| d.pred_opt()?.with_day(1));
    }
    let from = from.ok_or_else(|| AppError::internal("no twelve months before today"))?;
    let filter = PlannerFilter {
        from: Some(from),
        to: Some(to),
        ..PlannerFilter::default()
    };
    // No places on the public page: none looked up.
    let statistics = figures(ctx, &filter, lang, 0).await?;
    let public = PublicFigures::of(from, to, statistics);
    ctx.figures.keep(lang, &public);
    Ok(public)
}

/// Ids of the matching reports, for exports; contact data only for users allowed to see it.
pub async fn export_ids(
    ctx: &Ctx,
    user: &StaffUser,
    filter: PlannerFilter,
    with_contact: bool,
) -> Result<Vec<i64>, AppError> {
    if with_contact {
        if let Some(own) = user.readable_departments() {
            // Contact data of every department in the selection must be readable.
            for d in own {
                user.check(Action::ReadContact, d)?;
            }
        }
        user.require(Action::ReadContact)?;
    }
    let Some(filter) = visible(user, filter)? else {
        return Ok(Vec::new());
    };
    sync_index(ctx).await?;
    Ok(ctx.planner.matching_ids(&filter, Utc::now()))
}

/// Statistics over the reports matching `filter` that the user may read.
pub async fn statistics(
    ctx: &Ctx,
    user: &StaffUser,
    filter: PlannerFilter,
    lang: Lang,
) -> Result<Statistics, AppError> {
    let Some(filter) = visible(user, filter)? else {
        return Ok(Statistics::default());
    };
    figures(ctx, &filter, lang, PLANNER_HOTSPOTS).await
}

/// The busiest places the planners' statistics name (each costs a lookup of its address).
const PLANNER_HOTSPOTS: usize = 10;

/// Every figure of the reports matching `filter`, whoever asks, with the `hotspots` busiest
/// places.
async fn figures(
    ctx: &Ctx,
    filter: &PlannerFilter,
    lang: Lang,
    hotspots: usize,
) -> Result<Statistics, AppError> {
    sync_index(ctx).await?;
    let now = Utc::now();
    let raw = ctx.planner.stats(filter, now, hotspots);
    let facts = ctx.store.feedback_facts().await?;
    let feedback = ctx.planner.feedback(filter, now, &facts);
    name_statistics(ctx, raw, feedback, lang).await
}

async fn name_statistics(
    ctx: &Ctx,
    raw: RawStats,
    mut feedback: FeedbackFigures,
    lang: Lang,
) -> Result<Statistics, AppError> {
    let categories = ctx.store.categories(true).await?;
    let departments = ctx.store.departments().await?;
    let category_name = |code: &str| {
        categories
            .iter()
            .find(|c| c.code == code)
            .map_or_else(|| code.to_owned(), |c| c.name(lang).to_owned())
    };
    let mut hotspots = Vec::new();
    for h in raw.hotspots {
        let address = ctx.store.report(&h.sample).await?.and_then(|r| r.address);
        hotspots.push(Hotspot {
            lat: h.lat,
            lon: h.lon,
            count: h.count,
            category: category_name(&h.top_category),
            reference: h.sample,
            address,
        });
    }
    let department_name = |code: &str| {
        departments
            .iter()
            .find(|d| d.code == code)
            .map_or_else(|| code.to_owned(), |d| d.name(lang).to_owned())
    };
    let share = |part: u64, of: u64| (of > 0).then(|| 100.0 * part as f64 / of as f64);
    let month_label = |key: &str| {
        let (y, m) = key.split_once('-').unwrap_or((key, ""));
        m.parse().map_or_else(
            |_| key.to_owned(),
            |m| format!("{} {y}", lang.month_short(m)),
        )
    };
    for c in &mut feedback.by_category {
        c.label = category_name(&c.key);
    }
    for d in &mut feedback.by_department {
        d.label = department_name(&d.key);
    }
    for m in &mut feedback.by_month {
        m.label = month_label(&m.key);
    }
    let districts = crate::district::districts(ctx).await?;
    let district_name = |code: &str| match districts.name(code) {
        Some(name) => name.to_owned(),
        None if code.is_empty() => t!(lang, PlannerText::NoDistrict).to_owned(),
        None => code.to_owned(),
    };
    for d in &mut feedback.by_district {
        d.label = district_name(&d.key);
    }
    // Without districts every report is "outside": no table then.
    let by_district = if raw.by_district.iter().all(|d| d.code.is_empty()) {
        Vec::new()
    } else {
        raw.by_district
            .iter()
            .map(|d| DistrictFigures {
                key: d.code.clone(),
                label: district_name(&d.code),
                total: d.total,
                open: d.open,
                overdue: d.overdue,
                done: d.done,
                median_hours: quantile(&d.hours_to_done, 0.5),
                within_target_pct: share(d.done_within_target, d.done),
                fixed_pct: feedback
                    .by_district
                    .iter()
                    .find(|f| f.key == d.code)
                    .and_then(FeedbackCount::fixed_pct),
            })
            .collect()
    };
    Ok(Statistics {
        total: raw.total,
        by_category: raw
            .by_category
            .iter()
            .map(|(code, n)| Count {
                key: code.clone(),
                label: category_name(code),
                count: *n,
            })
            .collect(),
        by_month: raw
            .by_month
            .iter()
            .map(|((y, m), n)| {
                let key = format!("{y}-{m:02}");
                Count {
                    label: month_label(&key),
                    key,
                    count: *n,
                }
            })
            .collect(),
        by_channel: raw
            .by_channel
            .iter()
            .map(|(c, n)| Count {
                key: c.as_str().to_owned(),
                label: c.label(lang).to_owned(),
                count: *n,
            })
            .collect(),
        by_status: raw
            .by_status
            .iter()
            .map(|(s, n)| Count {
                key: s.as_str().to_owned(),
                label: s.label(lang).to_owned(),
                count: *n,
            })
            .collect(),
        open: raw.by_department.iter().map(|d| d.2).sum(),
        overdue: raw.by_department.iter().map(|d| d.3).sum(),
        by_department: raw
            .by_department
            .iter()
            .map(|(code, total, open, overdue)| DepartmentLoad {
                name: department_name(code),
                code: code.clone(),
                total: *total,
                open: *open,
                overdue: *overdue,
            })
            .collect(),
        done: raw.done,
        median_hours_to_done: quantile(&raw.hours_to_done, 0.5),
        p90_hours_to_done: quantile(&raw.hours_to_done, 0.9),
        within_target_pct: share(raw.done_within_target, raw.done),
        hotspots,
        pace: raw
            .pace
            .iter()
            .map(|(code, done, in_time, hours)| Pace {
                key: code.clone(),
                label: category_name(code),
                done: *done,
                median_hours: quantile(hours, 0.5),
                within_target_pct: share(*in_time, *done),
            })
            .collect(),
        feedback,
        by_district,
    })
}
