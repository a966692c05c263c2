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
        Editor: Texts { nl: "Kennisbank schrijven", fr: "Rédiger la base de connaissances", en: "Write the knowledge base" },
        NotForYou: Texts { nl: "Alleen redacteurs en beheerders schrijven de kennisbank.", fr: "Seuls les rédacteurs et les administrateurs rédigent la base de connaissances.", en: "Only editors and administrators write the knowledge base." },
        Articles: Texts { nl: "Artikels", fr: "Articles", en: "Articles" },
        NewArticle: Texts { nl: "+ Nieuw artikel", fr: "+ Nouvel article", en: "+ New article" },
        NotWrittenYet: Texts { nl: "nog niet in deze taal geschreven: het formulier toont de Nederlandse tekst", fr: "pas encore écrit dans cette langue\u{a0}: le formulaire montre le texte néerlandais", en: "not written in this language yet: the form shows the Dutch text" },
        Slug: Texts { nl: "Adres (kleine letters, cijfers, streepjes)", fr: "Adresse (minuscules, chiffres, tirets)", en: "Address (lower case, digits, dashes)" },
        Title: Texts { nl: "Titel", fr: "Titre", en: "Title" },
        Summary: Texts { nl: "Samenvatting (één zin)", fr: "Résumé (une phrase)", en: "Summary (one sentence)" },
        Body: Texts { nl: "Tekst (alinea's met een lege regel ertussen, lijsten met \"- \")", fr: "Texte (paragraphes séparés par une ligne vide, listes avec «\u{a0}-\u{a0}»)", en: "Text (paragraphs with an empty line between, lists with \"- \")" },
        Synonyms: Texts { nl: "Andere woorden die mensen gebruiken (met komma's)", fr: "Autres mots employés (séparés par des virgules)", en: "Other words people use (comma-separated)" },
        AppointmentType: Texts { nl: "Afspraak nodig voor", fr: "Rendez-vous nécessaire pour", en: "Appointment needed for" },
        Published: Texts { nl: "Gepubliceerd", fr: "Publié", en: "Published" },
        SaveVersion: Texts { nl: "Nieuwe versie bewaren", fr: "Enregistrer une nouvelle version", en: "Save a new version" },
        Versions: Texts { nl: "Versies", fr: "Versions", en: "Versions" },
        LastChanged: Texts { nl: "Laatst bijgewerkt", fr: "Dernière mise à jour", en: "Last updated" },
    }
}
