//! Period and overdue filters without reading every report of the window (issue 19: at zooms
//! 8–11 a window holds nearly every report, and "made in June" or "late" read them all to keep
//! a few). Two ways to read only part of each bucket:
//! - a bucket's reports are in order of creation (`Columns::rebucket`, which keeps their
//!   creation times beside the keys), so a period is one stretch of each bucket, found by
//!   binary search;
//! - the open reports' places in bucket order are listed (built from the columns when a query
//!   needs it and they changed, like the low zooms' groups), so "late" reads the open ones.
//!
//! Every report read is checked against window and filter as the scan checks it, so the answer
//! is the scan's, to the bit (a unit test compares the two).

use super::{Columns, Compiled};
use std::ops::Range;

pub(super) struct Timeline {
    /// Places in `Columns::bucketed` of the visible open reports, ascending (a late report is
    /// open and past due).
    open: Vec<u32>,
}

impl Timeline {
    /// One pass over the columns.
    pub(super) fn build(c: &Columns) -> Timeline {
        let open = (0..c.bucketed.len() as u32)
            .filter(|&i| {
                let p = c.bucketed[i as usize] as usize;
                !c.hidden[p] && c.open(p)
            })
            .collect();
        Timeline { open }
    }

    /// Calls `check` with the places in `range` (of one row of buckets) that can pass `f`:
    /// the open ones when `f` asks for late reports, the stretch of each bucket made in
    /// `f`'s period when it asks for one, else all.
    pub(super) fn read(
        &self,
        c: &Columns,
        range: Range<usize>,
        f: &Compiled,
        check: &mut impl FnMut(usize),
    ) {
        if f.overdue_before.is_some() {
            let lo = self.open.partition_point(|&i| (i as usize) < range.start);
            let hi = self.open.partition_point(|&i| (i as usize) < range.end);
            self.open[lo..hi].iter().for_each(|&i| check(i as usize));
        } else if f.from != i64::MIN || f.until != i64::MAX {
            let mut start = range.start;
            while start < range.end {
                let key = c.bucket_keys[start];
                let end = start + c.bucket_keys[start..range.end].partition_point(|&k| k == key);
                let made = &c.bucket_created[start..end];
                let lo = start + made.partition_point(|&t| t < f.from);
                let hi = start + made.partition_point(|&t| t < f.until);
                (lo..hi.max(lo)).for_each(&mut *check);
                start = end;
            }
        } else {
            range.for_each(check);
        }
    }
}
