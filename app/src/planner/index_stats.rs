//! Figures over the index: counts per category, month, channel, department, status and
//! district, time to done, and the busiest places, in one pass over the matching reports.

use super::{merc_lat, merc_lon, PlannerIndex, CELL_PX_SHIFT, NEVER};
use crate::planner::domain::PlannerFilter;
use crate::report::domain::{Channel, ReportStatus};
use chrono::{DateTime, Utc};
use std::collections::HashMap;

/// Figures over the reports matching a filter, in the index's terms (codes, not names).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RawStats {
    pub total: u64,
    pub by_category: Vec<(String, u64)>,
    /// `(year, month)` of creation.
    pub by_month: Vec<((i32, u32), u64)>,
    pub by_channel: Vec<(Channel, u64)>,
    /// `(department, total, open, overdue)`.
    pub by_department: Vec<(String, u64, u64, u64)>,
    pub by_status: Vec<(ReportStatus, u64)>,
    pub done: u64,
    pub done_within_target: u64,
    /// Hours from creation to done, sorted.
    pub hours_to_done: Vec<f64>,
    pub hotspots: Vec<RawHotspot>,
    /// Per category: done, done by the due date, hours from creation to done (sorted).
    pub pace: Vec<(String, u64, u64, Vec<f64>)>,
    /// Per district (the empty code: outside every district), largest first.
    pub by_district: Vec<RawDistrict>,
}

/// One district's figures, in the index's terms.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RawDistrict {
    pub code: String,
    pub total: u64,
    pub open: u64,
    pub overdue: u64,
    pub done: u64,
    pub done_within_target: u64,
    /// Hours from creation to done, sorted.
    pub hours_to_done: Vec<f64>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct RawHotspot {
    pub lat: f64,
    pub lon: f64,
    pub count: u64,
    pub top_category: String,
    pub sample: String,
}

/// Hotspots are 64-pixel cells at zoom 16 (about 100 m here).
const HOTSPOT_ZOOM: u32 = 16;

impl PlannerIndex {
    /// Counts per category, month, channel, department and status, time to done, share done
    /// within target, and the `hotspots` busiest places, in one pass over the matches.
    pub fn stats(&self, filter: &PlannerFilter, now: DateTime<Utc>, hotspots: usize) -> RawStats {
        use chrono::Datelike;
        let Ok(c) = self.columns.read() else {
            return RawStats::default();
        };
        let f = c.compile(filter, now);
        let mut out = RawStats::default();
        let mut categories = vec![0u64; c.categories.len()];
        let mut pace = vec![(0u64, Vec::new()); c.categories.len()];
        let mut departments = vec![(0u64, 0u64, 0u64); c.departments.len()];
        let mut districts: Vec<RawDistrict> = c
            .districts
            .iter()
            .map(|code| RawDistrict {
                code: code.clone(),
                ..RawDistrict::default()
            })
            .collect();
        // As long as the lists (a sixth channel, the API, once overflowed a count of five).
        let mut channels = [0u64; Channel::ALL.len()];
        let mut statuses = [0u64; ReportStatus::ALL.len()];
        let mut months: HashMap<(i32, u32), u64> = HashMap::new();
        let mut cells: HashMap<(u32, u32), (u64, u32)> = HashMap::new();
        let shift = 32 - (HOTSPOT_ZOOM + 8) + CELL_PX_SHIFT;
        let now_s = now.timestamp();
        for p in 0..c.id.len() {
            if !c.matches(p, &f) {
                continue;
            }
            out.total += 1;
            categories[c.category[p] as usize] += 1;
            channels[c.channel[p] as usize] += 1;
            statuses[c.status[p] as usize] += 1;
            let status = ReportStatus::ALL[c.status[p] as usize];
            let late = c.late(p, now_s);
            let d = &mut departments[c.department[p] as usize];
            let district = &mut districts[c.district[p] as usize];
            d.0 += 1;
            district.total += 1;
            if status.is_open() {
                d.1 += 1;
                district.open += 1;
                d.2 += u64::from(late);
                district.overdue += u64::from(late);
            }
            if let Some(t) = DateTime::from_timestamp(c.created[p], 0) {
                *months.entry((t.year(), t.month())).or_default() += 1;
            }
            if c.done[p] != NEVER {
                out.done += 1;
                let in_time = c.done[p] <= c.due[p];
                out.done_within_target += u64::from(in_time);
                let hours = (c.done[p] - c.created[p]).max(0) as f64 / 3600.0;
                out.hours_to_done.push(hours);
                let category = &mut pace[c.category[p] as usize];
                category.0 += u64::from(in_time);
                category.1.push(hours);
                district.done += 1;
                district.done_within_target += u64::from(in_time);
                district.hours_to_done.push(hours);
            }
            let cell = cells
                .entry((c.x[p] >> shift, c.y[p] >> shift))
                .or_insert((0, p as u32));
            cell.0 += 1;
        }
        out.hours_to_done.sort_by(f64::total_cmp);
        out.by_category = c
            .categories
            .iter()
            .cloned()
            .zip(categories)
            .filter(|(_, n)| *n > 0)
            .collect();
        out.by_category
            .sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        out.pace = c
            .categories
            .iter()
            .cloned()
            .zip(pace)
            .filter(|(_, (_, hours))| !hours.is_empty())
            .map(|(code, (in_time, mut hours))| {
                hours.sort_by(f64::total_cmp);
                (code, hours.len() as u64, in_time, hours)
            })
            .collect();
        out.pace.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        out.by_department = c
            .departments
            .iter()
            .cloned()
            .zip(departments)
            .filter(|(_, d)| d.0 > 0)
            .map(|(code, (t, o, l))| (code, t, o, l))
            .collect();
        out.by_department
            .sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        out.by_district = districts
            .into_iter()
            .filter(|d| d.total > 0)
            .map(|mut d| {
                d.hours_to_done.sort_by(f64::total_cmp);
                d
            })
            .collect();
        out.by_district
            .sort_by(|a, b| b.total.cmp(&a.total).then(a.code.cmp(&b.code)));
        out.by_channel = Channel::ALL
            .iter()
            .zip(channels)
            .filter(|(_, n)| *n > 0)
            .map(|(c, n)| (*c, n))
            .collect();
        out.by_status = ReportStatus::ALL
            .iter()
            .zip(statuses)
            .filter(|(_, n)| *n > 0)
            .map(|(s, n)| (*s, n))
            .collect();
        let mut by_month: Vec<_> = months.into_iter().collect();
        by_month.sort();
        out.by_month = by_month;
        let mut busiest: Vec<((u32, u32), (u64, u32))> = cells.into_iter().collect();
        busiest.sort_by(|a, b| b.1 .0.cmp(&a.1 .0).then(a.0.cmp(&b.0)));
        busiest.truncate(hotspots);
        for ((cx, cy), (count, first)) in busiest {
            // The most common category in the cell: a second, small pass.
            let mut in_cell = vec![0u64; c.categories.len()];
            let (x0, y0) = (cx << shift, cy << shift);
            let span = (1u64 << shift) - 1;
            let window = [
                x0,
                y0,
                (u64::from(x0) + span).min(u64::from(u32::MAX)) as u32,
                (u64::from(y0) + span).min(u64::from(u32::MAX)) as u32,
            ];
            c.each_match(window, &f, None, |p| in_cell[c.category[p] as usize] += 1);
            let top = (0..in_cell.len()).max_by_key(|&i| in_cell[i]).unwrap_or(0);
            let half = 1u64 << (shift - 1);
            out.hotspots.push(RawHotspot {
                lat: merc_lat((u64::from(y0) + half) as f64),
                lon: merc_lon((u64::from(x0) + half) as f64),
                count,
                top_category: c.categories.get(top).cloned().unwrap_or_default(),
                sample: c.reference[first as usize].clone(),
            });
        }
        out
    }
}

/// The value below which `q` of the sorted values lie (nearest rank).
pub fn quantile(sorted: &[f64], q: f64) -> Option<f64> {
    if sorted.is_empty() {
        return None;
    }
    let rank = ((q * sorted.len() as f64).ceil() as usize).clamp(1, sorted.len());
    Some(sorted[rank - 1])
}
