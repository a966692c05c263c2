//! The demo's category questions: which container was not emptied, a street light's pole and
//! how far the outage goes, and (for staff only) whether dumped waste looks hazardous; and
//! the answers generated reports give.

use meldpunt_app::context::Ctx;
use meldpunt_app::i18n::Names;
use meldpunt_app::report::questions::{Answer, Choice, Question, QuestionKind};
use rand::rngs::StdRng;
use rand::Rng;

/// What the demo's categories ask: the container that was not emptied, a street light's pole
/// and how far the outage goes, and (for staff only) whether dumped waste looks hazardous.
pub(crate) async fn seed_questions(ctx: &Ctx) -> anyhow::Result<()> {
    let question =
        |code: &str, labels: [&str; 3], kind, required, internal, choices: &[&str]| Question {
            code: code.to_owned(),
            names: Names::new(|lang| labels[lang.index()].to_owned()),
            kind,
            required,
            internal,
            choices: choices.iter().map(|c| Choice::from_line(c)).collect(),
        };
    let asked = [
        (
            "waste_not_collected",
            question(
                "container",
                [
                    "Welke container werd niet geledigd?",
                    "Quel conteneur n'a pas été vidé\u{a0}?",
                    "Which container was not emptied?",
                ],
                QuestionKind::Single,
                true,
                false,
                &DEMO_CONTAINERS,
            ),
        ),
        (
            "street_lighting",
            question(
                "pole",
                [
                    "Paalnummer (op het plaatje aan de paal)",
                    "Numéro du poteau (sur la plaquette)",
                    "Pole number (on the plate on the pole)",
                ],
                QuestionKind::Text,
                false,
                false,
                &[],
            ),
        ),
        (
            "street_lighting",
            question(
                "extent",
                [
                    "Is het één lamp of de hele straat?",
                    "Une seule lampe ou toute la rue\u{a0}?",
                    "One lamp or the whole street?",
                ],
                QuestionKind::Single,
                true,
                false,
                &DEMO_EXTENTS,
            ),
        ),
        (
            "illegal_dumping",
            question(
                "hazardous",
                [
                    "Gevaarlijk afval (asbest, vaten, chemicaliën)?",
                    "Déchets dangereux (amiante, fûts, produits chimiques)\u{a0}?",
                    "Hazardous waste (asbestos, drums, chemicals)?",
                ],
                QuestionKind::YesNo,
                false,
                true,
                &[],
            ),
        ),
    ];
    for (category, q) in asked {
        if ctx.store.category(category).await?.is_some() {
            meldpunt_app::office::admin::save_question(ctx, None, category, q, None).await?;
        }
    }
    Ok(())
}

const DEMO_CONTAINERS: [&str; 5] = [
    "rest|Restafval|Déchets résiduels|Residual waste",
    "pmd|PMD|PMC|PMD (plastic, metal, drinks cartons)",
    "gft|GFT|Déchets organiques|Garden and food waste",
    "paper|Papier en karton|Papiers et cartons|Paper and cardboard",
    "glass|Glas|Verre|Glass",
];
const DEMO_EXTENTS: [&str; 2] = [
    "one|Eén lamp|Une lampe|One lamp",
    "street|De hele straat|Toute la rue|The whole street",
];

/// Answers a generated report of `category` gives to the demo's questions.
pub(crate) fn demo_answers(category: &str, rng: &mut StdRng) -> Vec<Answer> {
    let pick = |options: &[&str], rng: &mut StdRng| {
        let spec = options[rng.gen_range(0..options.len())];
        spec.split('|').next().unwrap_or_default().to_owned()
    };
    let answer = |question: &str, value: String| Answer {
        question: question.to_owned(),
        values: vec![value],
    };
    match category {
        "waste_not_collected" => vec![answer("container", pick(&DEMO_CONTAINERS, rng))],
        "street_lighting" => vec![
            answer("pole", format!("SL-{:04}", rng.gen_range(1..3000))),
            answer("extent", pick(&DEMO_EXTENTS, rng)),
        ],
        _ => Vec::new(),
    }
}
