//! Dutch first, French and English too: the language type and the one way to translate.
//!
//! Every text a person can read lives in a catalogue next to its feature (`ui/texts.rs`,
//! `report/texts.rs`, `office/texts.rs`, `complaint/texts.rs`, `planner/texts.rs`, `error/texts.rs`), declared
//! with [`catalogue!`] and used with [`t!`]. The names of categories and departments are data,
//! entered by admins in every language.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    Nl,
    Fr,
    En,
}

impl Lang {
    pub const ALL: [Lang; 3] = [Lang::Nl, Lang::Fr, Lang::En];

    pub fn code(self) -> &'static str {
        match self {
            Lang::Nl => "nl",
            Lang::Fr => "fr",
            Lang::En => "en",
        }
    }

    /// The language's name in itself, as a list of languages shows it.
    pub fn autonym(self) -> &'static str {
        match self {
            Lang::Nl => "Nederlands",
            Lang::Fr => "Français",
            Lang::En => "English",
        }
    }

    /// The BCP 47 tag for `<html lang>`.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::Nl => "nl-BE",
            Lang::Fr => "fr-BE",
            Lang::En => "en",
        }
    }

    /// A month's short name (1 = January), as the language abbreviates it in a chart or table.
    pub fn month_short(self, month: u32) -> &'static str {
        const NL: [&str; 12] = [
            "jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec",
        ];
        const FR: [&str; 12] = [
            "janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.",
            "nov.", "déc.",
        ];
        const EN: [&str; 12] = [
            "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
        ];
        let names = match self {
            Lang::Nl => &NL,
            Lang::Fr => &FR,
            Lang::En => &EN,
        };
        names
            .get((month as usize).wrapping_sub(1))
            .copied()
            .unwrap_or("?")
    }

    pub fn from_code(code: &str) -> Option<Lang> {
        let prefix = code.get(..2)?.to_ascii_lowercase();
        Lang::ALL.into_iter().find(|l| l.code() == prefix)
    }

    /// The first supported language in an `Accept-Language` header, else Dutch.
    pub fn from_accept_language(header: &str) -> Lang {
        header
            .split(',')
            .filter_map(|part| Lang::from_code(part.trim()))
            .next()
            .unwrap_or_default()
    }

    /// A colon before a value: French puts a non-breaking space before it.
    pub const fn colon(self) -> &'static str {
        match self {
            Lang::Fr => "\u{a0}: ",
            Lang::Nl | Lang::En => ": ",
        }
    }

    /// The position of this language in [`Lang::ALL`].
    pub const fn index(self) -> usize {
        match self {
            Lang::Nl => 0,
            Lang::Fr => 1,
            Lang::En => 2,
        }
    }
}

/// A text with its `{name}` placeholders filled in, for texts whose word order differs between
/// languages (`"… op {date} ons antwoord."`, `"… au plus tard le {date}."`).
pub fn fill(text: &str, args: &[(&str, &str)]) -> String {
    args.iter().fold(text.to_owned(), |text, (name, value)| {
        text.replace(&format!("{{{name}}}"), value)
    })
}

/// A name people give in every language (a category, a department): data kept in the
/// database, not a text of the program. Forms, the CLI and the admin pages name its parts
/// `name_nl`, `name_fr`, `name_en` ([`Names::field`]).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Names([String; Lang::ALL.len()]);

impl Names {
    /// The names made by `name` for every language.
    pub fn new(name: impl FnMut(Lang) -> String) -> Names {
        Names(Lang::ALL.map(name))
    }

    /// The names made by `name` for every language, or its first error.
    pub fn try_new<E>(mut name: impl FnMut(Lang) -> Result<String, E>) -> Result<Names, E> {
        let mut names = Names::default();
        for lang in Lang::ALL {
            names.0[lang.index()] = name(lang)?;
        }
        Ok(names)
    }

    /// The name in `lang`, or the Dutch one when none was given in `lang`.
    pub fn get(&self, lang: Lang) -> &str {
        match self.0[lang.index()].as_str() {
            "" => &self.0[Lang::Nl.index()],
            name => name,
        }
    }

    /// The name given in `lang`, empty when none was.
    pub fn given(&self, lang: Lang) -> &str {
        &self.0[lang.index()]
    }

    /// The form field of the name in `lang`: `name_nl`, `name_fr`, `name_en`.
    pub fn field(lang: Lang) -> String {
        format!("name_{}", lang.code())
    }

    /// Every language with its name as given.
    pub fn iter(&self) -> impl Iterator<Item = (Lang, &str)> {
        Lang::ALL.into_iter().zip(self.0.iter().map(String::as_str))
    }
}

/// One text in every language: what each catalogue entry holds. Adding a language adds a
/// field here (and its arm in [`Texts::get`]); the compiler then names every entry without it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Texts {
    pub nl: &'static str,
    pub fr: &'static str,
    pub en: &'static str,
}

impl Texts {
    /// The texts in the order of [`Lang::ALL`].
    pub const fn all(&self) -> [&'static str; Lang::ALL.len()] {
        let mut all = [""; Lang::ALL.len()];
        let mut i = 0;
        while i < all.len() {
            all[i] = self.get(Lang::ALL[i]);
            i += 1;
        }
        all
    }

    /// The text in `lang`.
    pub const fn get(&self, lang: Lang) -> &'static str {
        match lang {
            Lang::Nl => self.nl,
            Lang::Fr => self.fr,
            Lang::En => self.en,
        }
    }
}

/// Declares a catalogue of texts: an enum with one variant per text, each with its text in
/// every language, written `Name: Texts { nl: "…", fr: "…", en: "…" },`. An entry without one of the
/// languages of [`Texts`] does not compile ("missing field `de`"), and the error points at it.
#[macro_export]
macro_rules! catalogue {
    ($(#[$meta:meta])* $vis:vis enum $name:ident {
        $($(#[$vmeta:meta])* $variant:ident: $texts:expr,)+
    }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        $vis enum $name { $($(#[$vmeta])* $variant,)+ }

        impl $name {
            /// Every text of this catalogue, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The variant's name: the key the browser scripts use.
            pub const fn name(self) -> &'static str {
                match self { $($name::$variant => stringify!($variant),)+ }
            }

            /// The entry named `name` ([`Self::name`]), if there is one.
            pub fn from_name(name: &str) -> Option<Self> {
                Self::ALL.iter().copied().find(|t| t.name() == name)
            }

            /// The entry's text in every language.
            pub const fn texts(self) -> $crate::i18n::Texts {
                // Each entry is the struct literal itself, so that a missing or unknown
                // language is reported at the entry.
                match self { $($name::$variant => $texts,)+ }
            }

            /// The text in `lang`. In code, prefer [`t!`], which picks it at compile time.
            pub const fn text(self, lang: $crate::i18n::Lang) -> &'static str {
                self.texts().get(lang)
            }
        }
    };
}

/// The text of a catalogue entry in a language: `t!(lang, ReportText::FormTitle)`.
///
/// The entry's texts are a constant, so the browser bundle holds only the texts its island
/// uses, not whole catalogues.
#[macro_export]
macro_rules! t {
    ($lang:expr, $text:expr) => {{
        const TEXTS: [&str; $crate::i18n::Lang::ALL.len()] = $text.texts().all();
        TEXTS[$crate::i18n::Lang::index($lang)]
    }};
}

/// One catalogue's entries: name and text in every language.
#[cfg(any(test, feature = "ssr"))]
pub type Entries = Vec<(&'static str, [&'static str; Lang::ALL.len()])>;

#[cfg(any(test, feature = "ssr"))]
fn entries<T: Copy>(
    all: &[T],
    name: fn(T) -> &'static str,
    text: fn(T, Lang) -> &'static str,
) -> Entries {
    all.iter()
        .map(|&t| (name(t), Lang::ALL.map(|l| text(t, l))))
        .collect()
}

/// Every catalogue with its entries, for the checks that every text is translated and that no
/// page shows another language's (a new catalogue is added here).
#[cfg(any(test, feature = "ssr"))]
pub fn every_text() -> Vec<(&'static str, Entries)> {
    use crate::appointment::texts::AppointmentText as A;
    use crate::complaint::texts::ComplaintText as C;
    use crate::contact::texts::ContactText as CT;
    use crate::error::ErrorText as E;
    use crate::knowledge::texts::KnowledgeText as K;
    use crate::office::texts::OfficeText as O;
    use crate::planner::texts::PlannerText as P;
    use crate::report::texts::ReportText as R;
    use crate::ui::texts::{ScriptText as S, UiText as U};
    vec![
        ("UiText", entries(U::ALL, U::name, U::text)),
        ("ScriptText", entries(S::ALL, S::name, S::text)),
        ("ReportText", entries(R::ALL, R::name, R::text)),
        ("OfficeText", entries(O::ALL, O::name, O::text)),
        ("ComplaintText", entries(C::ALL, C::name, C::text)),
        ("PlannerText", entries(P::ALL, P::name, P::text)),
        ("AppointmentText", entries(A::ALL, A::name, A::text)),
        ("KnowledgeText", entries(K::ALL, K::name, K::text)),
        ("ContactText", entries(CT::ALL, CT::name, CT::text)),
        ("ErrorText", entries(E::ALL, E::name, E::text)),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn french_puts_a_no_break_space_before_two_part_punctuation() {
        // "Où ?" with a plain space lets the "?" wrap onto a line of its own.
        let mut wrong = Vec::new();
        for (catalogue, entries) in every_text() {
            for (name, texts) in entries {
                let fr = texts[Lang::Fr.index()];
                if [" :", " ;", " ?", " !"].iter().any(|p| fr.contains(p)) {
                    wrong.push(format!("{catalogue}::{name}: {fr}"));
                }
            }
        }
        assert!(
            wrong.is_empty(),
            "plain spaces before : ; ? !\n{}",
            wrong.join("\n")
        );
    }

    #[test]
    fn months_have_each_languages_short_names() {
        assert_eq!(Lang::Nl.month_short(3), "mrt");
        assert_eq!(Lang::Fr.month_short(2), "févr.");
        assert_eq!(Lang::En.month_short(12), "Dec");
        assert_eq!(Lang::Fr.month_short(0), "?");
        assert_eq!(Lang::En.month_short(13), "?");
    }

    #[test]
    fn accept_language_picks_first_supported_else_dutch() {
        assert_eq!(
            Lang::from_accept_language("fr-BE,fr;q=0.9,en;q=0.8"),
            Lang::Fr
        );
        assert_eq!(Lang::from_accept_language("de-DE, en;q=0.5"), Lang::En);
        assert_eq!(Lang::from_accept_language("de"), Lang::Nl);
        assert_eq!(Lang::from_accept_language(""), Lang::Nl);
    }

    use super::every_text as catalogues;

    /// The `{name}` placeholders of a text, sorted.
    fn placeholders(text: &str) -> Vec<&str> {
        let mut found: Vec<&str> = text
            .split('{')
            .skip(1)
            .filter_map(|rest| rest.split_once('}').map(|(name, _)| name))
            .collect();
        found.sort_unstable();
        found
    }

    #[test]
    fn every_text_is_written_out_in_every_language_with_the_same_placeholders() {
        let mut problems = Vec::new();
        let mut count = 0;
        for (catalogue, entries) in catalogues() {
            for (name, texts) in entries {
                for (lang, text) in Lang::ALL.iter().zip(texts) {
                    if text.trim().is_empty() || text != text.trim() {
                        problems.push(format!("{catalogue}::{name} in {lang:?}: {text:?}"));
                    }
                    if placeholders(text) != placeholders(texts[0]) {
                        problems.push(format!(
                            "{catalogue}::{name} in {lang:?}: other placeholders"
                        ));
                    }
                }
                count += 1;
            }
        }
        assert!(problems.is_empty(), "{}", problems.join("\n"));
        assert!(count > 400, "only {count} texts found");
    }

    #[test]
    fn no_french_text_is_a_copy_of_the_dutch_one() {
        // Unless it is a name, a code or a word both languages use.
        let shared = [
            "Back office",
            "E-mail",
            "Partner",
            "Planner",
            "Meldpunt",
            "Contactcenter",
        ];
        let mut copies = Vec::new();
        for (catalogue, entries) in catalogues() {
            for (name, texts) in entries {
                let (nl, fr) = (texts[Lang::Nl.index()], texts[Lang::Fr.index()]);
                if nl == fr && nl.contains(' ') && !shared.contains(&nl) {
                    copies.push(format!("{catalogue}::{name}: {nl}"));
                }
            }
        }
        assert!(copies.is_empty(), "untranslated:\n{}", copies.join("\n"));
    }

    #[test]
    fn placeholders_are_filled_by_name() {
        assert_eq!(
            fill(
                "le {date}, {who} — {date}",
                &[("date", "3 mars"), ("who", "A")]
            ),
            "le 3 mars, A — 3 mars"
        );
        assert_eq!(placeholders("op {date} door {who}"), ["date", "who"]);
    }

    #[test]
    fn a_name_missing_in_a_language_falls_back_to_dutch() {
        let names = Names::new(|l| {
            if l == Lang::En {
                String::new()
            } else {
                format!("n-{}", l.code())
            }
        });
        assert_eq!(names.get(Lang::En), "n-nl");
        assert_eq!(names.given(Lang::En), "");
        assert_eq!(names.get(Lang::Fr), "n-fr");
        assert_eq!(Names::field(Lang::Fr), "name_fr");
    }

    #[test]
    fn the_translation_macro_picks_the_language() {
        use crate::report::texts::ReportText;
        assert_eq!(
            t!(Lang::Fr, ReportText::FormSubmit),
            "Envoyer le signalement"
        );
        assert_eq!(t!(Lang::Nl, ReportText::FormSubmit), "Melding versturen");
        assert_eq!(
            t!(Lang::En, ReportText::FormSubmit),
            ReportText::FormSubmit.text(Lang::En)
        );
    }
}
