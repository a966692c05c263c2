//! Low zooms without scanning every report (issue 19: at zooms 8–9 a window holds every
//! report, and each query read them all). The reports are grouped by 64-pixel cell of zoom 11
//! and by everything a plain filter asks (category, status, department, district, channel),
//! each group with its count, coordinate sums, extent and first report (`Sums`). A query at zoom 11 or
//! less whose filter asks nothing else (no period, overdue, words or answers) and wants no heat
//! adds up the groups of the cells wholly inside its window and scans only the reports in the
//! window's border, where a cell is cut. The answer is the scan's, to the bit: every matching
//! report in exactly one cluster, with the same centroid, extent, colours and reference (a
//! test compares the two). Built from the columns when a query needs it and they changed since
//! the last build (`Columns::version`), so an update costs one rebuild at the next low zoom.

use super::{Columns, Compiled, Part, Sums, CELL_PX_SHIFT};
use std::collections::HashMap;

/// The groups' cells: 64 pixels at zoom 11, so a query cell at zoom 11 or less is a whole
/// number of them.
pub(super) const MAX_ZOOM: u32 = 11;
const SHIFT: u32 = 32 - (MAX_ZOOM + 8) + CELL_PX_SHIFT;

/// Reports alike in cell and every plain filter's terms.
#[derive(Debug, Clone, Copy)]
struct Group {
    cx: u32,
    cy: u32,
    category: u8,
    status: u8,
    department: u8,
    district: u8,
    channel: u8,
    sums: Sums,
}

/// The groups of one version of the columns, sorted by cell row and column.
pub(super) struct Pyramid {
    groups: Vec<Group>,
}

impl Pyramid {
    /// Groups every report that is not hidden (one pass and a sort; about 60 ms at a
    /// million reports).
    pub(super) fn build(c: &Columns) -> Pyramid {
        let mut at: HashMap<u64, u32> = HashMap::new();
        let mut groups: Vec<Group> = Vec::new();
        for p in 0..c.id.len() {
            if c.hidden[p] {
                continue;
            }
            let (x, y) = (c.x[p], c.y[p]);
            let (cx, cy) = (x >> SHIFT, y >> SHIFT);
            // 13 + 13 bits of cell, then the five codes (status and channel fit in 8 bits too).
            let key = (u64::from(cx) << 51)
                | (u64::from(cy) << 38)
                | (u64::from(c.category[p]) << 30)
                | (u64::from(c.status[p]) << 24)
                | (u64::from(c.department[p]) << 16)
                | (u64::from(c.district[p]) << 8)
                | u64::from(c.channel[p]);
            let next = groups.len() as u32;
            let i = *at.entry(key).or_insert(next) as usize;
            if i == groups.len() {
                groups.push(Group {
                    cx,
                    cy,
                    category: c.category[p],
                    status: c.status[p],
                    department: c.department[p],
                    district: c.district[p],
                    channel: c.channel[p],
                    sums: Sums::default(),
                });
            }
            groups[i].sums.add(&Sums::one(p, x, y));
        }
        // Stable: groups of a cell keep the order of their first reports.
        groups.sort_by_key(|g| (g.cy, g.cx));
        Pyramid { groups }
    }

    /// Adds the groups of the cells `[cx0, cy0, cx1, cy1]` (inclusive) that pass `f` to
    /// `part`, as the scan adds reports.
    pub(super) fn add_into(&self, inner: [u32; 4], f: &Compiled, part: &mut Part) {
        for cy in inner[1]..=inner[3] {
            let lo = self
                .groups
                .partition_point(|g| (g.cy, g.cx) < (cy, inner[0]));
            let hi = self
                .groups
                .partition_point(|g| (g.cy, g.cx) <= (cy, inner[2]));
            for g in &self.groups[lo..hi] {
                if !f.codes_match(g.category, g.status, g.department, g.district, g.channel) {
                    continue;
                }
                let i = part.grid.index(g.cx << SHIFT, g.cy << SHIFT);
                part.cells[i].add(&g.sums, g.status, g.category);
                part.total += u64::from(g.sums.count);
            }
        }
    }
}

/// The group cells wholly inside `window` (`[x0, y0, x1, y1]`, inclusive), as
/// `[cx0, cy0, cx1, cy1]`; `None` when there is none.
pub(super) fn inner_cells(window: [u32; 4]) -> Option<[u32; 4]> {
    let first = |v: u32| (u64::from(v) + (1 << SHIFT) - 1) >> SHIFT;
    let last = |v: u32| ((u64::from(v) + 1) >> SHIFT).checked_sub(1);
    let (cx0, cy0) = (first(window[0]), first(window[1]));
    let (cx1, cy1) = (last(window[2])?, last(window[3])?);
    (cx0 <= cx1 && cy0 <= cy1).then_some([cx0 as u32, cy0 as u32, cx1 as u32, cy1 as u32])
}

/// The parts of `window` outside the cells `inner`: at most four strips, apart from each other.
pub(super) fn border(window: [u32; 4], inner: [u32; 4]) -> Vec<[u32; 4]> {
    let [x0, y0, x1, y1] = window;
    let start = |c: u32| (u64::from(c) << SHIFT) as u32;
    let end = |c: u32| ((u64::from(c + 1) << SHIFT) - 1) as u32;
    let (ix0, iy0, ix1, iy1) = (
        start(inner[0]),
        start(inner[1]),
        end(inner[2]),
        end(inner[3]),
    );
    let mut strips = Vec::with_capacity(4);
    if iy0 > y0 {
        strips.push([x0, y0, x1, iy0 - 1]);
    }
    if iy1 < y1 {
        strips.push([x0, iy1 + 1, x1, y1]);
    }
    if ix0 > x0 {
        strips.push([x0, iy0, ix0 - 1, iy1]);
    }
    if ix1 < x1 {
        strips.push([ix1 + 1, iy0, x1, iy1]);
    }
    strips
}
