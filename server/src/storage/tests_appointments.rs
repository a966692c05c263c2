//! The store suite for appointments: services round-trip, and one place of one slot is
//! never given twice, on every backend, with two instances racing.

use super::tests::instances;
use chrono::{Duration, NaiveTime, Utc, Weekday};
use futures_util::future::join_all;
use meldpunt_app::appointment::domain::{
    AppointmentStatus, AppointmentType, Opening, SlotShape, ValidBooking,
};
use meldpunt_app::i18n::{Lang, Names};
use meldpunt_app::port::{
    Booked, MailFor, NewBooking, OutgoingMail, ServiceInput, StoredIdempotency,
};
use std::sync::Arc;

pub(super) fn service() -> ServiceInput {
    let all_week = [
        Weekday::Mon,
        Weekday::Tue,
        Weekday::Wed,
        Weekday::Thu,
        Weekday::Fri,
        Weekday::Sat,
        Weekday::Sun,
    ];
    ServiceInput {
        code: "burgerzaken".into(),
        names: Names::new(|l| match l {
            Lang::Nl => "Burgerzaken".into(),
            Lang::Fr => "Population".into(),
            Lang::En => String::new(),
        }),
        horizon_days: 30,
        openings: all_week
            .into_iter()
            .flat_map(|weekday| {
                [(8, 12), (13, 17)].map(|(from, to)| Opening {
                    weekday,
                    from: NaiveTime::from_hms_opt(from, 0, 0).unwrap(),
                    to: NaiveTime::from_hms_opt(to, 0, 0).unwrap(),
                })
            })
            .collect(),
        active: true,
    }
}

pub(super) fn id_card() -> AppointmentType {
    AppointmentType {
        id: 0,
        code: "id-card".into(),
        service: "burgerzaken".into(),
        names: Names::new(|_| "Identiteitskaart".into()),
        shape: SlotShape {
            minutes: 20,
            places: 2,
        },
        active: true,
    }
}

pub(super) fn booking(n: usize, start: chrono::DateTime<Utc>) -> ValidBooking {
    ValidBooking {
        type_code: "id-card".into(),
        start,
        name: format!("Burger {n}"),
        email: Some(format!("b{n}@example.be")),
        phone: None,
        lang: Lang::Nl,
    }
}

#[tokio::test]
async fn of_fifty_bookings_for_the_last_place_exactly_one_wins_on_every_backend() {
    for i in instances().await {
        let backend = i.backend;
        i.a.save_service(&service()).await.unwrap();
        i.a.save_appointment_type(&id_card()).await.unwrap();
        let today = meldpunt_app::time::brussels_date(Utc::now());
        i.a.add_closing_day("burgerzaken", today + Duration::days(3), "opleiding")
            .await
            .unwrap();
        let services = i.b.services().await.unwrap();
        assert_eq!(services.len(), 1, "{backend}");
        let s = &services[0];
        assert_eq!(s.names.get(Lang::Fr), "Population", "{backend}");
        assert_eq!(
            s.names.get(Lang::En),
            "Burgerzaken",
            "{backend}: Dutch stands in"
        );
        assert_eq!(s.schedule.openings.len(), 14, "{backend}");
        assert!(s.schedule.is_closed(today + Duration::days(3)), "{backend}");
        let t = &s.types[0];
        assert_eq!(
            (t.code.as_str(), t.shape.places),
            ("id-card", 2),
            "{backend}"
        );
        let now = Utc::now();
        let slot = s.schedule.slots(
            t.shape,
            today + Duration::days(1),
            today + Duration::days(10),
            now,
        )[0];
        let new = |n: usize, mail: bool| NewBooking {
            type_id: t.id,
            slot,
            booking: booking(n, slot.start),
            token_hash: format!("token-{n}"),
            channel: "web".into(),
            created_by: None,
            idempotency: None,
            replaces: None,
            mail: mail.then(|| {
                Arc::new(move |reference: &str| {
                    OutgoingMail::text(
                        format!("b{n}@example.be"),
                        format!("Afspraak {reference}"),
                        "",
                    )
                }) as MailFor
            }),
        };
        let first = i.a.book(&new(0, true), now).await.unwrap();
        let Booked::Created {
            id: first_id,
            reference,
        } = first
        else {
            panic!("{backend}: {first:?}")
        };
        assert!(reference.starts_with("A-"), "{backend}: {reference}");
        let mail_before = i.a.outbox_counts(now).await.unwrap().waiting;
        // 50 people for the one place left, through both instances at once.
        let outcomes = join_all((1..=50).map(|n| {
            let store = if n % 2 == 0 { i.a.clone() } else { i.b.clone() };
            let new = new(n, true);
            async move { store.book(&new, now).await.unwrap() }
        }))
        .await;
        let won = outcomes
            .iter()
            .filter(|o| matches!(o, Booked::Created { .. }))
            .count();
        let taken = outcomes.iter().filter(|o| **o == Booked::Taken).count();
        assert_eq!((won, taken), (1, 49), "{backend}: {outcomes:?}");
        let mail_after = i.a.outbox_counts(now).await.unwrap().waiting;
        assert_eq!(
            mail_after - mail_before,
            1,
            "{backend}: only the winner's mail"
        );
        let end = slot.start + Duration::seconds(1);
        assert_eq!(
            i.b.taken_places(t.id, slot.start, end).await.unwrap(),
            vec![(slot.start, 2)],
            "{backend}"
        );
        // A cancelled place is free again at once; cancelling twice changes nothing.
        assert!(
            i.b.cancel_booking(first_id, None, now).await.unwrap(),
            "{backend}"
        );
        assert!(
            !i.a.cancel_booking(first_id, None, now).await.unwrap(),
            "{backend}"
        );
        assert_eq!(
            i.a.taken_places(t.id, slot.start, end).await.unwrap(),
            vec![(slot.start, 1)],
            "{backend}"
        );
        // The same address twice in one slot is refused.
        let winner = outcomes
            .iter()
            .zip(1..)
            .find_map(|(o, n)| matches!(o, Booked::Created { .. }).then_some(n))
            .unwrap();
        assert_eq!(
            i.a.book(&new(winner, false), now).await.unwrap(),
            Booked::AlreadyBooked,
            "{backend}"
        );
        // One Idempotency-Key sent to both instances at once books once.
        let keyed = |store: Arc<dyn super::Backend>| {
            let mut new = new(100, false);
            new.token_hash = format!("token-key-{}", Arc::as_ptr(&store) as *const () as usize);
            new.idempotency = Some(StoredIdempotency {
                key_hash: "key".into(),
                request_hash: "same".into(),
                sealed_token: "sealed".into(),
            });
            async move { store.book(&new, now).await.unwrap() }
        };
        let (x, y) = tokio::join!(keyed(i.a.clone()), keyed(i.b.clone()));
        let replayed = [&x, &y]
            .iter()
            .filter(
                |o| matches!(o, Booked::Replayed { sealed_token, .. } if sealed_token == "sealed"),
            )
            .count();
        assert_eq!(replayed, 1, "{backend}: {x:?} {y:?}");
        // The slot is full again: moving a booking there is refused, and the booking stays.
        let later = s.schedule.slots(
            t.shape,
            today + Duration::days(1),
            today + Duration::days(10),
            now,
        )[1];
        let mut moving = new(200, false);
        moving.slot = later;
        moving.booking.start = later.start;
        let Booked::Created { id: to_move, .. } = i.a.book(&moving, now).await.unwrap() else {
            panic!("{backend}")
        };
        let mut back = new(200, false);
        back.token_hash = "token-200-moved".into();
        back.replaces = Some(to_move);
        assert_eq!(
            i.b.book(&back, now).await.unwrap(),
            Booked::Taken,
            "{backend}"
        );
        let kept = i.a.booking_by_token("token-200").await.unwrap().unwrap();
        assert_eq!(
            kept.status,
            AppointmentStatus::Booked,
            "{backend}: nothing half-done"
        );
        // To a slot with room it moves, once.
        let mut again = moving.clone();
        again.token_hash = "token-200-again".into();
        again.booking.email = Some("other@example.be".into());
        again.replaces = Some(to_move);
        assert!(
            matches!(i.b.book(&again, now).await.unwrap(), Booked::Created { .. }),
            "{backend}"
        );
        again.token_hash = "token-200-twice".into();
        assert_eq!(
            i.a.book(&again, now).await.unwrap(),
            Booked::NotMovable,
            "{backend}"
        );
        let moved = i.a.booking_by_token("token-200").await.unwrap().unwrap();
        assert_eq!(moved.status, AppointmentStatus::Moved, "{backend}");
        // Reminders: each booking is reminded once, whichever instance gets there first.
        let due =
            i.a.due_reminders(now, slot.start + Duration::days(30))
                .await
                .unwrap();
        assert!(!due.is_empty(), "{backend}");
        let reminded = join_all(due.iter().flat_map(|b| {
            [i.a.clone(), i.b.clone()].map(|store| {
                let id = b.id;
                async move { store.remind(id, None, now).await.unwrap() }
            })
        }))
        .await;
        assert_eq!(
            reminded.iter().filter(|r| **r).count(),
            due.len(),
            "{backend}"
        );
        assert!(i
            .b
            .due_reminders(now, slot.start + Duration::days(30))
            .await
            .unwrap()
            .is_empty());
        // Retention erases who booked, keeps what was booked.
        let erased =
            i.a.erase_booking_contacts(slot.start + Duration::days(400), now)
                .await
                .unwrap();
        assert!(erased >= 4, "{backend}: {erased}");
        let b = i.b.booking(&reference).await.unwrap().unwrap();
        assert_eq!((b.name, b.email, b.phone), (None, None, None), "{backend}");
        assert_eq!(b.status, AppointmentStatus::Cancelled, "{backend}");
    }
}
