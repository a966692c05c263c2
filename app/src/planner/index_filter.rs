//! A planner filter compiled to the index's own terms (code sets, seconds, interned answers),
//! and the check of one report against it.

use super::{channel_code, status_code, timed, Columns};
use crate::planner::domain::PlannerFilter;
use chrono::{DateTime, NaiveDate, Utc};

/// A set of small codes (at most 64).
#[derive(Debug, Clone, Copy)]
pub(super) struct CodeSet(u64);

impl CodeSet {
    pub(super) const ALL: CodeSet = CodeSet(u64::MAX);

    /// The codes of the values a filter asks for (`code` of each, a value without one
    /// matching nothing), or every code when it asks for none.
    fn asked<T>(wanted: &[T], code: impl Fn(&T) -> Option<u8>) -> CodeSet {
        if wanted.is_empty() {
            return CodeSet::ALL;
        }
        CodeSet(
            wanted
                .iter()
                .filter_map(code)
                .filter(|c| *c < 64)
                .fold(0, |acc, c| acc | (1 << c)),
        )
    }

    pub(super) fn has(self, code: u8) -> bool {
        code < 64 && self.0 & (1 << code) != 0
    }
    pub(super) fn is_all(self) -> bool {
        self.0 == u64::MAX
    }
}

/// The filter in the index's own terms, checked per report.
pub(super) struct Compiled {
    pub(super) categories: CodeSet,
    pub(super) statuses: CodeSet,
    pub(super) departments: CodeSet,
    pub(super) districts: CodeSet,
    pub(super) channels: CodeSet,
    pub(super) from: i64,
    /// Before this second (the day after `to`).
    pub(super) until: i64,
    pub(super) overdue_before: Option<i64>,
    pub(super) text: Option<String>,
    /// Per question asked about, the interned `question=value` ids of the values asked
    /// for: a match has one of each group (a value nobody gave has no id; a group left
    /// empty matches nothing).
    pub(super) answers: Vec<Vec<u32>>,
}

impl Compiled {
    /// A report (or a group of them) with these codes passes the filter's code sets.
    pub(super) fn codes_match(
        &self,
        category: u8,
        status: u8,
        department: u8,
        district: u8,
        channel: u8,
    ) -> bool {
        self.categories.has(category)
            && self.statuses.has(status)
            && self.departments.has(department)
            && self.districts.has(district)
            && self.channels.has(channel)
    }

    /// Asks for a period or for late reports (the timeline's terms).
    pub(super) fn timed(&self) -> bool {
        self.from != i64::MIN || self.until != i64::MAX || self.overdue_before.is_some()
    }

    /// Asks a period or late reports (not both) besides what every report of a group shares
    /// (no words or answers): the order in which the low zooms' timed groups answer it.
    pub(super) fn timed_alone(&self) -> Option<timed::Order> {
        if self.text.is_some() || !self.answers.is_empty() {
            return None;
        }
        let period = self.from != i64::MIN || self.until != i64::MAX;
        match (period, self.overdue_before.is_some()) {
            (true, false) => Some(timed::Order::Made),
            (false, true) => Some(timed::Order::Late),
            (true, true) | (false, false) => None,
        }
    }

    /// Asks only what every report of a group shares: category, status, department, district
    /// and channel (no period, overdue, words or answers).
    pub(super) fn plain(&self) -> bool {
        self.from == i64::MIN
            && self.until == i64::MAX
            && self.overdue_before.is_none()
            && self.text.is_none()
            && self.answers.is_empty()
    }
}

impl Columns {
    /// The report at `p` is shown and passes the filter.
    pub(super) fn matches(&self, p: usize, f: &Compiled) -> bool {
        !self.hidden[p]
            && f.codes_match(
                self.category[p],
                self.status[p],
                self.department[p],
                self.district[p],
                self.channel[p],
            )
            && self.created[p] >= f.from
            && self.created[p] < f.until
            && f.overdue_before.is_none_or(|now| self.late(p, now))
            && f.text
                .as_ref()
                .is_none_or(|t| memchr::memmem::find(self.description(p), t.as_bytes()).is_some())
            && (f.answers.is_empty() || {
                let given = self.answers_of(p);
                f.answers
                    .iter()
                    .all(|group| group.iter().any(|id| given.binary_search(id).is_ok()))
            })
    }

    /// The filter in the index's terms: codes from the columns' dictionaries, days as seconds.
    pub(super) fn compile(&self, filter: &PlannerFilter, now: DateTime<Utc>) -> Compiled {
        Compiled {
            categories: CodeSet::asked(&filter.category, in_dict(&self.categories)),
            statuses: CodeSet::asked(&filter.status, |s| Some(status_code(*s))),
            departments: CodeSet::asked(&filter.department, in_dict(&self.departments)),
            districts: CodeSet::asked(&filter.district, in_dict(&self.districts)),
            channels: CodeSet::asked(&filter.channel, |c| Some(channel_code(*c))),
            from: filter.from.map_or(i64::MIN, day_start),
            until: filter
                .to
                .and_then(|d| d.succ_opt())
                .map_or(i64::MAX, day_start),
            overdue_before: filter.overdue.then_some(now.timestamp()),
            text: filter
                .q
                .as_deref()
                .map(|q| q.trim().to_lowercase())
                .filter(|q| !q.is_empty()),
            answers: {
                let mut groups: Vec<(&str, Vec<u32>)> = Vec::new();
                for (q, v) in &filter.answer {
                    let id = self.answer_dict.get(&format!("{q}={v}")).copied();
                    match groups.iter_mut().find(|(g, _)| g == q) {
                        Some((_, ids)) => ids.extend(id),
                        None => groups.push((q.as_str(), id.into_iter().collect())),
                    }
                }
                groups.into_iter().map(|(_, ids)| ids).collect()
            },
        }
    }
}

/// A value's code in a column's dictionary (interned: each value once), if it has one.
fn in_dict(dict: &[String]) -> impl Fn(&String) -> Option<u8> + '_ {
    |wanted| {
        dict.iter()
            .position(|d| d == wanted)
            .and_then(|i| u8::try_from(i).ok())
    }
}

/// Seconds since 1970 at the start of a day (UTC).
fn day_start(d: NaiveDate) -> i64 {
    d.and_hms_opt(0, 0, 0)
        .map_or(0, |t| t.and_utc().timestamp())
}
