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

/// What the reports of a group share: their cell of zoom 11 and every plain filter's codes.
#[derive(Debug, Clone, Copy)]
pub(super) struct Alike {
    pub(super) cx: u32,
    pub(super) cy: u32,
    category: u8,
    status: u8,
    department: u8,
    district: u8,
    channel: u8,
}

impl Alike {
    pub(super) fn of(c: &Columns, p: usize) -> Alike {
        Alike {
            cx: c.x[p] >> SHIFT,
            cy: c.y[p] >> SHIFT,
            category: c.category[p],
            status: c.status[p],
            department: c.department[p],
            district: c.district[p],
            channel: c.channel[p],
        }
    }

    /// One number for all of it, in order of cell row, then column: 13 + 13 bits of cell, then
    /// the five codes (status and channel fit in 8 bits too).
    pub(super) fn key(&self) -> u64 {
        (u64::from(self.cy) << 51)
            | (u64::from(self.cx) << 38)
            | (u64::from(self.category) << 30)
            | (u64::from(self.status) << 24)
            | (u64::from(self.department) << 16)
            | (u64::from(self.district) << 8)
            | u64::from(self.channel)
    }

    pub(super) fn passes(&self, f: &Compiled) -> bool {
        f.codes_match(
            self.category,
            self.status,
            self.department,
            self.district,
            self.channel,
        )
    }

    /// Adds `sums` of reports like this to `part`, as the scan adds them one by one.
    pub(super) fn add_to(&self, part: &mut Part, sums: &Sums) {
        let i = part.grid.index(self.cx << SHIFT, self.cy << SHIFT);
        part.cells[i].add(sums, self.status, self.category);
        part.total += u64::from(sums.count);
    }
}

/// Reports alike, with their sums.
#[derive(Debug, Clone, Copy)]
struct Group {
    alike: Alike,
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
            let alike = Alike::of(c, p);
            let next = groups.len() as u32;
            let i = *at.entry(alike.key()).or_insert(next) as usize;
            if i == groups.len() {
                groups.push(Group {
                    alike,
                    sums: Sums::default(),
                });
            }
            groups[i].sums.add(&Sums::one(p, c.x[p], c.y[p]));
        }
        // Stable: groups of a cell keep the order of their first reports.
        groups.sort_by_key(|g| (g.alike.cy, g.alike.cx));
        Pyramid { groups }
    }

    /// Adds the groups of the cells `[cx0, cy0, cx1, cy1]` (inclusive) that pass `f` to
    /// `part`, as the scan adds reports.
    pub(super) fn add_into(&self, inner: [u32; 4], f: &Compiled, part: &mut Part) {
        for g in in_cells(&self.groups, inner, |g| g.alike).filter(|g| g.alike.passes(f)) {
            g.alike.add_to(part, &g.sums);
        }
    }
}

/// The groups of `sorted` (by cell row, then column) in the cells `[cx0, cy0, cx1, cy1]`
/// (inclusive), row by row.
pub(super) fn in_cells<'a, G>(
    sorted: &'a [G],
    inner: [u32; 4],
    alike: impl Fn(&G) -> Alike + Copy + 'a,
) -> impl Iterator<Item = &'a G> + 'a {
    let row_col = move |g: &G| {
        let a = alike(g);
        (a.cy, a.cx)
    };
    (inner[1]..=inner[3]).flat_map(move |cy| {
        let lo = sorted.partition_point(|g| row_col(g) < (cy, inner[0]));
        let hi = sorted.partition_point(|g| row_col(g) <= (cy, inner[2]));
        sorted[lo..hi].iter()
    })
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
