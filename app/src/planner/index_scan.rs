//! How a query's window is read report by report: its sums per cell of the query's grid.
//! (Two threads each reading half of a wide window were tried: on the 2-core machine, with the
//! benchmark's client on the same cores, p95 at a million reports did not move, 6.3–6.9 ms
//! either way, so one thread reads.)

use super::{timeline::Timeline, Acc, Columns, Compiled, Sums, BUCKET_ZOOM};
use std::collections::HashMap;

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
