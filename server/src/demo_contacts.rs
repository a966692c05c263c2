//! The demo's week of the ContactCenter (see `demo::seed`).

use crate::storage::Backend;
use chrono::{Datelike, Duration, Utc};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

/// A week of the ContactCenter before today: about 120 contacts a weekday between 9 and 16
/// and a Saturday morning, by topic, channel and outcome in the proportions of a Flemish city,
/// with call-backs answered on time, late, or still open.
pub(crate) async fn seed_contacts(
    store: &dyn Backend,
    answered_by: Option<i64>,
) -> anyhow::Result<()> {
    use meldpunt_app::contact::domain::{ContactChannel, Outcome, ValidContact};
    use meldpunt_app::port::NewContact;
    let mut rng = StdRng::seed_from_u64(30_000);
    let weighted = |rng: &mut StdRng, choices: &[(usize, u32)]| {
        let total: u32 = choices.iter().map(|c| c.1).sum();
        let mut pick = rng.gen_range(0..total);
        choices
            .iter()
            .find(|c| {
                let hit = pick < c.1;
                pick = pick.saturating_sub(c.1);
                hit
            })
            .map_or(0, |c| c.0)
    };
    let topics = [
        "afspraak-burgerzaken",
        "afspraak-omgevingsloket",
        "vraag-omgevingsvergunning",
        "vraag-afval",
        "vraag-andere",
        "attest-strafregister",
        "attest-andere",
        "melding",
        "klacht",
        "andere",
    ];
    let topic_weights = [
        (0, 22),
        (1, 6),
        (2, 10),
        (3, 14),
        (4, 10),
        (5, 9),
        (6, 5),
        (7, 14),
        (8, 2),
        (9, 8),
    ];
    let channel_weights = [(0, 70), (1, 15), (2, 10), (3, 4), (4, 1)];
    let today = meldpunt_app::time::brussels_date(Utc::now());
    for back in (1..=7).rev() {
        let day = today - chrono::Duration::days(back);
        let (open, close, count) = match day.weekday() {
            chrono::Weekday::Sun => continue,
            chrono::Weekday::Sat => (9, 12, 35),
            _ => (9, 16, 110 + rng.gen_range(0..25)),
        };
        for _ in 0..count {
            let minute = rng.gen_range(0..(close - open) * 60);
            let local = day.and_hms_opt(open + minute / 60, minute % 60, rng.gen_range(0..60));
            let Some(local) = local else { continue };
            let started_at = meldpunt_app::time::brussels_to_utc(local);
            let topic = topics[weighted(&mut rng, &topic_weights)];
            let outcome = match topic {
                "afspraak-burgerzaken" | "afspraak-omgevingsloket" => Outcome::AppointmentBooked,
                "melding" => Outcome::ReportMade,
                "klacht" => Outcome::ComplaintRegistered,
                _ => [
                    Outcome::Answered,
                    Outcome::Answered,
                    Outcome::Answered,
                    Outcome::HandedOver,
                    Outcome::NotReached,
                ][rng.gen_range(0..5)],
            };
            let handed = outcome == Outcome::HandedOver;
            let contact = ValidContact {
                topic: topic.into(),
                channel: ContactChannel::ALL[weighted(&mut rng, &channel_weights)],
                outcome,
                summary: String::new(),
                caller_name: None,
                caller_phone: None,
                caller_email: None,
                started_at,
                duration_seconds: rng.gen_range(45..540),
                department: handed.then(|| {
                    if topic == "vraag-afval" {
                        "netheid"
                    } else {
                        "milieu"
                    }
                    .to_owned()
                }),
                report_ref: None,
                complaint_ref: None,
                appointment_ref: None,
                article: None,
            };
            let due = meldpunt_app::contact::domain::handover_due(started_at);
            store
                .record_contact(
                    &NewContact {
                        contact,
                        created_by: None,
                        handover_due: handed.then_some(due),
                    },
                    started_at,
                )
                .await?;
        }
    }
    // Most call-backs are answered, a few of them late; the rest wait.
    if let Some(by) = answered_by {
        for h in store.handovers(None, Utc::now()).await? {
            if rng.gen_range(0..10) < 7 {
                let at = h.created_at + Duration::hours(rng.gen_range(1..40));
                if at < Utc::now() {
                    store
                        .answer_handover(h.id, "Teruggebeld en uitgelegd.", by, None, at)
                        .await?;
                }
            }
        }
    }
    Ok(())
}
