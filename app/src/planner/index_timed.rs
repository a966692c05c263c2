//! Period and late filters at low zooms without reading each report (issue 19: at zooms 8–11 a
//! window holds nearly every report, and "made in June to August" read a quarter of them, "late"
//! every open one). The plain filters' groups (`index_pyramid.rs`) cannot answer these: whether
//! a report passes depends on a time, not only on codes it shares with its group. So the same
//! groups (64-pixel cell of zoom 11 and the five codes) are kept here with their reports in
//! order of a time — the creation time for a period, the time a report becomes late for
//! "late" — and sums from the group's start to every report:
//! - the reports of a group that pass are one stretch of it, found by binary search (made in
//!   the period; late: due before now, an open report whose deadline runs);
//! - the stretch's count and coordinate sums are differences of the running sums, its extent
//!   comes from blocks of 16 reports with their extent, and the reports at the stretch's two
//!   ends.
//!
//! The border of the window, where cells are cut, is read report by report as before; the
//! answer is the scan's, to the bit (the unit test that compares groups with scanning covers
//! both filters). Built when a query needs it and the columns changed since the last build,
//! like the plain groups.

use super::pyramid::{in_cells, Alike};
use super::{Columns, Compiled, Part, Sums};
use std::ops::Range;

/// Reports whose extent is kept together (their positions in the order here, from 0).
const BLOCK: usize = 16;

/// Which time orders a group's reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Order {
    /// Creation: every visible report, for a period.
    Made,
    /// When it becomes late: the visible open reports; one whose deadline is paused at or
    /// before it falls due never does (last, at `i64::MAX`).
    Late,
}

/// Reports alike: their stretch of [`Timed`]'s columns.
#[derive(Debug, Clone, Copy)]
struct Group {
    alike: Alike,
    start: u32,
    end: u32,
}

/// The groups of one version of the columns, sorted by cell row and column, with their
/// reports' times, places and positions, in group order and by time within each.
pub(super) struct Timed {
    order: Order,
    groups: Vec<Group>,
    time: Vec<i64>,
    x: Vec<u32>,
    y: Vec<u32>,
    p: Vec<u32>,
    /// Sums of `x` and `y` before each place (one more than the reports).
    before_x: Vec<u64>,
    before_y: Vec<u64>,
    /// Per block of [`BLOCK`] places: least x, least y, greatest x, greatest y.
    blocks: Vec<[u32; 4]>,
}

impl Timed {
    /// One pass over the columns and a sort (at a million reports about as long as the plain
    /// groups' build, for a period; the open reports only, for "late").
    pub(super) fn build(c: &Columns, order: Order) -> Timed {
        let mut items: Vec<(u64, i64, u32)> = (0..c.id.len())
            .filter(|&p| !c.hidden[p] && (order == Order::Made || c.open(p)))
            .map(|p| {
                let time = match order {
                    Order::Made => c.created[p],
                    Order::Late if c.due[p] < c.paused[p] => c.due[p],
                    Order::Late => i64::MAX,
                };
                (Alike::of(c, p).key(), time, p as u32)
            })
            .collect();
        items.sort_unstable();
        let n = items.len();
        let mut t = Timed {
            order,
            groups: Vec::new(),
            time: Vec::with_capacity(n),
            x: Vec::with_capacity(n),
            y: Vec::with_capacity(n),
            p: Vec::with_capacity(n),
            before_x: Vec::with_capacity(n + 1),
            before_y: Vec::with_capacity(n + 1),
            blocks: Vec::with_capacity(n.div_ceil(BLOCK)),
        };
        let (mut sum_x, mut sum_y) = (0u64, 0u64);
        for (i, &(key, time, p)) in items.iter().enumerate() {
            let p = p as usize;
            if i == 0 || items[i - 1].0 != key {
                if let Some(last) = t.groups.last_mut() {
                    last.end = i as u32;
                }
                t.groups.push(Group {
                    alike: Alike::of(c, p),
                    start: i as u32,
                    end: n as u32,
                });
            }
            let (x, y) = (c.x[p], c.y[p]);
            t.before_x.push(sum_x);
            t.before_y.push(sum_y);
            sum_x += u64::from(x);
            sum_y += u64::from(y);
            if i.is_multiple_of(BLOCK) {
                t.blocks.push([x, y, x, y]);
            } else if let Some(b) = t.blocks.last_mut() {
                *b = [b[0].min(x), b[1].min(y), b[2].max(x), b[3].max(y)];
            }
            t.time.push(time);
            t.x.push(x);
            t.y.push(y);
            t.p.push(p as u32);
        }
        t.before_x.push(sum_x);
        t.before_y.push(sum_y);
        t
    }

    /// The places of a group's reports (`times`, in order) that pass `f`'s period or late term.
    fn passing(&self, times: &[i64], f: &Compiled) -> Range<usize> {
        match self.order {
            Order::Made => {
                times.partition_point(|&t| t < f.from)..times.partition_point(|&t| t < f.until)
            }
            Order::Late => {
                let now = f.overdue_before.unwrap_or(i64::MIN);
                0..times.partition_point(|&t| t < now)
            }
        }
    }

    /// The sums of the reports at places `a..b` (not empty).
    fn sums(&self, a: usize, b: usize) -> Sums {
        let mut extent = [u32::MAX, u32::MAX, 0, 0];
        let mut i = a;
        while i < b {
            if i.is_multiple_of(BLOCK) && i + BLOCK <= b {
                let e = self.blocks[i / BLOCK];
                extent = [
                    extent[0].min(e[0]),
                    extent[1].min(e[1]),
                    extent[2].max(e[2]),
                    extent[3].max(e[3]),
                ];
                i += BLOCK;
            } else {
                let (x, y) = (self.x[i], self.y[i]);
                extent = [
                    extent[0].min(x),
                    extent[1].min(y),
                    extent[2].max(x),
                    extent[3].max(y),
                ];
                i += 1;
            }
        }
        Sums {
            count: (b - a) as u32,
            sum_x: self.before_x[b] - self.before_x[a],
            sum_y: self.before_y[b] - self.before_y[a],
            min_x: extent[0],
            min_y: extent[1],
            max_x: extent[2],
            max_y: extent[3],
            first: self.p[a],
        }
    }

    /// Adds the reports passing `f` in the groups of the cells `[cx0, cy0, cx1, cy1]`
    /// (inclusive) to `part`, as the scan adds them.
    pub(super) fn add_into(&self, inner: [u32; 4], f: &Compiled, part: &mut Part) {
        for g in in_cells(&self.groups, inner, |g| g.alike).filter(|g| g.alike.passes(f)) {
            let (start, end) = (g.start as usize, g.end as usize);
            let passing = self.passing(&self.time[start..end], f);
            if !passing.is_empty() {
                g.alike
                    .add_to(part, &self.sums(start + passing.start, start + passing.end));
            }
        }
    }
}
