//! The store suite for the contact register: a caller's trail and the contacts on what they
//! produced, hand-overs with names, and the figures' tallies counted in SQL equal to the
//! plain count of the same contacts: on every backend.

use super::tests::instances;
use super::tests_appointments::{booking, id_card, service};
use chrono::{DateTime, Duration, TimeZone, Utc};
use meldpunt_app::contact::domain::{ContactChannel, Outcome, Topic, TrailKind, ValidContact};
use meldpunt_app::contact::figures::{ContactFact, ContactTally};
use meldpunt_app::i18n::{Lang, Names};
use meldpunt_app::port::{Booked, NewBooking, NewContact};

/// A caller is found again by any spelling of a phone number or e-mail address, with the
/// appointment a contact produced, and the contact on the appointment: on every backend.
#[tokio::test]
async fn a_callers_trail_and_the_contact_on_what_it_produced_on_every_backend() {
    for i in instances().await {
        let backend = i.backend;
        i.a.save_service(&service()).await.unwrap();
        i.a.save_appointment_type(&id_card()).await.unwrap();
        let now = Utc::now();
        let s = &i.a.services().await.unwrap()[0];
        let t = &s.types[0];
        let today = meldpunt_app::time::brussels_date(now);
        let slot = s.schedule.slots(
            t.shape,
            today + Duration::days(1),
            today + Duration::days(10),
            now,
        )[0];
        let mut caller = booking(1, slot.start);
        caller.email = Some("Jan.Peeters@Example.be".into());
        caller.phone = Some("+32 11 70 17 00".into());
        let new = NewBooking {
            type_id: t.id,
            slot,
            booking: caller,
            token_hash: "token-trail".into(),
            channel: "phone".into(),
            created_by: None,
            idempotency: None,
            replaces: None,
            mail: None,
        };
        let Booked::Created { reference, .. } = i.a.book(&new, now).await.unwrap() else {
            panic!("{backend}")
        };
        for (tail, email) in [
            (Some("11701700"), None),
            (None, Some("jan.peeters@example.be")),
        ] {
            let trail = i.b.caller_trail(tail, email).await.unwrap();
            assert_eq!(trail.len(), 1, "{backend}: {tail:?} {email:?}");
            assert_eq!(trail[0].kind, TrailKind::Appointment, "{backend}");
            assert_eq!(trail[0].reference, reference, "{backend}");
            assert_eq!(trail[0].what, "id-card", "{backend}");
            assert_eq!(trail[0].status, "booked", "{backend}");
        }
        assert!(
            i.b.caller_trail(Some("99999999"), Some("someone@else.be"))
                .await
                .unwrap()
                .is_empty(),
            "{backend}"
        );
        i.a.save_topic(&Topic {
            code: "afspraak".into(),
            group: None,
            names: Names::new(|_| "Afspraak".into()),
            active: true,
        })
        .await
        .unwrap();
        let contact = ValidContact {
            topic: "afspraak".into(),
            channel: ContactChannel::Phone,
            outcome: Outcome::AppointmentBooked,
            summary: "Identiteitskaart".into(),
            caller_name: Some("Jan Peeters".into()),
            caller_phone: Some("011 70 17 00".into()),
            caller_email: None,
            started_at: now - Duration::minutes(3),
            duration_seconds: 180,
            department: None,
            report_ref: None,
            complaint_ref: None,
            appointment_ref: Some(reference.clone()),
            article: None,
        };
        i.a.record_contact(
            &NewContact {
                contact: contact.clone(),
                created_by: None,
                handover_due: None,
            },
            now,
        )
        .await
        .unwrap();
        // A question for the roads department: its list names the topic and the department.
        let mut question = contact.clone();
        question.outcome = Outcome::HandedOver;
        question.department = Some("wegen".into());
        question.appointment_ref = None;
        i.a.record_contact(
            &NewContact {
                contact: question,
                created_by: None,
                handover_due: Some(now + Duration::days(1)),
            },
            now,
        )
        .await
        .unwrap();
        let handovers = i.b.handovers(None, now).await.unwrap();
        assert_eq!(handovers.len(), 1, "{backend}");
        assert_eq!(
            handovers[0].topic_names.get(Lang::Fr),
            "Afspraak",
            "{backend}"
        );
        assert_eq!(
            handovers[0].department_names.get(Lang::Nl),
            "Wegen",
            "{backend}"
        );
        let linked = i.b.linked_contacts(&reference).await.unwrap();
        assert_eq!(linked.len(), 1, "{backend}");
        assert_eq!(linked[0].duration_seconds, 180, "{backend}");
        assert_eq!(linked[0].topic_names.get(Lang::En), "Afspraak", "{backend}");
        assert!(
            i.b.linked_contacts("A-999999").await.unwrap().is_empty(),
            "{backend}"
        );
    }
}

fn topic(code: &str) -> Topic {
    Topic {
        code: code.into(),
        group: None,
        names: Names::new(|_| code.into()),
        active: true,
    }
}

/// The figures' tally of a week of contacts, counted by each store in SQL, equals the plain
/// count of the same contacts (hours in UTC, kinds, hand-overs by state).
#[tokio::test]
async fn the_stores_tally_equals_the_plain_count_on_every_backend() {
    let at = |d: u32, h: u32, m: u32, s: u32| Utc.with_ymd_and_hms(2026, 11, d, h, m, s).unwrap();
    let now = at(20, 12, 0, 0);
    let mut facts: Vec<ContactFact> = Vec::new();
    for n in 0..200u32 {
        let day = 9 + n % 7;
        let started = at(day, 7 + n % 9, (n * 7) % 60, (n * 13) % 60);
        let outcome = Outcome::ALL[(n % Outcome::ALL.len() as u32) as usize];
        let handover: Option<(DateTime<Utc>, Option<DateTime<Utc>>)> =
            (outcome == Outcome::HandedOver).then(|| {
                let due = started + Duration::days(1);
                // Every sixth contact is handed over: count those by n / 6.
                let k = n / 6;
                let answered = match k % 4 {
                    0 => Some(due - Duration::hours(2)),
                    1 => Some(due + Duration::hours(2)),
                    _ => None,
                };
                let still_due = answered.is_none() && k % 8 == 2;
                (
                    if still_due {
                        now + Duration::days(1)
                    } else {
                        due
                    },
                    answered,
                )
            });
        facts.push(ContactFact {
            topic: ["vraag", "attest", "melding"][(n % 3) as usize].into(),
            channel: ContactChannel::ALL[(n % 5) as usize],
            outcome,
            started_at: started,
            duration_seconds: i64::from(30 + n),
            handover,
        });
    }
    // Outside the period: not counted.
    let before = ContactFact {
        started_at: at(8, 23, 59, 59),
        ..facts[0].clone()
    };
    let expected = ContactTally::of(&facts, now);
    let h = &expected.handovers;
    assert!(
        h.on_time > 0 && h.late > 0 && h.overdue > 0 && h.open > 0,
        "every state is tried: {h:?}"
    );
    assert!(expected.hours.len() > 50 && expected.kinds.len() >= 30);
    for i in instances().await {
        let backend = i.backend;
        for code in ["vraag", "attest", "melding"] {
            i.a.save_topic(&topic(code)).await.unwrap();
        }
        let roads =
            i.a.create_user(
                "wegen@stad.test",
                "Wegen",
                meldpunt_app::staff::Role::Coordinator,
                "x",
            )
            .await
            .unwrap();
        for f in facts.iter().chain([&before]) {
            let contact = ValidContact {
                topic: f.topic.clone(),
                channel: f.channel,
                outcome: f.outcome,
                summary: "Vraag".into(),
                caller_name: None,
                caller_phone: None,
                caller_email: None,
                started_at: f.started_at,
                duration_seconds: f.duration_seconds,
                department: f.handover.map(|_| "wegen".to_owned()),
                report_ref: None,
                complaint_ref: None,
                appointment_ref: None,
                article: None,
            };
            let id =
                i.a.record_contact(
                    &NewContact {
                        contact,
                        created_by: None,
                        handover_due: f.handover.map(|(due, _)| due),
                    },
                    f.started_at,
                )
                .await
                .unwrap();
            if let Some((_, Some(answered))) = f.handover {
                let handovers = i.a.handovers(None, answered).await.unwrap();
                let open = handovers
                    .iter()
                    .find(|h| h.answered_at.is_none() && h.created_at == f.started_at)
                    .map(|h| h.id)
                    .unwrap_or_else(|| panic!("{backend}: the hand-over of contact {id}"));
                assert!(
                    i.a.answer_handover(open, "Teruggebeld", roads, None, answered)
                        .await
                        .unwrap(),
                    "{backend}"
                );
            }
        }
        let mut tally =
            i.b.contact_tally(at(9, 0, 0, 0), at(16, 0, 0, 0), now)
                .await
                .unwrap();
        tally.kinds.sort_by(|a, b| {
            (&a.0, a.1.as_str(), a.2.as_str()).cmp(&(&b.0, b.1.as_str(), b.2.as_str()))
        });
        tally.hours.sort();
        assert_eq!(tally, expected, "{backend}");
    }
}
