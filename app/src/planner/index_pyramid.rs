//! Wide windows without reading every report (issue 19: at zooms 8–13 a window holds a whole
//! town or more, and each query read every report in it). The reports are grouped by cell of a
//! level (64 pixels at zoom 9, 11, 13 or 15) and by the codes the filter asks about (of
//! category, status, department, district and channel: only those, so a filter asking little
//! has few groups), each group with its count, coordinate sums, extent, first report and counts
//! per status and category (`Acc`, as a query's cell adds up). A query whose filter asks
//! nothing else (no period, overdue, words or answers) and wants no heat adds up the groups of
//! the cells wholly inside its window, at the first level at or above its zoom (whose cells
//! fit a whole number of times in the query's); in the strips left at the window's border,
//! where those cells are cut, the groups of the next finer level's cells wholly inside, and so
//! on; only what is left after the finest is read report by report. The answer is the scan's,
//! to the bit: every matching report in
//! exactly one cluster, with the same centroid, extent, colours and reference (a test compares
//! the two). Where the groups would be nearly as many as the reports (a filter asking about
//! every code, at the finest level), they are not kept and the window is scanned.
//!
//! Built when a query needs them and the columns changed since they were built
//! (`Columns::version`), so an update costs one rebuild at the next query that uses them; the
//! most recently used are kept, within a memory budget ([`Shelf`]).

use super::{Acc, Columns, Compiled, Part, Sums, CELL_PX_SHIFT};
use std::collections::HashMap;

/// The zooms whose cells groups are made for.
const LEVELS: [u32; 4] = [9, 11, 13, 15];

/// The levels whose groups can answer a query at `zoom`, coarsest first: those at or above
/// it (their cells fit a whole number of times in the query's).
pub(super) fn levels_from(zoom: u32) -> impl Iterator<Item = u32> {
    LEVELS.into_iter().filter(move |&level| level >= zoom)
}

/// From a coordinate to its cell at `level` (64 pixels at that zoom).
pub(super) fn shift_of(level: u32) -> u32 {
    32 - (level + 8) + CELL_PX_SHIFT
}

const CATEGORY: u8 = 1;
const STATUS: u8 = 2;
const DEPARTMENT: u8 = 4;
const DISTRICT: u8 = 8;
const CHANNEL: u8 = 16;

/// Which of the five codes a filter asks about, one bit each.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(super) struct Asked(u8);

impl Asked {
    pub(super) fn of(f: &Compiled) -> Asked {
        let bit = |asked: bool, b: u8| if asked { b } else { 0 };
        Asked(
            bit(!f.categories.is_all(), CATEGORY)
                | bit(!f.statuses.is_all(), STATUS)
                | bit(!f.departments.is_all(), DEPARTMENT)
                | bit(!f.districts.is_all(), DISTRICT)
                | bit(!f.channels.is_all(), CHANNEL),
        )
    }

    /// `code` when its bit is asked, else 0 (every report alike in it).
    fn keep(self, bit: u8, code: u8) -> u8 {
        if self.0 & bit != 0 {
            code
        } else {
            0
        }
    }
}

/// What the reports of a group share: their cell at a level and the codes asked about (the
/// others are 0 here, and a filter not asking about them lets every code pass).
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
    pub(super) fn of(c: &Columns, p: usize, shift: u32, asked: Asked) -> Alike {
        Alike {
            cx: c.x[p] >> shift,
            cy: c.y[p] >> shift,
            category: asked.keep(CATEGORY, c.category[p]),
            status: asked.keep(STATUS, c.status[p]),
            department: asked.keep(DEPARTMENT, c.department[p]),
            district: asked.keep(DISTRICT, c.district[p]),
            channel: asked.keep(CHANNEL, c.channel[p]),
        }
    }

    /// One number for all of it, in order of cell row, then column: 32 + 32 bits of cell, then
    /// the five codes.
    pub(super) fn key(&self) -> u128 {
        (u128::from(self.cy) << 72)
            | (u128::from(self.cx) << 40)
            | (u128::from(self.category) << 32)
            | (u128::from(self.status) << 24)
            | (u128::from(self.department) << 16)
            | (u128::from(self.district) << 8)
            | u128::from(self.channel)
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

    /// Adds `acc`, of reports like this, to `part`, as the scan adds them one by one.
    pub(super) fn add_to(&self, part: &mut Part, shift: u32, acc: &Acc) {
        let i = part.grid.index(self.cx << shift, self.cy << shift);
        part.cells[i].merge(acc);
        part.total += u64::from(acc.sums.count);
    }
}

/// Reports alike, with their sums.
#[derive(Clone, Copy)]
struct Group {
    alike: Alike,
    acc: Acc,
}

/// Fewer reports than this per group on average: the groups are not worth keeping (adding one
/// up costs about as much as reading a few reports).
const WORTH: usize = 8;

/// The groups of one version of the columns at one level for one set of codes asked, sorted
/// by cell row and column.
pub(super) struct Pyramid {
    shift: u32,
    groups: Vec<Group>,
}

impl Pyramid {
    /// Groups every report that is not hidden (one pass and a sort; about 60 ms at a
    /// million reports); `None` when the groups would not be worth it.
    pub(super) fn build(c: &Columns, level: u32, asked: Asked) -> Option<Pyramid> {
        let shift = shift_of(level);
        let mut at: HashMap<u128, u32> = HashMap::new();
        let mut groups: Vec<Group> = Vec::new();
        let mut visible = 0;
        for p in 0..c.id.len() {
            if c.hidden[p] {
                continue;
            }
            visible += 1;
            let alike = Alike::of(c, p, shift, asked);
            let next = groups.len() as u32;
            let i = *at.entry(alike.key()).or_insert(next) as usize;
            if i == groups.len() {
                if groups.len() * WORTH > c.id.len() {
                    return None;
                }
                groups.push(Group {
                    alike,
                    acc: Acc::default(),
                });
            }
            groups[i]
                .acc
                .add(&Sums::one(p, c.x[p], c.y[p]), c.status[p], c.category[p]);
        }
        if groups.len() * WORTH > visible {
            return None;
        }
        // Stable: groups of a cell keep the order of their first reports.
        groups.sort_by_key(|g| (g.alike.cy, g.alike.cx));
        Some(Pyramid { shift, groups })
    }

    /// Adds the groups of the cells `[cx0, cy0, cx1, cy1]` (inclusive) that pass `f` to
    /// `part`, as the scan adds reports.
    pub(super) fn add_into(&self, inner: [u32; 4], f: &Compiled, part: &mut Part) {
        for g in in_cells(&self.groups, inner, |g| g.alike).filter(|g| g.alike.passes(f)) {
            g.alike.add_to(part, self.shift, &g.acc);
        }
    }

    /// About the memory it holds.
    pub(super) fn bytes(&self) -> usize {
        self.groups.len() * std::mem::size_of::<Group>()
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

/// The cells (of `shift`) wholly inside `window` (`[x0, y0, x1, y1]`, inclusive), as
/// `[cx0, cy0, cx1, cy1]`; `None` when there is none.
pub(super) fn inner_cells(window: [u32; 4], shift: u32) -> Option<[u32; 4]> {
    let first = |v: u32| (u64::from(v) + (1 << shift) - 1) >> shift;
    let last = |v: u32| ((u64::from(v) + 1) >> shift).checked_sub(1);
    let (cx0, cy0) = (first(window[0]), first(window[1]));
    let (cx1, cy1) = (last(window[2])?, last(window[3])?);
    (cx0 <= cx1 && cy0 <= cy1).then_some([cx0 as u32, cy0 as u32, cx1 as u32, cy1 as u32])
}

/// The parts of `window` outside the cells `inner` (of `shift`): at most four strips, apart
/// from each other.
pub(super) fn border(window: [u32; 4], inner: [u32; 4], shift: u32) -> Vec<[u32; 4]> {
    let [x0, y0, x1, y1] = window;
    let start = |c: u32| (u64::from(c) << shift) as u32;
    let end = |c: u32| ((u64::from(c + 1) << shift) - 1) as u32;
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

/// What a [`Shelf`] holds: plain or timed groups.
pub(super) enum Built {
    Plain(Option<Pyramid>),
    Timed(Option<super::timed::Timed>),
}

impl Built {
    /// Kept, not left out as not worth it.
    pub(super) fn worth(&self) -> bool {
        match self {
            Built::Plain(p) => p.is_some(),
            Built::Timed(t) => t.is_some(),
        }
    }

    /// Adds the groups of the cells `inner` that pass `f` to `part` (nothing when not kept).
    pub(super) fn add_into(&self, inner: [u32; 4], f: &Compiled, part: &mut Part) {
        match self {
            Built::Plain(p) => p.iter().for_each(|p| p.add_into(inner, f, part)),
            Built::Timed(t) => t.iter().for_each(|t| t.add_into(inner, f, part)),
        }
    }

    fn bytes(&self) -> usize {
        match self {
            Built::Plain(p) => p.as_ref().map_or(0, Pyramid::bytes),
            Built::Timed(t) => t.as_ref().map_or(0, super::timed::Timed::bytes),
        }
    }
}

/// Which groups: a level, the codes asked, and the time order (`None`: plain).
pub(super) type Which = (u32, Asked, Option<super::timed::Order>);

/// The groups built from one version of the columns, the most recently used first kept: at
/// most [`BUDGET`] bytes of them (at a million reports, a plain set is a few megabytes, a
/// timed one about 35).
#[derive(Default)]
pub(super) struct Shelf {
    version: u64,
    tick: u64,
    built: HashMap<Which, (u64, std::sync::Arc<Built>)>,
}

const BUDGET: usize = 256 << 20;

impl Shelf {
    /// What was built for `which` from `version` of the columns, if it was.
    pub(super) fn get(&mut self, version: u64, which: Which) -> Option<std::sync::Arc<Built>> {
        if self.version != version {
            self.built.clear();
            self.version = version;
        }
        self.tick += 1;
        let tick = self.tick;
        self.built.get_mut(&which).map(|(used, b)| {
            *used = tick;
            b.clone()
        })
    }

    /// Keeps `built` for `which`, dropping the least recently used beyond the budget.
    pub(super) fn put(&mut self, version: u64, which: Which, built: std::sync::Arc<Built>) {
        if self.version != version {
            return;
        }
        self.tick += 1;
        self.built.insert(which, (self.tick, built));
        while self.built.len() > 1
            && self.built.values().map(|(_, b)| b.bytes()).sum::<usize>() > BUDGET
        {
            let oldest = self
                .built
                .iter()
                .min_by_key(|(_, (used, _))| *used)
                .map(|(w, _)| *w);
            if let Some(w) = oldest {
                self.built.remove(&w);
            }
        }
    }

    /// How many are kept of each kind (plain, made, late): for tests.
    #[cfg(test)]
    pub(super) fn kinds(&self) -> [usize; 3] {
        use super::timed::Order;
        let count = |o: Option<Order>| {
            self.built
                .iter()
                .filter(|((_, _, order), (_, b))| *order == o && b.worth())
                .count()
        };
        [
            count(None),
            count(Some(Order::Made)),
            count(Some(Order::Late)),
        ]
    }
}
