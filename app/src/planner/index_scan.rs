//! How a query's window is read report by report: its sums per cell of the query's grid.
//! (Two threads each reading half of a wide window were tried: on the 2-core machine, with the
//! benchmark's client on the same cores, p95 at a million reports did not move, 6.3–6.9 ms
//! either way, so one thread reads.)

use super::{Acc, Columns, Compiled, CLUSTER_CATEGORIES};
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
    grid: Grid,
    pub(super) cells: Vec<Acc>,
    pub(super) heat: HashMap<(u32, u32), u32>,
    pub(super) total: u64,
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
    pub(super) fn scan_into(&self, part: &mut Part, window: [u32; 4], f: &Compiled) {
        let Grid {
            cell_shift,
            first: (cx0, cy0),
            w,
            heat_shift,
        } = part.grid;
        self.each_match(window, f, |p| {
            let (x, y) = (self.x[p], self.y[p]);
            let i = (u64::from((y >> cell_shift) - cy0) * w + u64::from((x >> cell_shift) - cx0))
                as usize;
            let a = &mut part.cells[i];
            if a.count == 0 {
                a.first = p as u32;
                a.min_x = x;
                a.min_y = y;
                a.max_x = x;
                a.max_y = y;
            } else {
                a.min_x = a.min_x.min(x);
                a.min_y = a.min_y.min(y);
                a.max_x = a.max_x.max(x);
                a.max_y = a.max_y.max(y);
            }
            a.count += 1;
            a.sum_x += u64::from(x);
            a.sum_y += u64::from(y);
            a.statuses[self.status[p] as usize] += 1;
            a.categories[(self.category[p] as usize).min(CLUSTER_CATEGORIES - 1)] += 1;
            part.total += 1;
            if let Some(shift) = heat_shift {
                *part.heat.entry((x >> shift, y >> shift)).or_default() += 1;
            }
        });
    }
}
