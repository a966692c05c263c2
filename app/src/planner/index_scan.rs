//! How a query's window is read report by report: its sums per cell of the query's grid, and
//! what a cell adds up (`Sums`, `Acc`; the groups of wide windows add up the same).
//! (Two threads each reading half of a wide window were tried: on the 2-core machine, with the
//! benchmark's client on the same cores, p95 at a million reports did not move, 6.3–6.9 ms
//! either way, so one thread reads.)

use super::{timeline::Timeline, Columns, Compiled, BUCKET_ZOOM, CLUSTER_CATEGORIES};
use crate::report::domain::ReportStatus;
use std::collections::HashMap;

/// Reports counted together: how many, their coordinate sums and extent, and the first one's
/// position (the reference of a cluster of one). A cell of a query and a group of the low
/// zooms both add up through [`Sums::add`].
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Sums {
    pub(super) count: u32,
    pub(super) sum_x: u64,
    pub(super) sum_y: u64,
    pub(super) min_x: u32,
    pub(super) min_y: u32,
    pub(super) max_x: u32,
    pub(super) max_y: u32,
    pub(super) first: u32,
}

impl Sums {
    /// The report at position `p`, at `(x, y)`.
    pub(super) fn one(p: usize, x: u32, y: u32) -> Sums {
        Sums {
            count: 1,
            sum_x: u64::from(x),
            sum_y: u64::from(y),
            min_x: x,
            min_y: y,
            max_x: x,
            max_y: y,
            first: p as u32,
        }
    }

    /// Adds `other` (whose first stays first only when these held none).
    pub(super) fn add(&mut self, other: &Sums) {
        if self.count == 0 {
            *self = *other;
            return;
        }
        self.count += other.count;
        self.sum_x += other.sum_x;
        self.sum_y += other.sum_y;
        self.min_x = self.min_x.min(other.min_x);
        self.min_y = self.min_y.min(other.min_y);
        self.max_x = self.max_x.max(other.max_x);
        self.max_y = self.max_y.max(other.max_y);
    }
}

/// A category's place in a cluster's counts (the last holds the rest).
pub(super) fn category_slot(category: u8) -> usize {
    (category as usize).min(CLUSTER_CATEGORIES - 1)
}

/// Per-cell sums while clustering.
#[derive(Clone, Copy)]
pub(super) struct Acc {
    pub(super) sums: Sums,
    pub(super) statuses: [u32; ReportStatus::ALL.len()],
    pub(super) categories: [u32; CLUSTER_CATEGORIES],
}

impl Default for Acc {
    fn default() -> Self {
        Acc {
            sums: Sums::default(),
            statuses: [0; ReportStatus::ALL.len()],
            categories: [0; CLUSTER_CATEGORIES],
        }
    }
}

impl Acc {
    /// Adds reports of one status and category.
    pub(super) fn add(&mut self, sums: &Sums, status: u8, category: u8) {
        self.sums.add(sums);
        self.statuses[status as usize] += sums.count;
        self.categories[category_slot(category)] += sums.count;
    }

    /// Adds the reports `other` counted.
    pub(super) fn merge(&mut self, other: &Acc) {
        self.sums.add(&other.sums);
        for (a, b) in self.statuses.iter_mut().zip(&other.statuses) {
            *a += b;
        }
        for (a, b) in self.categories.iter_mut().zip(&other.categories) {
            *a += b;
        }
    }
}

/// A query's grid: its cells' shift, first cell and width in cells, and the heat cells' shift
/// when heat is asked.
#[derive(Debug, Clone, Copy)]
pub(super) struct Grid {
    pub(super) cell_shift: u32,
    pub(super) first: (u32, u32),
    pub(super) w: u64,
    pub(super) heat_shift: Option<u32>,
}

/// One scan's sums: per cell of the grid, per heat cell, and in all.
pub(super) struct Part {
    pub(super) grid: Grid,
    pub(super) cells: Vec<Acc>,
    pub(super) heat: HashMap<(u32, u32), u32>,
    pub(super) total: u64,
}

impl Grid {
    /// The position in the grid's cells of the cell holding `(x, y)` (inside the window).
    pub(super) fn index(&self, x: u32, y: u32) -> usize {
        let (cx0, cy0) = self.first;
        (u64::from((y >> self.cell_shift) - cy0) * self.w + u64::from((x >> self.cell_shift) - cx0))
            as usize
    }
}

impl Part {
    pub(super) fn new(grid: Grid, cells: usize) -> Part {
        Part {
            grid,
            cells: vec![Acc::default(); cells],
            heat: HashMap::new(),
            total: 0,
        }
    }
}

impl Columns {
    /// Adds every report in `window` that passes `f` to `part`.
    /// (Reading only part of each bucket with a `timeline`.)
    pub(super) fn scan_into(
        &self,
        part: &mut Part,
        window: [u32; 4],
        f: &Compiled,
        timeline: Option<&Timeline>,
    ) {
        let grid = part.grid;
        self.each_match(window, f, timeline, |p| {
            let (x, y) = (self.x[p], self.y[p]);
            part.cells[grid.index(x, y)].add(&Sums::one(p, x, y), self.status[p], self.category[p]);
            part.total += 1;
            if let Some(shift) = grid.heat_shift {
                *part.heat.entry((x >> shift, y >> shift)).or_default() += 1;
            }
        });
    }
    /// The ranges of `bucketed` holding the window's buckets, one per bucket row.
    pub(super) fn bucket_ranges(
        &self,
        window: [u32; 4],
    ) -> impl Iterator<Item = std::ops::Range<usize>> + '_ {
        let [x0, y0, x1, y1] = window;
        let shift = 32 - BUCKET_ZOOM;
        let (bx0, bx1, by0, by1) = (x0 >> shift, x1 >> shift, y0 >> shift, y1 >> shift);
        (by0..=by1).map(move |by| {
            let lo = (by << BUCKET_ZOOM) | bx0;
            let hi = (by << BUCKET_ZOOM) | bx1;
            self.bucket_keys.partition_point(|&k| k < lo)
                ..self.bucket_keys.partition_point(|&k| k <= hi)
        })
    }

    /// Calls `visit` with every position in the window that passes the filter; with a
    /// `timeline`, reads only the part of each bucket that can pass its period or overdue terms.
    pub(super) fn each_match(
        &self,
        window: [u32; 4],
        f: &Compiled,
        timeline: Option<&Timeline>,
        mut visit: impl FnMut(usize),
    ) {
        let [x0, y0, x1, y1] = window;
        let inside =
            |p: usize| self.x[p] >= x0 && self.x[p] <= x1 && self.y[p] >= y0 && self.y[p] <= y1;
        let mut check = |i: usize| {
            let p = self.bucketed[i] as usize;
            if !self.in_fresh[p] && inside(p) && self.matches(p, f) {
                visit(p);
            }
        };
        for range in self.bucket_ranges(window) {
            match timeline {
                Some(t) => t.read(self, range, f, &mut check),
                None => range.for_each(&mut check),
            }
        }
        for &p in &self.fresh {
            let p = p as usize;
            if inside(p) && self.matches(p, f) {
                visit(p);
            }
        }
    }
}
