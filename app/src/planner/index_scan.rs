//! How a query's window is read report by report: its sums per cell of the query's grid.
//! (Two threads each reading half of a wide window were tried: on the 2-core machine, with the
//! benchmark's client on the same cores, p95 at a million reports did not move, 6.3–6.9 ms
//! either way, so one thread reads.)

use super::{Acc, Columns, Compiled, Sums};
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
    pub(super) fn scan_into(&self, part: &mut Part, window: [u32; 4], f: &Compiled) {
        let grid = part.grid;
        self.each_match(window, f, |p| {
            let (x, y) = (self.x[p], self.y[p]);
            part.cells[grid.index(x, y)].add(&Sums::one(p, x, y), self.status[p], self.category[p]);
            part.total += 1;
            if let Some(shift) = grid.heat_shift {
                *part.heat.entry((x >> shift, y >> shift)).or_default() += 1;
            }
        });
    }
}
