//! Period and late filters in wide windows without reading each report (issue 19: at zooms
//! 8–13 a window holds a town or more, and "made in June to August" read a quarter of its
//! reports, "late" every open one). The plain filters' groups (`index_pyramid.rs`) cannot
//! answer these: whether a report passes depends on a time, not only on codes it shares with
//! its group. So the same groups (a cell of a level and the codes asked about) are kept here
//! with their reports in order of a time — the creation time for a period, the time a report
//! becomes late for "late":
//! - the reports of a group that pass are one stretch of it, found by binary search (made in
//!   the period; late: due before now, an open report whose deadline runs);
//! - the stretch's counts, coordinate sums and counts per status and category are differences
//!   of running tallies kept at every block of 16 reports, its extent comes from the blocks'
//!   extents, and the reports at the stretch's two ends are added one by one.
//!
//! The border of the window, where cells are cut, is read report by report as before; the
//! answer is the scan's, to the bit (the unit test that compares groups with scanning covers
//! both filters). Built when a query needs it and the columns changed since the last build,
//! like the plain groups; not kept where the groups would be short (few reports each).

use super::pyramid::{in_cells, shift_of, Alike, Asked};
use super::scan::category_slot;
use super::{Acc, Columns, Compiled, Part, Sums, CLUSTER_CATEGORIES};
use crate::report::domain::ReportStatus;
use std::ops::Range;

/// Reports whose tallies and extent are kept together (their places here, from 0).
const BLOCK: usize = 16;

/// Fewer reports than this per group on average: reading the passing ones one by one costs
/// about as much, and the groups are not kept.
const WORTH: usize = 32;

/// Which time orders a group's reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
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

/// Counts and sums of the reports before a place, per status and category too.
#[derive(Clone, Copy, Default)]
struct Tally {
    count: u32,
    sum_x: u64,
    sum_y: u64,
    statuses: [u32; ReportStatus::ALL.len()],
    categories: [u32; CLUSTER_CATEGORIES],
}

/// The groups of one version of the columns, sorted by cell row and column, with their
/// reports' times, places, codes and positions, in group order and by time within each.
pub(super) struct Timed {
    order: Order,
    shift: u32,
    groups: Vec<Group>,
    time: Vec<i64>,
    x: Vec<u32>,
    y: Vec<u32>,
    status: Vec<u8>,
    category: Vec<u8>,
    p: Vec<u32>,
    /// The tally before each block's first place (one more than the blocks).
    before: Vec<Tally>,
    /// Per block of [`BLOCK`] places: least x, least y, greatest x, greatest y.
    blocks: Vec<[u32; 4]>,
}

impl Timed {
    /// One pass over the columns and a sort (every visible report for a period, the open ones
    /// for "late"); `None` when the groups would be short.
    pub(super) fn build(c: &Columns, level: u32, asked: Asked, order: Order) -> Option<Timed> {
        let shift = shift_of(level);
        let mut items: Vec<(u128, i64, u32)> = (0..c.id.len())
            .filter(|&p| !c.hidden[p] && (order == Order::Made || c.open(p)))
            .map(|p| {
                let time = match order {
                    Order::Made => c.created[p],
                    Order::Late if c.due[p] < c.paused[p] => c.due[p],
                    Order::Late => i64::MAX,
                };
                (Alike::of(c, p, shift, asked).key(), time, p as u32)
            })
            .collect();
        items.sort_unstable();
        let n = items.len();
        let groups = items.windows(2).filter(|w| w[0].0 != w[1].0).count() + 1;
        if groups * WORTH > n {
            return None;
        }
        let mut t = Timed {
            order,
            shift,
            groups: Vec::with_capacity(groups),
            time: Vec::with_capacity(n),
            x: Vec::with_capacity(n),
            y: Vec::with_capacity(n),
            status: Vec::with_capacity(n),
            category: Vec::with_capacity(n),
            p: Vec::with_capacity(n),
            before: Vec::with_capacity(n / BLOCK + 1),
            blocks: Vec::with_capacity(n.div_ceil(BLOCK)),
        };
        let mut tally = Tally::default();
        for (i, &(key, time, p)) in items.iter().enumerate() {
            let p = p as usize;
            if i == 0 || items[i - 1].0 != key {
                if let Some(last) = t.groups.last_mut() {
                    last.end = i as u32;
                }
                t.groups.push(Group {
                    alike: Alike::of(c, p, shift, asked),
                    start: i as u32,
                    end: n as u32,
                });
            }
            let (x, y) = (c.x[p], c.y[p]);
            if i.is_multiple_of(BLOCK) {
                t.before.push(tally);
                t.blocks.push([x, y, x, y]);
            } else if let Some(b) = t.blocks.last_mut() {
                *b = [b[0].min(x), b[1].min(y), b[2].max(x), b[3].max(y)];
            }
            tally.count += 1;
            tally.sum_x += u64::from(x);
            tally.sum_y += u64::from(y);
            tally.statuses[c.status[p] as usize] += 1;
            tally.categories[category_slot(c.category[p])] += 1;
            t.time.push(time);
            t.x.push(x);
            t.y.push(y);
            t.status.push(c.status[p]);
            t.category.push(c.category[p]);
            t.p.push(p as u32);
        }
        t.before.push(tally);
        Some(t)
    }

    /// About the memory it holds.
    pub(super) fn bytes(&self) -> usize {
        self.time.len() * (8 + 4 + 4 + 1 + 1 + 4)
            + self.before.len() * std::mem::size_of::<Tally>()
            + self.blocks.len() * 16
            + self.groups.len() * std::mem::size_of::<Group>()
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

    /// Adds the report at place `i` to `acc`.
    fn add_one(&self, acc: &mut Acc, i: usize) {
        let (x, y) = (self.x[i], self.y[i]);
        acc.add(
            &Sums::one(self.p[i] as usize, x, y),
            self.status[i],
            self.category[i],
        );
    }

    /// The sums of the reports at places `a..b` (not empty): whole blocks from the tallies,
    /// the places before the first and after the last one by one.
    fn sums(&self, a: usize, b: usize) -> Acc {
        let mut acc = Acc::default();
        let (first, last) = (a.div_ceil(BLOCK), b / BLOCK);
        if first >= last {
            (a..b).for_each(|i| self.add_one(&mut acc, i));
            return acc;
        }
        (a..first * BLOCK).for_each(|i| self.add_one(&mut acc, i));
        let (lo, hi) = (&self.before[first], &self.before[last]);
        let extent = self.blocks[first..last]
            .iter()
            .fold([u32::MAX, u32::MAX, 0, 0], |e, b| {
                [
                    e[0].min(b[0]),
                    e[1].min(b[1]),
                    e[2].max(b[2]),
                    e[3].max(b[3]),
                ]
            });
        let mut whole = Acc {
            sums: Sums {
                count: hi.count - lo.count,
                sum_x: hi.sum_x - lo.sum_x,
                sum_y: hi.sum_y - lo.sum_y,
                min_x: extent[0],
                min_y: extent[1],
                max_x: extent[2],
                max_y: extent[3],
                first: self.p[first * BLOCK],
            },
            ..Acc::default()
        };
        for (s, (h, l)) in whole
            .statuses
            .iter_mut()
            .zip(hi.statuses.iter().zip(&lo.statuses))
        {
            *s = h - l;
        }
        for (k, (h, l)) in whole
            .categories
            .iter_mut()
            .zip(hi.categories.iter().zip(&lo.categories))
        {
            *k = h - l;
        }
        acc.merge(&whole);
        (last * BLOCK..b).for_each(|i| self.add_one(&mut acc, i));
        acc
    }

    /// Adds the reports passing `f` in the groups of the cells `[cx0, cy0, cx1, cy1]`
    /// (inclusive) to `part`, as the scan adds them.
    pub(super) fn add_into(&self, inner: [u32; 4], f: &Compiled, part: &mut Part) {
        for g in in_cells(&self.groups, inner, |g| g.alike).filter(|g| g.alike.passes(f)) {
            let (start, end) = (g.start as usize, g.end as usize);
            let passing = self.passing(&self.time[start..end], f);
            if !passing.is_empty() {
                let acc = self.sums(start + passing.start, start + passing.end);
                g.alike.add_to(part, self.shift, &acc);
            }
        }
    }
}
