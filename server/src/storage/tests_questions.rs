//! The store suite for category questions: both backends keep a category's questions in
//! their order, replace them whole, and give a report's answers back as they were stored.

use super::tests::{instances, valid_report};
use chrono::Utc;
use meldpunt_app::i18n::Names;
use meldpunt_app::port::CreateOutcome;
use meldpunt_app::report::questions::{Answer, Choice, Question, QuestionKind};

fn question(code: &str, kind: QuestionKind, choices: &[&str]) -> Question {
    Question {
        code: code.into(),
        names: Names::new(|lang| format!("{code} {}", lang.code())),
        kind,
        required: kind == QuestionKind::Single,
        internal: kind == QuestionKind::Text,
        choices: choices.iter().map(|c| Choice::from_line(c)).collect(),
    }
}

#[tokio::test]
async fn questions_keep_their_order_and_answers_come_back_as_stored() {
    for i in instances().await {
        let (a, b) = (&i.a, &i.b);
        let first = [
            question(
                "container",
                QuestionKind::Single,
                &["rest|Rest|Résiduel|Residual", "pmd"],
            ),
            question("pole", QuestionKind::Text, &[]),
        ];
        a.save_questions("graffiti", &first).await.unwrap();
        let read = b.questions(Some("graffiti")).await.unwrap();
        assert_eq!(read["graffiti"], first, "{}", i.backend);
        assert!(b.questions(Some("road_damage")).await.unwrap().is_empty());
        // Replaced whole, in the new order.
        let second = [
            first[1].clone(),
            question("bags", QuestionKind::Number, &[]),
        ];
        b.save_questions("graffiti", &second).await.unwrap();
        a.save_questions("road_damage", &first[..1]).await.unwrap();
        let all = a.questions(None).await.unwrap();
        assert_eq!(all["graffiti"], second, "{}", i.backend);
        assert_eq!(all["road_damage"].len(), 1);
        let unknown = a.save_questions("no_such_category", &first).await;
        assert_eq!(
            unknown.unwrap_err().field(),
            Some("category"),
            "{}",
            i.backend
        );

        let mut report = valid_report("zakken niet opgehaald");
        report.answers = vec![
            Answer {
                question: "pole".into(),
                values: vec!["A-12 \"quoted\" ✓".into()],
            },
            Answer {
                question: "kinds".into(),
                values: vec!["paper".into(), "metal".into()],
            },
        ];
        let outcome = a
            .create_report(&report, "token-answers", &[], None, Utc::now())
            .await
            .unwrap();
        let CreateOutcome::Created { id, reference, .. } = outcome else {
            panic!("not created")
        };
        let stored = b.report(&reference).await.unwrap().unwrap();
        assert_eq!(stored.answers, report.answers, "{}", i.backend);
        let exported = b.export_rows(&[id], false).await.unwrap();
        assert_eq!(exported[0].answers, report.answers, "{}", i.backend);
        // None given: none stored.
        let plain = a
            .create_report(
                &valid_report("geen vragen"),
                "token-plain",
                &[],
                None,
                Utc::now(),
            )
            .await
            .unwrap();
        let CreateOutcome::Created { reference, .. } = plain else {
            panic!("not created")
        };
        assert!(b
            .report(&reference)
            .await
            .unwrap()
            .unwrap()
            .answers
            .is_empty());
    }
}
