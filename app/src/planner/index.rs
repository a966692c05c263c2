//! The planner's in-memory index of every report: columns (position, category, status,
//! department, channel, dates, text) kept in step with the database, bucketed by a coarse grid
//! so a viewport reads only its own buckets. A query filters and clusters on a world-aligned
//! grid of the zoom level in one pass: every matching report lands in exactly one cluster.

use super::domain::{Cluster, ClusterAnswer, HeatCell, PlannerFilter};
use crate::port::IndexRow;
use crate::report::domain::{Channel, ReportStatus};
use chrono::{DateTime, Utc};
use std::collections::HashMap;
use std::sync::Arc;

/// Buckets are cells of zoom 11 (about 12 km by 12 km here): small enough that a city
/// viewport reads a few, large enough that there are few.
const BUCKET_ZOOM: u32 = 11;
/// A cluster is a grid cell of 64 screen pixels at the query's zoom.
const CELL_PX_SHIFT: u32 = 6;
/// Heat cells are 16 pixels.
const HEAT_PX_SHIFT: u32 = 4;
/// Points added since the last bucketing are scanned as a list; past this many, re-bucket.
const MAX_FRESH: usize = 50_000;
/// A query never makes more cells than this (a very wide window at a high zoom).
const MAX_CELLS: u64 = 10_000;
/// Categories counted per cluster (for colouring by category); codes beyond share the last.
const CLUSTER_CATEGORIES: usize = 32;

/// Web Mercator x of a longitude, in 1/2^32 of the world's width.
pub fn merc_x(lon: f64) -> u32 {
    let v = (lon + 180.0) / 360.0;
    (v.clamp(0.0, 1.0) * 4_294_967_295.0) as u32
}

/// Web Mercator y of a latitude (0 at the top), in 1/2^32 of the world's height.
pub fn merc_y(lat: f64) -> u32 {
    let lat = lat.clamp(-85.051_128, 85.051_128).to_radians();
    let v = 0.5 - ((1.0 + lat.sin()) / (1.0 - lat.sin())).ln() / (4.0 * std::f64::consts::PI);
    (v.clamp(0.0, 1.0) * 4_294_967_295.0) as u32
}

pub fn merc_lon(x: f64) -> f64 {
    x / 4_294_967_296.0 * 360.0 - 180.0
}

pub fn merc_lat(y: f64) -> f64 {
    let n = std::f64::consts::PI * (1.0 - 2.0 * y / 4_294_967_296.0);
    n.sinh().atan().to_degrees()
}

/// No "done" time.
const NEVER: i64 = i64::MIN;

/// A deadline that is not paused.
const NEVER_PAUSED: i64 = i64::MAX;

fn status_code(s: ReportStatus) -> u8 {
    ReportStatus::ALL.iter().position(|x| *x == s).unwrap_or(0) as u8
}

fn channel_code(c: Channel) -> u8 {
    Channel::ALL.iter().position(|x| *x == c).unwrap_or(0) as u8
}

#[derive(Default)]
struct Columns {
    id: Vec<i64>,
    reference: Vec<String>,
    x: Vec<u32>,
    y: Vec<u32>,
    category: Vec<u8>,
    department: Vec<u8>,
    /// The district's code in `districts` (the empty code: outside every district).
    district: Vec<u8>,
    status: Vec<u8>,
    channel: Vec<u8>,
    /// Seconds since 1970.
    created: Vec<i64>,
    due: Vec<i64>,
    /// When the deadline was paused by a waiting question ([`NEVER_PAUSED`] when it runs).
    paused: Vec<i64>,
    done: Vec<i64>,
    hidden: Vec<bool>,
    /// Lower-case descriptions, one after the other.
    text: Vec<u8>,
    text_end: Vec<u32>,
    /// Each report's answers as interned `question=value` ids, one report after the other
    /// (sorted per report), like the descriptions.
    answer_ids: Vec<u32>,
    answer_end: Vec<u32>,
    answer_dict: HashMap<String, u32>,
    /// Position of a report id in the columns.
    position: HashMap<i64, u32>,
    categories: Vec<String>,
    departments: Vec<String>,
    districts: Vec<String>,
    /// Positions sorted by bucket key (row-major), then by creation time, with the keys and
    /// the creation times of the last bucketing alongside.
    bucketed: Vec<u32>,
    bucket_keys: Vec<u32>,
    bucket_created: Vec<i64>,
    /// Positions not in `bucketed` (added or moved since the last bucketing).
    fresh: Vec<u32>,
    in_fresh: Vec<bool>,
    /// Moves at every change (a report added or changed, a re-bucketing): what was built from
    /// the columns is current while it is the same.
    version: u64,
}

fn code_of(dict: &mut Vec<String>, value: &str) -> u8 {
    match dict.iter().position(|d| d == value) {
        Some(i) => i as u8,
        None => {
            dict.push(value.to_owned());
            (dict.len() - 1) as u8
        }
    }
}

fn bucket_key(x: u32, y: u32) -> u32 {
    ((y >> (32 - BUCKET_ZOOM)) << BUCKET_ZOOM) | (x >> (32 - BUCKET_ZOOM))
}

impl Columns {
    fn upsert(&mut self, row: &IndexRow) {
        let (x, y) = (merc_x(row.lon), merc_y(row.lat));
        let category = code_of(&mut self.categories, &row.category);
        let department = code_of(&mut self.departments, &row.department);
        let district = code_of(&mut self.districts, &row.district);
        let paused = row.paused_since.map_or(NEVER_PAUSED, |t| t.timestamp());
        let (status, channel) = (status_code(row.status), channel_code(row.channel));
        let (created, due) = (row.created_at.timestamp(), row.due_at.timestamp());
        let done = row.done_at.map_or(NEVER, |t| t.timestamp());
        match self.position.get(&row.id).copied() {
            Some(p) => {
                let p = p as usize;
                let unchanged = (self.x[p], self.y[p]) == (x, y)
                    && self.category[p] == category
                    && self.department[p] == department
                    && self.district[p] == district
                    && self.paused[p] == paused
                    && self.status[p] == status
                    && self.channel[p] == channel
                    && self.created[p] == created
                    && self.due[p] == due
                    && self.done[p] == done
                    && self.hidden[p] == row.hidden;
                if unchanged {
                    // Read again (SQLite's sync reads the last seconds' changes at every
                    // request): what was built from the columns still holds.
                    return;
                }
                self.version += 1;
                // Moved, or made at another time (its place in its bucket depends on both).
                if ((self.x[p], self.y[p]) != (x, y) || self.created[p] != created)
                    && !self.in_fresh[p]
                {
                    self.in_fresh[p] = true;
                    self.fresh.push(p as u32);
                }
                self.x[p] = x;
                self.y[p] = y;
                self.category[p] = category;
                self.department[p] = department;
                self.district[p] = district;
                self.paused[p] = paused;
                self.status[p] = status;
                self.channel[p] = channel;
                self.created[p] = created;
                self.due[p] = due;
                self.done[p] = done;
                self.hidden[p] = row.hidden;
                // The description and answers of a report do not change; changed ones are not
                // re-indexed.
            }
            None => {
                self.version += 1;
                let p = self.id.len() as u32;
                self.position.insert(row.id, p);
                self.id.push(row.id);
                self.reference.push(row.reference.clone());
                self.x.push(x);
                self.y.push(y);
                self.category.push(category);
                self.department.push(department);
                self.district.push(district);
                self.paused.push(paused);
                self.status.push(status);
                self.channel.push(channel);
                self.created.push(created);
                self.due.push(due);
                self.done.push(done);
                self.hidden.push(row.hidden);
                self.text
                    .extend_from_slice(row.description.to_lowercase().as_bytes());
                self.text_end.push(self.text.len() as u32);
                let mut ids: Vec<u32> = row
                    .answers
                    .iter()
                    .flat_map(|a| a.values.iter().map(move |v| format!("{}={v}", a.question)))
                    .map(|key| {
                        let next = self.answer_dict.len() as u32;
                        *self.answer_dict.entry(key).or_insert(next)
                    })
                    .collect();
                ids.sort_unstable();
                ids.dedup();
                self.answer_ids.extend_from_slice(&ids);
                self.answer_end.push(self.answer_ids.len() as u32);
                self.in_fresh.push(true);
                self.fresh.push(p);
            }
        }
    }

    /// Sorts every column by bucket, so a window reads its reports from consecutive memory.
    fn rebucket(&mut self) {
        self.version += 1;
        let n = self.id.len();
        let keys: Vec<u32> = (0..n).map(|i| bucket_key(self.x[i], self.y[i])).collect();
        let mut order: Vec<usize> = (0..n).collect();
        order.sort_by_key(|&i| (keys[i], self.created[i], i));
        fn permute<T: Clone>(v: &mut Vec<T>, order: &[usize]) {
            *v = order.iter().map(|&i| v[i].clone()).collect();
        }
        let mut text = Vec::with_capacity(self.text.len());
        let mut text_end = Vec::with_capacity(n);
        for &i in &order {
            text.extend_from_slice(self.description(i));
            text_end.push(text.len() as u32);
        }
        self.text = text;
        self.text_end = text_end;
        let mut answer_ids = Vec::with_capacity(self.answer_ids.len());
        let mut answer_end = Vec::with_capacity(n);
        for &i in &order {
            answer_ids.extend_from_slice(self.answers_of(i));
            answer_end.push(answer_ids.len() as u32);
        }
        self.answer_ids = answer_ids;
        self.answer_end = answer_end;
        permute(&mut self.id, &order);
        permute(&mut self.reference, &order);
        permute(&mut self.x, &order);
        permute(&mut self.y, &order);
        permute(&mut self.category, &order);
        permute(&mut self.department, &order);
        permute(&mut self.district, &order);
        permute(&mut self.paused, &order);
        permute(&mut self.status, &order);
        permute(&mut self.channel, &order);
        permute(&mut self.created, &order);
        permute(&mut self.due, &order);
        permute(&mut self.done, &order);
        permute(&mut self.hidden, &order);
        self.bucket_keys = order.iter().map(|&i| keys[i]).collect();
        self.bucket_created = self.created.clone();
        self.bucketed = (0..n as u32).collect();
        self.position = self
            .id
            .iter()
            .enumerate()
            .map(|(p, id)| (*id, p as u32))
            .collect();
        self.fresh.clear();
        self.in_fresh = vec![false; n];
    }

    fn answers_of(&self, p: usize) -> &[u32] {
        let start = if p == 0 {
            0
        } else {
            self.answer_end[p - 1] as usize
        };
        &self.answer_ids[start..self.answer_end[p] as usize]
    }

    fn description(&self, p: usize) -> &[u8] {
        let start = if p == 0 {
            0
        } else {
            self.text_end[p - 1] as usize
        };
        &self.text[start..self.text_end[p] as usize]
    }

    /// Open and past its due date at `now`; a paused deadline counts up to its pause.
    fn late(&self, p: usize, now: i64) -> bool {
        self.due[p] < now.min(self.paused[p]) && self.open(p)
    }

    fn open(&self, p: usize) -> bool {
        ReportStatus::ALL[self.status[p] as usize].is_open()
    }

    /// What `slot` keeps if it was built from this version of the columns, else `build`'s
    /// answer, kept for the next query (the timeline).
    fn kept<T>(&self, slot: &Kept<T>, build: impl FnOnce(&Columns) -> T) -> Arc<T> {
        if let Ok(kept) = slot.lock() {
            if let Some((_, t)) = kept.as_ref().filter(|(v, _)| *v == self.version) {
                return t.clone();
            }
        }
        let built = Arc::new(build(self));
        if let Ok(mut kept) = slot.lock() {
            *kept = Some((self.version, built.clone()));
        }
        built
    }
}

/// The index, shared by all requests.
#[derive(Default)]
pub struct PlannerIndex {
    columns: std::sync::RwLock<Columns>,
    /// The newest `updated_at` seen: the next sync asks for rows changed since.
    pub synced_to: std::sync::Mutex<Option<DateTime<Utc>>>,
    /// When the last sync began: what the index holds is at least as new as this, less the
    /// settling time.
    pub synced_at: std::sync::Mutex<Option<DateTime<Utc>>>,
    /// Held by the sync running: requests arriving meanwhile wait for it and then read only
    /// what changed, instead of each loading every report at a cold start.
    pub syncing: tokio::sync::Mutex<()>,
    /// The store's count of report changes heard when the last sync began
    /// (`Store::report_changes`; `None`: the store cannot tell).
    pub heard: std::sync::Mutex<Option<u64>>,
    /// Reports taken from the saved index at start ([`PlannerIndex::install`]; 0: none).
    pub restored: std::sync::atomic::AtomicU64,
    /// The timeline of period and overdue filters, with the columns' version it was built
    /// from.
    timeline: Kept<timeline::Timeline>,
    /// The groups wide windows add up: plain, in order of creation (periods) and of falling
    /// due (late).
    groups: std::sync::Mutex<pyramid::Shelf>,
    /// How often this index was written to its file since start.
    pub written: std::sync::atomic::AtomicU64,
}

impl PlannerIndex {
    /// The groups `which` names, built from the columns `c` if they were not yet.
    fn built(&self, c: &Columns, which: pyramid::Which) -> Arc<pyramid::Built> {
        let kept = self
            .groups
            .lock()
            .ok()
            .and_then(|mut k| k.get(c.version, which));
        if let Some(built) = kept {
            return built;
        }
        let (level, asked, order) = which;
        let built = Arc::new(match order {
            None => pyramid::Built::Plain(pyramid::Pyramid::build(c, level, asked)),
            Some(order) => pyramid::Built::Timed(timed::Timed::build(c, level, asked, order)),
        });
        if let Ok(mut k) = self.groups.lock() {
            k.put(c.version, which, built.clone());
        }
        built
    }

    /// Adds or updates rows (by report id); re-buckets when many are new.
    pub fn apply(&self, rows: &[IndexRow]) {
        let Ok(mut c) = self.columns.write() else {
            return;
        };
        for r in rows {
            c.upsert(r);
        }
        if c.fresh.len() > MAX_FRESH {
            c.rebucket();
        }
    }

    /// Adds a page of the first load: no re-bucketing on the way (re-bucketing every
    /// 50,000 rows made a million-report load sort ever larger columns twenty times);
    /// [`PlannerIndex::rebucket`] once at the end.
    pub fn load(&self, rows: &[IndexRow]) {
        if let Ok(mut c) = self.columns.write() {
            for r in rows {
                c.upsert(r);
            }
        }
    }

    /// Buckets everything now (after the first load).
    pub fn rebucket(&self) {
        if let Ok(mut c) = self.columns.write() {
            c.rebucket();
        }
    }

    /// Seconds since the index last caught up with the database (it does at every planner
    /// request); `None` before the first time.
    pub fn age(&self, now: DateTime<Utc>) -> Option<f64> {
        let at = (*self.synced_at.lock().ok()?)?;
        Some(((now - at).num_milliseconds() as f64 / 1000.0).max(0.0))
    }

    pub fn len(&self) -> usize {
        self.columns.read().map(|c| c.id.len()).unwrap_or(0)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Report ids matching `filter` (no window), in index order: for exports.
    pub fn matching_ids(&self, filter: &PlannerFilter, now: DateTime<Utc>) -> Vec<i64> {
        let Ok(c) = self.columns.read() else {
            return Vec::new();
        };
        let f = c.compile(filter, now);
        (0..c.id.len())
            .filter(|&p| c.matches(p, &f))
            .map(|p| c.id[p])
            .collect()
    }

    /// Clusters of the reports matching `filter` in the window `[west, south, east, north]`
    /// at `zoom`: one per 64-pixel cell of the world-aligned grid, with its count, centroid,
    /// extent and statuses; the reference when it holds one report. With `heat`, also counts
    /// per 16-pixel cell for a heat map.
    pub fn clusters(
        &self,
        window: [f64; 4],
        zoom: u32,
        filter: &PlannerFilter,
        now: DateTime<Utc>,
        heat: bool,
    ) -> ClusterAnswer {
        self.clusters_by(window, zoom, filter, now, heat, true)
    }

    /// [`PlannerIndex::clusters`], adding up groups and reading the timeline where it may
    /// when `groups` (the tests compare that with scanning every report).
    fn clusters_by(
        &self,
        window: [f64; 4],
        zoom: u32,
        filter: &PlannerFilter,
        now: DateTime<Utc>,
        heat: bool,
        groups: bool,
    ) -> ClusterAnswer {
        let Ok(c) = self.columns.read() else {
            return ClusterAnswer::default();
        };
        let zoom = zoom.min(22);
        let [west, south, east, north] = window;
        let win = [merc_x(west), merc_y(north), merc_x(east), merc_y(south)];
        let f = c.compile(filter, now);
        let cell_shift = 32 - (zoom + 8) + CELL_PX_SHIFT;
        let (cx0, cy0) = (win[0] >> cell_shift, win[1] >> cell_shift);
        let (w, h) = (
            u64::from((win[2] >> cell_shift) - cx0 + 1),
            u64::from((win[3] >> cell_shift) - cy0 + 1),
        );
        if w * h > MAX_CELLS {
            return ClusterAnswer {
                too_wide: true,
                ..ClusterAnswer::default()
            };
        }
        let grid = Grid {
            cell_shift,
            first: (cx0, cy0),
            w,
            heat_shift: heat.then_some(32 - (zoom + 8) + HEAT_PX_SHIFT),
        };
        let mut part = Part::new(grid, (w * h) as usize);
        // A plain filter, or one with a period or late reports: the groups of the cells wholly
        // inside the window at the first level at or above the zoom, then those of the finer
        // levels in what is left at its border, and the rest report by report.
        let timed = f.timed_alone();
        let timeline =
            (groups && f.timed()).then(|| c.kept(&self.timeline, timeline::Timeline::build));
        let mut regions = vec![win];
        if groups && !heat && (f.plain() || timed.is_some()) {
            let asked = pyramid::Asked::of(&f);
            for level in pyramid::levels_from(zoom) {
                let shift = pyramid::shift_of(level);
                let inner: Vec<_> = regions
                    .iter()
                    .map(|r| pyramid::inner_cells(*r, shift))
                    .collect();
                if inner.iter().all(Option::is_none) {
                    continue;
                }
                let built = self.built(&c, (level, asked, timed));
                if !built.worth() {
                    // A finer level has more groups still.
                    break;
                }
                let mut left = Vec::new();
                for (region, inner) in regions.iter().zip(inner) {
                    match inner {
                        Some(inner) => {
                            built.add_into(inner, &f, &mut part);
                            left.extend(pyramid::border(*region, inner, shift));
                        }
                        None => left.push(*region),
                    }
                }
                regions = left;
            }
        }
        for region in regions {
            c.scan_into(&mut part, region, &f, timeline.as_deref());
        }
        let Part {
            cells,
            heat: heat_cells,
            total,
            ..
        } = part;
        let heat_shift = grid.heat_shift.unwrap_or(HEAT_PX_SHIFT);
        let clusters = cells
            .iter()
            .filter(|a| a.sums.count > 0)
            .map(|a| {
                let s = &a.sums;
                let n = f64::from(s.count);
                let top = (0..ReportStatus::ALL.len())
                    .max_by_key(|&s| a.statuses[s])
                    .unwrap_or(0);
                let top_category = (0..CLUSTER_CATEGORIES)
                    .max_by_key(|&k| a.categories[k])
                    .unwrap_or(0);
                Cluster {
                    count: s.count,
                    lat: merc_lat(s.sum_y as f64 / n),
                    lon: merc_lon(s.sum_x as f64 / n),
                    bbox: [
                        merc_lon(f64::from(s.min_x)),
                        merc_lat(f64::from(s.max_y)),
                        merc_lon(f64::from(s.max_x)),
                        merc_lat(f64::from(s.min_y)),
                    ],
                    status: ReportStatus::ALL[top],
                    category: c.categories.get(top_category).cloned().unwrap_or_default(),
                    reference: (s.count == 1).then(|| c.reference[s.first as usize].clone()),
                    created_at: (s.count == 1)
                        .then(|| DateTime::from_timestamp(c.created[s.first as usize], 0))
                        .flatten(),
                }
            })
            .collect();
        // In grid order (a map's order is not the same from one answer to the next).
        let mut heat_cells: Vec<((u32, u32), u32)> = heat_cells.into_iter().collect();
        heat_cells.sort_unstable_by_key(|((hx, hy), _)| (*hy, *hx));
        let heat = heat_cells
            .into_iter()
            .map(|((hx, hy), count)| {
                let half = 1u64 << (heat_shift - 1);
                HeatCell {
                    lat: merc_lat(((u64::from(hy) << heat_shift) + half) as f64),
                    lon: merc_lon(((u64::from(hx) << heat_shift) + half) as f64),
                    count,
                }
            })
            .collect();
        ClusterAnswer {
            total,
            clusters,
            heat,
            too_wide: false,
        }
    }
}

#[path = "index_stats.rs"]
mod stats;
pub use stats::{quantile, RawDistrict, RawHotspot, RawStats};

#[path = "index_feedback.rs"]
mod feedback;

#[path = "index_pyramid.rs"]
mod pyramid;

#[path = "index_timeline.rs"]
mod timeline;

#[path = "index_timed.rs"]
mod timed;

/// A structure built from one version of the columns, kept until they change.
type Kept<T> = std::sync::Mutex<Option<(u64, Arc<T>)>>;

#[path = "index_filter.rs"]
mod filter;
use filter::Compiled;

#[path = "index_scan.rs"]
mod scan;
use scan::{Acc, Grid, Part, Sums};

#[path = "index_snapshot.rs"]
mod snapshot;
pub use snapshot::{Restored, SnapshotFacts};

#[cfg(test)]
#[path = "index_tests.rs"]
mod tests;
