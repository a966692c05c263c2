//! Search as you type over the articles of one language: every word of the query must match a
//! word of the article (its title, synonyms or text), exactly, as the start of a word (the
//! last word is still being typed), inside a compound ("register" in "strafregister"), or with
//! a typo (Jaro-Winkler). Title and synonym words count three times as much as body words, so
//! "strafblad", a synonym, finds "Uittreksel uit het strafregister".
//!
//! Written by hand: the articles are few (a city has hundreds, the target is 2,000), fit in
//! memory, and need Dutch-compound and synonym rules that a general search engine crate would
//! need as much code to configure; the word scoring is `strsim`'s, as for street names.

use crate::address::fold;
use std::collections::HashMap;

/// What the index reads of an article.
#[derive(Debug, Clone, PartialEq)]
pub struct ArticleText {
    pub slug: String,
    pub title: String,
    pub synonyms: Vec<String>,
    pub body: String,
}

/// The words of an article with the weight of the field they were found in.
const TITLE: f64 = 3.0;
const BODY: f64 = 1.0;
/// Words shorter than this are not searched inside others nor for typos ("de", "het").
const MIN_FUZZY: usize = 4;
/// A word being typed is looked up as the start of others from this many letters on.
const MIN_PREFIX: usize = 3;
/// How many letters a typo may add or drop.
const MAX_TYPO_LENGTH: usize = 2;
/// Similarity a typo needs.
const MIN_SIMILAR: f64 = 0.88;
/// At most this many words of a query are looked at.
const MAX_WORDS: usize = 8;

/// An index of one language's articles.
#[derive(Debug, Default)]
pub struct KnowledgeIndex {
    slugs: Vec<String>,
    /// Distinct words, each with the articles holding it and the best field weight there.
    words: Vec<(String, Vec<(u32, f64)>)>,
}

/// A found article and how well it matched.
#[derive(Debug, Clone, PartialEq)]
pub struct Found {
    pub slug: String,
    pub score: f64,
}

fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(fold)
}

impl KnowledgeIndex {
    pub fn build(articles: &[ArticleText]) -> Self {
        let mut by_word: HashMap<String, HashMap<u32, f64>> = HashMap::new();
        for (n, a) in articles.iter().enumerate() {
            let n = n as u32;
            let title =
                std::iter::once(a.title.as_str()).chain(a.synonyms.iter().map(String::as_str));
            for (text, weight) in title
                .map(|t| (t, TITLE))
                .chain(std::iter::once((a.body.as_str(), BODY)))
            {
                for w in words(text) {
                    let best = by_word.entry(w).or_default().entry(n).or_insert(0.0);
                    *best = best.max(weight);
                }
            }
        }
        let mut words: Vec<(String, Vec<(u32, f64)>)> = by_word
            .into_iter()
            .map(|(w, hits)| {
                let mut hits: Vec<(u32, f64)> = hits.into_iter().collect();
                hits.sort_by_key(|h| h.0);
                (w, hits)
            })
            .collect();
        words.sort_by(|a, b| a.0.cmp(&b.0));
        KnowledgeIndex {
            slugs: articles.iter().map(|a| a.slug.clone()).collect(),
            words,
        }
    }

    pub fn len(&self) -> usize {
        self.slugs.len()
    }

    pub fn is_empty(&self) -> bool {
        self.slugs.is_empty()
    }

    /// Articles matching every word of `query`, best first, at most `limit`.
    pub fn search(&self, query: &str, limit: usize) -> Vec<Found> {
        let typed: Vec<String> = words(query).take(MAX_WORDS).collect();
        let Some(last) = typed.len().checked_sub(1) else {
            return Vec::new();
        };
        // Per article: the sum over query words of the best match, and how many matched.
        let mut totals: HashMap<u32, (f64, usize)> = HashMap::new();
        for (i, q) in typed.iter().enumerate() {
            let mut best: HashMap<u32, f64> = HashMap::new();
            for (word, hits) in &self.words {
                let closeness = closeness(q, word, i == last);
                if closeness > 0.0 {
                    for (article, weight) in hits {
                        let s = best.entry(*article).or_insert(0.0);
                        *s = s.max(closeness * weight);
                    }
                }
            }
            for (article, s) in best {
                let t = totals.entry(article).or_insert((0.0, 0));
                t.0 += s;
                t.1 += 1;
            }
        }
        let mut found: Vec<Found> = totals
            .into_iter()
            .filter(|(_, (_, matched))| *matched == typed.len())
            .map(|(n, (score, _))| Found {
                slug: self.slugs[n as usize].clone(),
                score,
            })
            .collect();
        found.sort_by(|a, b| {
            b.score
                .total_cmp(&a.score)
                .then_with(|| a.slug.cmp(&b.slug))
        });
        found.truncate(limit);
        found
    }
}

/// How well query word `q` matches article word `w`: 1 the same, 0.9 its start (while the
/// word is being typed, from three letters on, or when it is long enough), 0.7 inside a
/// compound, less for a typo, 0 not at all.
fn closeness(q: &str, w: &str, typing: bool) -> f64 {
    let length = q.chars().count();
    let long = length >= MIN_FUZZY;
    if q == w {
        1.0
    } else if ((typing && length >= MIN_PREFIX) || long) && w.starts_with(q) {
        0.9
    } else if long && w.contains(q) {
        0.7
    } else if long && w.chars().count().abs_diff(length) <= MAX_TYPO_LENGTH {
        // Jaro-Winkler rewards a shared start so much that "voor" would pass for
        // "voorlopig": a typo changes a word's length by a letter or two only.
        let similar = strsim::jaro_winkler(q, w);
        if similar >= MIN_SIMILAR {
            similar * 0.8
        } else {
            0.0
        }
    } else {
        0.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn article(slug: &str, title: &str, synonyms: &[&str], body: &str) -> ArticleText {
        ArticleText {
            slug: slug.into(),
            title: title.into(),
            synonyms: synonyms.iter().map(|s| (*s).to_owned()).collect(),
            body: body.into(),
        }
    }

    fn city() -> KnowledgeIndex {
        KnowledgeIndex::build(&[
            article(
                "uittreksel-strafregister",
                "Uittreksel uit het strafregister",
                &["strafblad", "bewijs van goed gedrag en zeden"],
                "Een uittreksel vraagt u online aan of aan de balie van Burgerzaken. Gratis.",
            ),
            article(
                "omgevingsvergunning",
                "Omgevingsvergunning",
                &["bouwvergunning", "milieuvergunning"],
                "Voor bouwen, verbouwen of een activiteit met hinder vraagt u een vergunning aan \
                 via het Omgevingsloket. Een afspraak is nodig.",
            ),
            article(
                "identiteitskaart",
                "Elektronische identiteitskaart (eID)",
                &["id-kaart", "pasfoto"],
                "Een nieuwe identiteitskaart vraagt u aan bij Burgerzaken, op afspraak. Breng \
                 een recente pasfoto mee. U hebt ze ook nodig voor een rijbewijs.",
            ),
            article(
                "rijbewijs",
                "Rijbewijs",
                &["voorlopig rijbewijs"],
                "Uw rijbewijs vraagt u aan bij Burgerzaken. Breng uw identiteitskaart mee.",
            ),
        ])
    }

    fn slugs(index: &KnowledgeIndex, q: &str) -> Vec<String> {
        index.search(q, 10).into_iter().map(|f| f.slug).collect()
    }

    #[test]
    fn synonyms_prefixes_compounds_and_typos_find_the_article() {
        let kb = city();
        assert_eq!(slugs(&kb, "strafblad"), ["uittreksel-strafregister"]);
        assert_eq!(
            slugs(&kb, "Strafregistr"),
            ["uittreksel-strafregister"],
            "a typo"
        );
        assert_eq!(
            slugs(&kb, "omgevingsverg"),
            ["omgevingsvergunning"],
            "as typed"
        );
        assert_eq!(
            slugs(&kb, "register"),
            ["uittreksel-strafregister"],
            "in a compound"
        );
        assert_eq!(slugs(&kb, "bouwvergunning"), ["omgevingsvergunning"]);
        assert_eq!(slugs(&kb, "uittreksel straf"), ["uittreksel-strafregister"]);
        assert_eq!(slugs(&kb, "ÉID"), ["identiteitskaart"], "case and accents");
    }

    #[test]
    fn every_word_must_match_and_titles_weigh_more_than_text() {
        let kb = city();
        // In the driving licence's title, in the identity card's text: the title wins.
        assert_eq!(slugs(&kb, "rijbewijs"), ["rijbewijs", "identiteitskaart"]);
        assert_eq!(slugs(&kb, "rijbewijs voorlopig"), ["rijbewijs"]);
        assert!(slugs(&kb, "rijbewijs vergunning").is_empty());
        assert!(slugs(&kb, "").is_empty());
        assert!(slugs(&kb, " ,.; ").is_empty());
        // Short words are matched whole only (else "de" would be in everything).
        assert!(slugs(&kb, "ee").is_empty());
        assert_eq!(kb.search("burgerzaken", 2).len(), 2, "at most the limit");
    }
}
