//! "Is it fixed?" in the planner's figures: the answers joined to the index's reports, so the
//! planners' filter (and what a user may read) applies to them as to every other figure.

use super::PlannerIndex;
use crate::planner::domain::{FeedbackCount, FeedbackFigures, PlannerFilter};
use crate::port::FeedbackFact;
use chrono::{DateTime, Utc};
use std::collections::HashMap;

impl PlannerIndex {
    /// The answers to "is it fixed?" about the reports matching `filter`, counted per
    /// category, department, district and month asked, with codes for keys and no labels (one pass
    /// over the facts; a fact about a report the index does not hold, or that does not
    /// match, is left out).
    pub fn feedback(
        &self,
        filter: &PlannerFilter,
        now: DateTime<Utc>,
        facts: &[FeedbackFact],
    ) -> FeedbackFigures {
        use chrono::Datelike;
        let Ok(c) = self.columns.read() else {
            return FeedbackFigures::default();
        };
        let f = c.compile(filter, now);
        let mut out = FeedbackFigures::default();
        let mut categories = vec![FeedbackCount::default(); c.categories.len()];
        let mut departments = vec![FeedbackCount::default(); c.departments.len()];
        let mut districts = vec![FeedbackCount::default(); c.districts.len()];
        let mut months: HashMap<(i32, u32), FeedbackCount> = HashMap::new();
        for fact in facts {
            let Some(&p) = c.position.get(&fact.report_id) else {
                continue;
            };
            let p = p as usize;
            if !c.matches(p, &f) {
                continue;
            }
            let month = (fact.asked_at.year(), fact.asked_at.month());
            for count in [
                &mut out.total,
                &mut categories[c.category[p] as usize],
                &mut departments[c.department[p] as usize],
                &mut districts[c.district[p] as usize],
                months.entry(month).or_default(),
            ] {
                count.add(fact.fixed, fact.satisfaction);
            }
        }
        let keyed = |codes: &[String], counts: Vec<FeedbackCount>| -> Vec<FeedbackCount> {
            let mut v: Vec<FeedbackCount> = codes
                .iter()
                .zip(counts)
                .filter(|(_, n)| n.asked > 0)
                .map(|(code, n)| FeedbackCount {
                    key: code.clone(),
                    ..n
                })
                .collect();
            v.sort_by(|a, b| b.asked.cmp(&a.asked).then(a.key.cmp(&b.key)));
            v
        };
        out.by_category = keyed(&c.categories, categories);
        out.by_department = keyed(&c.departments, departments);
        out.by_district = keyed(&c.districts, districts);
        let mut by_month: Vec<_> = months.into_iter().collect();
        by_month.sort_by_key(|(m, _)| *m);
        out.by_month = by_month
            .into_iter()
            .map(|((y, m), n)| FeedbackCount {
                key: format!("{y}-{m:02}"),
                ..n
            })
            .collect();
        out
    }
}
