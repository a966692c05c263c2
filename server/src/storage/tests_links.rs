//! The store suite for links to partners and subscribers: a status change queues one event
//! per active subscription (none for a hidden report or a change without a new status), a
//! forward queues one delivery; two instances claiming at once never get the same row;
//! done and parked rows are not claimed again; health and Open311 links round-trip.

use super::tests::{create, created_reference, instances};
use chrono::Utc;
use futures_util::future::join_all;
use meldpunt_app::office::domain::EventKind;
use meldpunt_app::port::{DeliveryTarget, LinkRef, Open311Link, ReportUpdate};
use meldpunt_app::report::domain::ReportStatus;

#[tokio::test]
async fn status_changes_queue_one_event_per_subscriber_claimed_once_across_instances() {
    for i in instances().await {
        let (a, b) = (&i.a, &i.b);
        let now = Utc::now();
        a.create_webhook("one", "https://one.test/h", "whsec_AAAA", now)
            .await
            .unwrap();
        b.create_webhook("two", "https://two.test/h", "whsec_BBBB", now)
            .await
            .unwrap();
        b.create_webhook("gone", "https://gone.test/h", "whsec_CCCC", now)
            .await
            .unwrap();
        assert!(a.revoke_webhook("gone", now).await.unwrap());
        assert!(
            !a.revoke_webhook("gone", now).await.unwrap(),
            "{}",
            i.backend
        );
        assert!(a
            .create_webhook("one", "https://x.test", "s", now)
            .await
            .is_err());

        let mut references = Vec::new();
        for n in 0..5 {
            let reference = created_reference(&create(a.as_ref(), &format!("r{n}")).await.unwrap());
            let report = a.report(&reference).await.unwrap().unwrap();
            let mut update = ReportUpdate::new(&report, EventKind::Status, None);
            update.status = ReportStatus::Accepted;
            a.apply_update(&update, Utc::now()).await.unwrap();
            // A note changes no status: no event.
            let report = b.report(&reference).await.unwrap().unwrap();
            let mut note = ReportUpdate::new(&report, EventKind::Note, None);
            note.internal_note = Some("intern".into());
            b.apply_update(&note, Utc::now()).await.unwrap();
            references.push(reference);
        }
        // A hidden report's change: no event.
        let hidden = created_reference(&create(a.as_ref(), "verborgen").await.unwrap());
        let report = a.report(&hidden).await.unwrap().unwrap();
        assert!(a.set_hidden(&hidden, true).await.unwrap());
        let mut update = ReportUpdate::new(&report, EventKind::Status, None);
        update.status = ReportStatus::Rejected;
        a.apply_update(&update, Utc::now()).await.unwrap();

        let later = Utc::now() + chrono::Duration::seconds(1);
        let lease = later + chrono::Duration::minutes(2);
        let claims = join_all((0..6).map(|n| {
            let store = if n % 2 == 0 { a.clone() } else { b.clone() };
            async move { store.claim_deliveries(later, lease, 3).await.unwrap() }
        }))
        .await;
        let mut ids: Vec<i64> = claims.iter().flatten().map(|d| d.id).collect();
        let claimed = ids.len();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(
            (claimed, ids.len()),
            (10, 10),
            "{}: each row once",
            i.backend
        );
        let mut per_hook: Vec<(String, String)> = claims
            .iter()
            .flatten()
            .map(|d| match &d.target {
                DeliveryTarget::Event {
                    webhook, payload, ..
                } => {
                    assert!(payload.contains("\"status\":\"accepted\""), "{payload}");
                    (webhook.name.clone(), d.reference.clone())
                }
                DeliveryTarget::Forward { .. } => panic!("no forward was asked"),
            })
            .collect();
        per_hook.sort();
        let mut expected: Vec<(String, String)> = ["one", "two"]
            .iter()
            .flat_map(|h| references.iter().map(move |r| (h.to_string(), r.clone())))
            .collect();
        expected.sort();
        assert_eq!(per_hook, expected, "{}", i.backend);
        // Leased: not claimed again before the lease ends.
        assert!(a
            .claim_deliveries(later, lease, 50)
            .await
            .unwrap()
            .is_empty());
        let first = claims.iter().flatten().next().unwrap().id;
        a.delivery_done(first, later).await.unwrap();
        let second = claims.iter().flatten().nth(1).unwrap().id;
        b.delivery_failed(second, "HTTP 503", later + chrono::Duration::seconds(5))
            .await
            .unwrap();
        let after_lease = lease + chrono::Duration::seconds(1);
        let again = a
            .claim_deliveries(after_lease, after_lease, 50)
            .await
            .unwrap();
        assert_eq!(again.len(), 9, "{}: all but the done one", i.backend);
        assert!(again.iter().all(|d| d.id != first));
        assert_eq!(again.iter().find(|d| d.id == second).unwrap().attempts, 1);
        let counts = b.delivery_counts(after_lease).await.unwrap();
        assert_eq!(
            (counts.done, counts.waiting, counts.parked),
            (1, 9, 0),
            "{}",
            i.backend
        );

        // Health: failures count up, a success clears them.
        let hook = a
            .webhooks()
            .await
            .unwrap()
            .into_iter()
            .find(|w| w.name == "one")
            .unwrap();
        for _ in 0..3 {
            b.record_link_outcome(LinkRef::Webhook(hook.id), Some("HTTP 500"), now)
                .await
                .unwrap();
        }
        let failing = a
            .webhooks()
            .await
            .unwrap()
            .into_iter()
            .find(|w| w.name == "one")
            .unwrap();
        assert!(failing.health.failing(), "{}", i.backend);
        assert_eq!(failing.health.last_error.as_deref(), Some("HTTP 500"));
        a.record_link_outcome(LinkRef::Webhook(hook.id), None, now)
            .await
            .unwrap();
        let fine = b
            .webhooks()
            .await
            .unwrap()
            .into_iter()
            .find(|w| w.name == "one")
            .unwrap();
        assert_eq!((fine.health.failures, fine.health.last_error), (0, None));
        assert!(fine.health.last_ok_at.is_some());
    }
}

#[tokio::test]
async fn a_partners_open311_link_and_its_forwards_round_trip() {
    for i in instances().await {
        let (a, b) = (&i.a, &i.b);
        let partner = a
            .create_partner("Afvalbedrijf", "ops@afval.test")
            .await
            .unwrap();
        assert_eq!(b.open311_link(partner).await.unwrap(), None);
        let link = Open311Link {
            endpoint: "https://afval.test/open311/v2".into(),
            api_key: "sleutel".into(),
            jurisdiction: Some("sint-truiden.be".into()),
            services: vec![
                ("graffiti".into(), "G-1".into()),
                ("waste_not_collected".into(), "101".into()),
            ],
        };
        a.set_open311_link(partner, Some(&link)).await.unwrap();
        assert_eq!(
            b.open311_link(partner).await.unwrap(),
            Some(link.clone()),
            "{}",
            i.backend
        );
        let listed = b.partners().await.unwrap();
        assert_eq!(
            listed[0].open311_endpoint.as_deref(),
            Some("https://afval.test/open311/v2")
        );
        let mut unknown = link.clone();
        unknown.services.push(("no_such".into(), "x".into()));
        assert_eq!(
            a.set_open311_link(partner, Some(&unknown))
                .await
                .unwrap_err()
                .field(),
            Some("services")
        );
        assert_eq!(
            b.open311_link(partner).await.unwrap(),
            Some(link),
            "unchanged after a refusal"
        );

        let reference = created_reference(&create(a.as_ref(), "naar de partner").await.unwrap());
        let report = a.report(&reference).await.unwrap().unwrap();
        let mut update = ReportUpdate::new(&report, EventKind::Forward, None);
        update.status = ReportStatus::Forwarded;
        update.partner_id = Some(partner);
        update.forward_to = Some(partner);
        a.apply_update(&update, Utc::now()).await.unwrap();
        let later = Utc::now() + chrono::Duration::seconds(1);
        let claimed = b.claim_deliveries(later, later, 10).await.unwrap();
        assert_eq!(claimed.len(), 1, "{}", i.backend);
        assert!(
            matches!(claimed[0].target, DeliveryTarget::Forward { partner_id } if partner_id == partner)
        );
        // Not asked about before the partner gave an id or token.
        assert!(b
            .claim_partner_polls(later, later, 10)
            .await
            .unwrap()
            .is_empty());
        let report = b.report(&reference).await.unwrap().unwrap();
        let mut receipt = ReportUpdate::new(&report, EventKind::Partner, None);
        receipt.partner_token = Some(Some("tok".into()));
        b.apply_update(&receipt, Utc::now()).await.unwrap();
        let polls = join_all(
            [a.clone(), b.clone()]
                .map(|s| async move { s.claim_partner_polls(later, later, 10).await.unwrap() }),
        )
        .await;
        let all: Vec<_> = polls.into_iter().flatten().collect();
        assert_eq!(all.len(), 1, "{}: asked by one instance", i.backend);
        assert_eq!(all[0].partner_token.as_deref(), Some("tok"));
        assert!(
            a.claim_partner_polls(later, later, 10)
                .await
                .unwrap()
                .is_empty(),
            "asked just now"
        );
    }
}
