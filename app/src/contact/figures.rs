//! The ContactCenter's figures over a period: contacts per day, topic, channel and month, the
//! week's heat grid (weekday × hour, for staffing), the share answered at first contact, the
//! mean duration, hand-overs answered on time, and appointments per service. Computed from
//! plain facts (no personal data), so the same code serves the dashboard, the annual report
//! and the CSV export.

use super::domain::{ContactChannel, Outcome};
use crate::appointment::domain::AppointmentStatus;
use crate::time::brussels_local;
use crate::ui::charts::Count;
use chrono::{DateTime, Datelike, NaiveDate, Timelike, Utc};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// One contact as the figures see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContactFact {
    pub topic: String,
    pub channel: ContactChannel,
    pub outcome: Outcome,
    pub started_at: DateTime<Utc>,
    pub duration_seconds: i64,
    /// A hand-over's due time and when it was answered.
    pub handover: Option<(DateTime<Utc>, Option<DateTime<Utc>>)>,
}

/// One appointment as the figures see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AppointmentFact {
    pub service: String,
    pub status: AppointmentStatus,
    pub start: DateTime<Utc>,
    pub booked_at: DateTime<Utc>,
}

/// Hand-overs of the period.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct HandoverFigures {
    pub total: u64,
    pub on_time: u64,
    pub late: u64,
    /// Not answered yet and past due.
    pub overdue: u64,
    /// Not answered yet, not due yet.
    pub open: u64,
}

/// Appointments of one service in the period.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ServiceAppointments {
    pub service: String,
    pub label: String,
    pub booked: u64,
    pub arrived: u64,
    pub no_show: u64,
    pub cancelled: u64,
    /// Mean days between booking and the appointment, of those not cancelled or moved.
    pub mean_lead_days: f64,
}

/// The figures of a period.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ContactCenterFigures {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub contacts: u64,
    pub by_day: Vec<Count>,
    pub by_month: Vec<Count>,
    pub by_topic: Vec<Count>,
    pub by_channel: Vec<Count>,
    pub by_outcome: Vec<Count>,
    /// Contacts per weekday (Monday first) and hour of the day, in Brussels time.
    pub heat: Vec<Vec<u64>>,
    /// Answered at first contact, of the contacts where someone was reached.
    pub first_contact: (u64, u64),
    pub mean_duration_seconds: f64,
    pub handovers: HandoverFigures,
    pub appointments: Vec<ServiceAppointments>,
}

fn counts(
    map: BTreeMap<String, u64>,
    label: impl Fn(&str) -> String,
    by_count: bool,
) -> Vec<Count> {
    let mut rows: Vec<Count> = map
        .into_iter()
        .map(|(key, count)| Count {
            label: label(&key),
            key,
            count,
        })
        .collect();
    if by_count {
        rows.sort_by(|a, b| b.count.cmp(&a.count).then(a.key.cmp(&b.key)));
    }
    rows
}

impl ContactCenterFigures {
    /// The figures of the facts of `from`–`to` (Brussels days) as of `now`, with the names
    /// people read (`topic` and `service` name a code; `channel` and `outcome` an enum).
    #[allow(clippy::too_many_arguments)]
    pub fn compute(
        contacts: &[ContactFact],
        appointments: &[AppointmentFact],
        from: NaiveDate,
        to: NaiveDate,
        now: DateTime<Utc>,
        topic: impl Fn(&str) -> String,
        service: impl Fn(&str) -> String,
        lang: crate::i18n::Lang,
    ) -> Self {
        let mut by_day = BTreeMap::new();
        let mut d = from;
        while d <= to && by_day.len() < 400 {
            by_day.insert(d.to_string(), 0u64);
            d += chrono::Duration::days(1);
        }
        let mut by_month: BTreeMap<String, u64> = BTreeMap::new();
        let (mut by_topic, mut by_channel, mut by_outcome) =
            (BTreeMap::new(), BTreeMap::new(), BTreeMap::new());
        let mut heat = vec![vec![0u64; 24]; 7];
        let (mut answered, mut reached, mut seconds) = (0u64, 0u64, 0i64);
        let mut handovers = HandoverFigures::default();
        for c in contacts {
            let local = brussels_local(c.started_at);
            *by_day.entry(local.date().to_string()).or_insert(0) += 1;
            *by_month
                .entry(format!("{}-{:02}", local.year(), local.month()))
                .or_insert(0) += 1;
            *by_topic.entry(c.topic.clone()).or_insert(0u64) += 1;
            *by_channel
                .entry(c.channel.as_str().to_owned())
                .or_insert(0u64) += 1;
            *by_outcome
                .entry(c.outcome.as_str().to_owned())
                .or_insert(0u64) += 1;
            let weekday = local.weekday().num_days_from_monday() as usize;
            heat[weekday][local.hour() as usize] += 1;
            seconds += c.duration_seconds;
            match c.outcome {
                Outcome::Answered => {
                    answered += 1;
                    reached += 1;
                }
                Outcome::ReportMade
                | Outcome::ComplaintRegistered
                | Outcome::AppointmentBooked
                | Outcome::HandedOver => reached += 1,
                Outcome::NotReached => {}
            }
            if let Some((due, answered_at)) = c.handover {
                handovers.total += 1;
                match answered_at {
                    Some(at) if at <= due => handovers.on_time += 1,
                    Some(_) => handovers.late += 1,
                    None if due < now => handovers.overdue += 1,
                    None => handovers.open += 1,
                }
            }
        }
        let mut services: BTreeMap<String, (ServiceAppointments, f64, u64)> = BTreeMap::new();
        for a in appointments {
            let (s, lead, n) = services.entry(a.service.clone()).or_insert_with(|| {
                (
                    ServiceAppointments {
                        service: a.service.clone(),
                        label: service(&a.service),
                        ..Default::default()
                    },
                    0.0,
                    0,
                )
            });
            match a.status {
                AppointmentStatus::Booked => s.booked += 1,
                AppointmentStatus::Arrived => s.arrived += 1,
                AppointmentStatus::NoShow => s.no_show += 1,
                AppointmentStatus::Cancelled => s.cancelled += 1,
                // Moved: counted where it went.
                AppointmentStatus::Moved => {}
            }
            if a.status.holds_place() {
                *lead += (a.start - a.booked_at).num_minutes() as f64 / 1440.0;
                *n += 1;
            }
        }
        let n = contacts.len() as u64;
        Self {
            from,
            to,
            contacts: n,
            by_day: counts(by_day, |d| d.get(5..).unwrap_or(d).replace('-', "/"), false),
            by_month: counts(by_month, str::to_owned, false),
            by_topic: counts(by_topic, |t| topic(t), true),
            by_channel: counts(
                by_channel,
                |c| ContactChannel::parse(c).map_or(c.to_owned(), |c| c.label(lang).to_owned()),
                true,
            ),
            by_outcome: counts(
                by_outcome,
                |o| Outcome::parse(o).map_or(o.to_owned(), |o| o.label(lang).to_owned()),
                true,
            ),
            heat,
            first_contact: (answered, reached),
            mean_duration_seconds: if n == 0 {
                0.0
            } else {
                seconds as f64 / n as f64
            },
            handovers,
            appointments: services
                .into_values()
                .map(|(mut s, lead, n)| {
                    s.mean_lead_days = if n == 0 { 0.0 } else { lead / n as f64 };
                    s
                })
                .collect(),
        }
    }

    /// The figures as CSV rows: `section,key,label,count`.
    pub fn csv(&self) -> String {
        let mut out = String::from("section,key,label,count\n");
        let quote = |s: &str| {
            // Spreadsheet formulas are not data: a leading =, +, - or @ is neutralised.
            let s = if s.starts_with(['=', '+', '-', '@']) {
                format!("'{s}")
            } else {
                s.to_owned()
            };
            format!("\"{}\"", s.replace('"', "\"\""))
        };
        let mut rows = |section: &str, counts: &[Count]| {
            for c in counts {
                out.push_str(&format!(
                    "{section},{},{},{}\n",
                    quote(&c.key),
                    quote(&c.label),
                    c.count
                ));
            }
        };
        rows("day", &self.by_day);
        rows("month", &self.by_month);
        rows("topic", &self.by_topic);
        rows("channel", &self.by_channel);
        rows("outcome", &self.by_outcome);
        for a in &self.appointments {
            for (what, n) in [
                ("booked", a.booked),
                ("arrived", a.arrived),
                ("no_show", a.no_show),
                ("cancelled", a.cancelled),
            ] {
                out.push_str(&format!(
                    "appointments,{},{},{n}\n",
                    quote(&format!("{}:{what}", a.service)),
                    quote(&a.label)
                ));
            }
        }
        let h = &self.handovers;
        for (what, n) in [
            ("total", h.total),
            ("on_time", h.on_time),
            ("late", h.late),
            ("overdue", h.overdue),
            ("open", h.open),
        ] {
            out.push_str(&format!("handovers,{what},{what},{n}\n"));
        }
        out.push_str(&format!(
            "first_contact,answered,answered,{}\n",
            self.first_contact.0
        ));
        out.push_str(&format!(
            "first_contact,reached,reached,{}\n",
            self.first_contact.1
        ));
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn figures_count_every_contact_once_in_brussels_time() {
        let at = |d: u32, h: u32| Utc.with_ymd_and_hms(2026, 12, d, h, 0, 0).unwrap();
        let fact = |d: u32, h: u32, outcome: Outcome, handover| ContactFact {
            topic: "vraag-afval".into(),
            channel: ContactChannel::Phone,
            outcome,
            started_at: at(d, h),
            duration_seconds: 120,
            handover,
        };
        let now = at(10, 12);
        let contacts = [
            // Monday 7 December 08:30 UTC is 09:30 in Brussels.
            fact(7, 8, Outcome::Answered, None),
            fact(7, 8, Outcome::NotReached, None),
            fact(
                8,
                14,
                Outcome::HandedOver,
                Some((at(9, 15), Some(at(9, 10)))),
            ),
            fact(
                8,
                14,
                Outcome::HandedOver,
                Some((at(9, 15), Some(at(10, 9)))),
            ),
            fact(9, 9, Outcome::HandedOver, Some((at(10, 11), None))),
            fact(9, 9, Outcome::HandedOver, Some((at(11, 15), None))),
        ];
        let booked = |status| AppointmentFact {
            service: "burgerzaken".into(),
            status,
            start: at(10, 9),
            booked_at: at(8, 9),
        };
        let appointments = [
            booked(AppointmentStatus::Arrived),
            booked(AppointmentStatus::NoShow),
            booked(AppointmentStatus::Cancelled),
            booked(AppointmentStatus::Moved),
        ];
        let f = ContactCenterFigures::compute(
            &contacts,
            &appointments,
            NaiveDate::from_ymd_opt(2026, 12, 7).unwrap(),
            NaiveDate::from_ymd_opt(2026, 12, 13).unwrap(),
            now,
            |t| format!("T:{t}"),
            |s| format!("S:{s}"),
            crate::i18n::Lang::Nl,
        );
        assert_eq!(f.contacts, 6);
        assert_eq!(
            f.by_day.len(),
            7,
            "every day of the period, also without contacts"
        );
        assert_eq!(f.by_day.iter().map(|c| c.count).sum::<u64>(), 6);
        assert_eq!(f.heat[0][9], 2, "Monday 09:00–10:00 in Brussels");
        assert_eq!(f.heat.iter().flatten().sum::<u64>(), 6);
        assert_eq!(f.first_contact, (1, 5));
        assert_eq!(f.mean_duration_seconds, 120.0);
        assert_eq!(
            f.handovers,
            HandoverFigures {
                total: 4,
                on_time: 1,
                late: 1,
                overdue: 1,
                open: 1
            }
        );
        assert_eq!(f.by_topic[0].label, "T:vraag-afval");
        assert_eq!(f.by_channel[0].label, "Telefoon");
        let s = &f.appointments[0];
        assert_eq!((s.arrived, s.no_show, s.cancelled, s.booked), (1, 1, 1, 0));
        assert!(
            (s.mean_lead_days - 2.0).abs() < 1e-9,
            "{}",
            s.mean_lead_days
        );
        let csv = f.csv();
        assert!(csv.contains("handovers,overdue,overdue,1"), "{csv}");
        assert!(
            csv.contains("appointments,\"burgerzaken:no_show\",\"S:burgerzaken\",1"),
            "{csv}"
        );
    }
}
