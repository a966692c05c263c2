//! The ContactCenter's figures over a period: contacts per day, topic, channel and month, the
//! week's heat grid (weekday × hour, for staffing), the share answered at first contact, the
//! mean duration, hand-overs answered on time, and appointments per service. Computed from
//! tallies the store counts in SQL (per UTC hour, per kind, per state; no personal data), so
//! the same code serves the dashboard, the annual report and the CSV export.

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

/// The contacts of a period as the figures need them, counted by the store (a year is some
/// 30,000 contacts, but only a few thousand hours and a few hundred kinds).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContactTally {
    /// Per UTC hour that had contacts (the hour's start): how many, and their summed
    /// duration in seconds. Brussels is a whole number of hours off UTC, so days, months and
    /// the week's grid in Brussels time follow from these.
    pub hours: Vec<(DateTime<Utc>, u64, i64)>,
    /// Per topic code, channel and outcome: how many.
    pub kinds: Vec<(String, ContactChannel, Outcome, u64)>,
    /// The hand-overs these contacts made, by state.
    pub handovers: HandoverFigures,
}

impl ContactTally {
    /// The tally of single contacts as of `now`: what the stores count in SQL, written
    /// plainly (the reference the unit tests and the store suite compare with).
    pub fn of(contacts: &[ContactFact], now: DateTime<Utc>) -> Self {
        let mut hours: BTreeMap<DateTime<Utc>, (u64, i64)> = BTreeMap::new();
        let mut kinds: BTreeMap<(String, &str, &str), (ContactChannel, Outcome, u64)> =
            BTreeMap::new();
        let mut handovers = HandoverFigures::default();
        for c in contacts {
            let hour =
                c.started_at - chrono::Duration::seconds(c.started_at.timestamp().rem_euclid(3600));
            let h = hours.entry(hour).or_default();
            h.0 += 1;
            h.1 += c.duration_seconds;
            kinds
                .entry((c.topic.clone(), c.channel.as_str(), c.outcome.as_str()))
                .or_insert((c.channel, c.outcome, 0))
                .2 += 1;
            if let Some((due, answered)) = c.handover {
                handovers.add(due, answered, now, 1);
            }
        }
        Self {
            hours: hours.into_iter().map(|(h, (n, s))| (h, n, s)).collect(),
            kinds: kinds
                .into_iter()
                .map(|((topic, _, _), (channel, outcome, n))| (topic, channel, outcome, n))
                .collect(),
            handovers,
        }
    }
}

/// The appointments of one service with one status in a period, counted by the store.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AppointmentTally {
    pub service: String,
    pub status: AppointmentStatus,
    pub count: u64,
    /// The summed seconds between booking and appointment.
    pub lead_seconds: i64,
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

/// How a hand-over stands: answered on time or late, or still open and overdue or not.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HandoverState {
    OnTime,
    Late,
    Overdue,
    Open,
}

impl HandoverState {
    pub const ALL: [HandoverState; 4] = [Self::OnTime, Self::Late, Self::Overdue, Self::Open];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::OnTime => "on_time",
            Self::Late => "late",
            Self::Overdue => "overdue",
            Self::Open => "open",
        }
    }

    pub fn parse(s: &str) -> Result<Self, crate::error::AppError> {
        Self::ALL
            .into_iter()
            .find(|h| h.as_str() == s)
            .ok_or_else(|| {
                crate::error::AppError::validation("state", "unknown hand-over state")
                    .explained(crate::error::ErrorText::UnknownChoice)
            })
    }

    pub fn of(due: DateTime<Utc>, answered: Option<DateTime<Utc>>, now: DateTime<Utc>) -> Self {
        match answered {
            Some(at) if at <= due => Self::OnTime,
            Some(_) => Self::Late,
            None if due < now => Self::Overdue,
            None => Self::Open,
        }
    }
}

impl HandoverFigures {
    fn add(
        &mut self,
        due: DateTime<Utc>,
        answered: Option<DateTime<Utc>>,
        now: DateTime<Utc>,
        n: u64,
    ) {
        self.count(HandoverState::of(due, answered, now), n);
    }

    /// Counts `n` hand-overs in `state`.
    pub fn count(&mut self, state: HandoverState, n: u64) {
        self.total += n;
        match state {
            HandoverState::OnTime => self.on_time += n,
            HandoverState::Late => self.late += n,
            HandoverState::Overdue => self.overdue += n,
            HandoverState::Open => self.open += n,
        }
    }
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
    /// The figures of `from`–`to` (Brussels days) from the store's tallies, with the names
    /// people read (`topic` and `service` name a code; `channel` and `outcome` an enum).
    pub fn compute(
        contacts: &ContactTally,
        appointments: &[AppointmentTally],
        (from, to): (NaiveDate, NaiveDate),
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
        let (mut answered, mut reached, mut seconds, mut n) = (0u64, 0u64, 0i64, 0u64);
        for &(hour, count, duration) in &contacts.hours {
            let local = brussels_local(hour);
            *by_day.entry(local.date().to_string()).or_insert(0) += count;
            *by_month
                .entry(format!("{}-{:02}", local.year(), local.month()))
                .or_insert(0) += count;
            let weekday = local.weekday().num_days_from_monday() as usize;
            heat[weekday][local.hour() as usize] += count;
            seconds += duration;
            n += count;
        }
        for (topic, channel, outcome, count) in &contacts.kinds {
            *by_topic.entry(topic.clone()).or_insert(0u64) += count;
            *by_channel
                .entry(channel.as_str().to_owned())
                .or_insert(0u64) += count;
            *by_outcome
                .entry(outcome.as_str().to_owned())
                .or_insert(0u64) += count;
            match outcome {
                Outcome::Answered => {
                    answered += count;
                    reached += count;
                }
                Outcome::ReportMade
                | Outcome::ComplaintRegistered
                | Outcome::AppointmentBooked
                | Outcome::HandedOver => reached += count,
                Outcome::NotReached => {}
            }
        }
        let mut services: BTreeMap<String, (ServiceAppointments, i64, u64)> = BTreeMap::new();
        for a in appointments {
            let (s, lead, held) = services.entry(a.service.clone()).or_insert_with(|| {
                (
                    ServiceAppointments {
                        service: a.service.clone(),
                        label: service(&a.service),
                        ..Default::default()
                    },
                    0,
                    0,
                )
            });
            match a.status {
                AppointmentStatus::Booked => s.booked += a.count,
                AppointmentStatus::Arrived => s.arrived += a.count,
                AppointmentStatus::NoShow => s.no_show += a.count,
                AppointmentStatus::Cancelled => s.cancelled += a.count,
                // Moved: counted where it went.
                AppointmentStatus::Moved => {}
            }
            if a.status.holds_place() {
                *lead += a.lead_seconds;
                *held += a.count;
            }
        }
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
            handovers: contacts.handovers.clone(),
            appointments: services
                .into_values()
                .map(|(mut s, lead, held)| {
                    s.mean_lead_days = if held == 0 {
                        0.0
                    } else {
                        lead as f64 / held as f64 / 86_400.0
                    };
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
            started_at: at(d, h) + chrono::Duration::minutes(30),
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
        // Booked two days ahead.
        let booked = |status| AppointmentTally {
            service: "burgerzaken".into(),
            status,
            count: 1,
            lead_seconds: 2 * 86_400,
        };
        let appointments = [
            booked(AppointmentStatus::Arrived),
            booked(AppointmentStatus::NoShow),
            booked(AppointmentStatus::Cancelled),
            booked(AppointmentStatus::Moved),
        ];
        let tally = ContactTally::of(&contacts, now);
        assert_eq!(tally.hours.len(), 3, "three hours had contacts");
        assert_eq!(tally.kinds.len(), 3, "three kinds of contact");
        let f = ContactCenterFigures::compute(
            &tally,
            &appointments,
            (
                NaiveDate::from_ymd_opt(2026, 12, 7).unwrap(),
                NaiveDate::from_ymd_opt(2026, 12, 13).unwrap(),
            ),
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
