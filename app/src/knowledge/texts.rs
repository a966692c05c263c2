//! Texts in every language, one entry per text (see `crate::i18n` for how to add one or a language).

use crate::i18n::Texts;

catalogue! {
    /// The texts of the knowledge base's pages.
    pub enum KnowledgeText {
        InfoTitle: Texts { nl: "Info en antwoorden",
            fr: "Infos et réponses",
            en: "Information and answers" },
        InfoLead: Texts { nl: "Vind het antwoord meteen, zonder te bellen.",
            fr: "Trouvez la réponse tout de suite, sans appeler.",
            en: "Find the answer at once, without calling." },
        SearchLabel: Texts { nl: "Waarover gaat uw vraag?",
            fr: "Quelle est votre question\u{a0}?",
            en: "What is your question about?" },
        SearchPlaceholder: Texts { nl: "bv. identiteitskaart, strafblad, omgevingsvergunning",
            fr: "p.\u{a0}ex. carte d'identité, casier judiciaire, permis",
            en: "e.g. identity card, criminal record, permit" },
        Search: Texts { nl: "Zoeken", fr: "Rechercher", en: "Search" },
        NoResults: Texts { nl: "Niets gevonden. Probeer een ander woord, of bel het ContactCenter.",
            fr: "Rien trouvé. Essayez un autre mot ou appelez le ContactCenter.",
            en: "Nothing found. Try another word, or call the ContactCenter." },
        AllTopics: Texts { nl: "Alle onderwerpen", fr: "Tous les sujets", en: "All topics" },
        NeedsAppointment: Texts { nl: "Hiervoor maakt u een afspraak.",
            fr: "Pour cela, prenez rendez-vous.",
            en: "For this, you book an appointment." },
        BookNow: Texts { nl: "Afspraak maken", fr: "Prendre rendez-vous", en: "Book an appointment" },
        LastChanged: Texts { nl: "Laatst bijgewerkt", fr: "Dernière mise à jour", en: "Last updated" },
    }
}
