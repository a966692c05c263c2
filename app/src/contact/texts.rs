//! Texts in every language, one entry per text (see `crate::i18n` for how to add one or a language).

use crate::i18n::Texts;

catalogue! {
    /// The texts of the contact register and the hand-overs.
    pub enum ContactText {
        Phone: Texts { nl: "Telefoon", fr: "Téléphone", en: "Phone" },
        Counter: Texts { nl: "Balie", fr: "Guichet", en: "Counter" },
        Email: Texts { nl: "E-mail", fr: "Courriel", en: "E-mail" },
        Chat: Texts { nl: "Chat", fr: "Messagerie", en: "Chat" },
        Letter: Texts { nl: "Brief", fr: "Lettre", en: "Letter" },
        Answered: Texts { nl: "Meteen beantwoord", fr: "Répondu au premier contact", en: "Answered at first contact" },
        ReportMade: Texts { nl: "Melding gemaakt", fr: "Signalement fait", en: "Report made" },
        ComplaintRegistered: Texts { nl: "Klacht geregistreerd", fr: "Plainte enregistrée", en: "Complaint registered" },
        AppointmentBooked: Texts { nl: "Afspraak geboekt", fr: "Rendez-vous pris", en: "Appointment booked" },
        HandedOver: Texts { nl: "Doorgegeven aan een dienst (terugbellen)", fr: "Transmis à un service (rappel)", en: "Handed over to a department (call back)" },
        NotReached: Texts { nl: "Niet bereikt", fr: "Pas joint", en: "Not reached" },
        Title: Texts { nl: "Klantcontact registreren", fr: "Enregistrer un contact", en: "Register a contact" },
        Topic: Texts { nl: "Onderwerp", fr: "Sujet", en: "Topic" },
        Channel: Texts { nl: "Kanaal", fr: "Canal", en: "Channel" },
        Caller: Texts { nl: "Wie (niet verplicht)", fr: "Qui (facultatif)", en: "Who (optional)" },
        Name: Texts { nl: "Naam", fr: "Nom", en: "Name" },
        PhoneNumber: Texts { nl: "Telefoonnummer", fr: "Numéro de téléphone", en: "Phone number" },
        EmailAddress: Texts { nl: "E-mailadres", fr: "Adresse e-mail", en: "E-mail address" },
        Summary: Texts { nl: "Korte samenvatting", fr: "Résumé", en: "Short summary" },
        Outcome: Texts { nl: "Resultaat", fr: "Résultat", en: "Outcome" },
        Department: Texts { nl: "Dienst (bij doorgeven)", fr: "Service (si transmis)", en: "Department (when handed over)" },
        Links: Texts { nl: "Referentie van melding, klacht of afspraak", fr: "Référence du signalement, de la plainte ou du rendez-vous", en: "Reference of the report, complaint or appointment" },
        Save: Texts { nl: "Contact bewaren", fr: "Enregistrer le contact", en: "Save the contact" },
        Saved: Texts { nl: "Contact bewaard. Het volgende kan beginnen.", fr: "Contact enregistré. Le suivant peut commencer.", en: "Contact saved. The next one can start." },
        History: Texts { nl: "Eerdere contacten en afspraken", fr: "Contacts et rendez-vous précédents", en: "Earlier contacts and appointments" },
        Find: Texts { nl: "Zoek op telefoon of e-mail", fr: "Chercher par téléphone ou e-mail", en: "Find by phone or e-mail" },
        Nothing: Texts { nl: "Niets gevonden.", fr: "Rien trouvé.", en: "Nothing found." },
        Handovers: Texts { nl: "Terugbelverzoeken", fr: "Demandes de rappel", en: "Call-back requests" },
        Due: Texts { nl: "Tegen", fr: "Pour le", en: "Due" },
        Overdue: Texts { nl: "te laat", fr: "en retard", en: "overdue" },
        Answer: Texts { nl: "Antwoord (wat u de burger zei)", fr: "Réponse (ce que vous avez dit au citoyen)", en: "Answer (what you told the citizen)" },
        Close: Texts { nl: "Beantwoord en afsluiten", fr: "Répondu, clôturer", en: "Answered, close" },
        NoHandovers: Texts { nl: "Geen open terugbelverzoeken.", fr: "Aucune demande de rappel ouverte.", en: "No open call-back requests." },
        ErrField: Texts { nl: "Kijk dit veld na:", fr: "Vérifiez ce champ\u{a0}:", en: "Check this field:" },
    }
}
