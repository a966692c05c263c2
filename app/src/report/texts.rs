//! Texts in every language, one entry per text (see `crate::i18n` for how to add one or a language).

catalogue! {
    /// The texts of reporting: the citizen form, the report page, statuses, channels and categories.
    pub enum ReportText {
        FormStepCategory: nl "1. Wat is er aan de hand?"
            fr "1. Quel est le problème ?"
            en "1. What is the problem?";
        FormStepLocation: nl "2. Waar?"
            fr "2. Où ?"
            en "2. Where?";
        FormStepDescribe: nl "3. Beschrijf het"
            fr "3. Décrivez-le"
            en "3. Describe it";
        FormStepPhotos: nl "4. Foto's (maximaal 3)"
            fr "4. Photos (3 maximum)"
            en "4. Photos (at most 3)";
        FormStepContact: nl "5. Uw gegevens (niet verplicht)"
            fr "5. Vos coordonnées (facultatif)"
            en "5. Your details (optional)";
        FormGps: nl "Gebruik mijn locatie"
            fr "Utiliser ma position"
            en "Use my location";
        FormGpsFailed: nl "Uw locatie kon niet bepaald worden. Tik op de kaart of zoek een adres."
            fr "Votre position n'a pas pu être déterminée. Touchez la carte ou cherchez une adresse."
            en "Your location could not be found. Tap the map or search for an address.";
        FormMapHint: nl "Tik op de kaart of versleep de speld."
            fr "Touchez la carte ou déplacez l'épingle."
            en "Tap the map or drag the pin.";
        FormAddress: nl "Adres zoeken"
            fr "Chercher une adresse"
            en "Search an address";
        FormAddressPlaceholder: nl "Straat en huisnummer"
            fr "Rue et numéro"
            en "Street and number";
        FormLocationSet: nl "Locatie gekozen"
            fr "Position choisie"
            en "Location set";
        FormDescription: nl "Beschrijving"
            fr "Description"
            en "Description";
        FormDescriptionPlaceholder: nl "Wat ziet u? Hoe groot is het? Is het gevaarlijk?"
            fr "Que voyez-vous ? Quelle taille ? Est-ce dangereux ?"
            en "What do you see? How big is it? Is it dangerous?";
        FormPhotosAdd: nl "Foto toevoegen"
            fr "Ajouter une photo"
            en "Add a photo";
        FormPhotosRemove: nl "Verwijderen"
            fr "Supprimer"
            en "Remove";
        FormContactPrivacy: nl "Uw naam, e-mail en telefoon zijn nooit openbaar. Alleen de stadsdiensten zien ze, om u op de hoogte te houden of vragen te stellen over deze melding. We bewaren ze tot 1 jaar na het afsluiten van de melding."
            fr "Votre nom, e-mail et téléphone ne sont jamais publics. Seuls les services de la ville les voient, pour vous informer ou vous poser des questions sur ce signalement. Nous les conservons jusqu'à 1 an après la clôture."
            en "Your name, e-mail and phone are never public. Only city staff see them, to keep you informed or ask about this report. We keep them until 1 year after the report is closed.";
        FormContactName: nl "Naam"
            fr "Nom"
            en "Name";
        FormContactEmail: nl "E-mail"
            fr "E-mail"
            en "E-mail";
        FormContactPhone: nl "Telefoon"
            fr "Téléphone"
            en "Phone";
        FormContactConsent: nl "De stad mag mij contacteren over deze melding"
            fr "La ville peut me contacter au sujet de ce signalement"
            en "The city may contact me about this report";
        FormSubmit: nl "Melding versturen"
            fr "Envoyer le signalement"
            en "Send report";
        FormSending: nl "Bezig met versturen…"
            fr "Envoi en cours…"
            en "Sending…";
        FormNearbyTitle: nl "Al gemeld in de buurt?"
            fr "Déjà signalé à proximité ?"
            en "Already reported nearby?";
        FormNearbyText: nl "Deze meldingen in dezelfde categorie staan open binnen 250 m. Is het hetzelfde? Volg dan die melding."
            fr "Ces signalements de la même catégorie sont ouverts à moins de 250 m. Est-ce le même ? Suivez-le."
            en "These open reports in the same category are within 250 m. Is it the same? Follow that one.";
        ErrCategory: nl "Kies een categorie."
            fr "Choisissez une catégorie."
            en "Choose a category.";
        ErrLocation: nl "Kies de plaats op de kaart, met uw locatie of via een adres."
            fr "Choisissez l'endroit sur la carte, avec votre position ou une adresse."
            en "Choose the place on the map, with your location or an address.";
        ErrDescription: nl "Beschrijf het probleem (maximaal 4000 tekens)."
            fr "Décrivez le problème (4000 caractères maximum)."
            en "Describe the problem (at most 4000 characters).";
        ErrPhoto: nl "Deze foto kon niet gebruikt worden."
            fr "Cette photo n'a pas pu être utilisée."
            en "This photo could not be used.";
        ErrPhotoCount: nl "U kunt maximaal 3 foto's toevoegen."
            fr "Vous pouvez ajouter 3 photos maximum."
            en "You can add at most 3 photos.";
        ErrContactEmail: nl "Dit e-mailadres klopt niet."
            fr "Cette adresse e-mail n'est pas valide."
            en "This e-mail address is not valid.";
        ErrContactPhone: nl "Dit telefoonnummer klopt niet."
            fr "Ce numéro de téléphone n'est pas valide."
            en "This phone number is not valid.";
        ErrNetwork: nl "Versturen is niet gelukt. Controleer uw verbinding en probeer opnieuw; uw melding staat nog hier."
            fr "L'envoi a échoué. Vérifiez votre connexion et réessayez ; votre signalement est conservé ici."
            en "Sending failed. Check your connection and try again; your report is still here.";
        DoneTitle: nl "Bedankt! Uw melding is ontvangen."
            fr "Merci ! Votre signalement a été reçu."
            en "Thank you! Your report was received.";
        DoneRef: nl "Uw referentie"
            fr "Votre référence"
            en "Your reference";
        DoneTrack: nl "Volg uw melding via deze persoonlijke link. Bewaar hem goed:"
            fr "Suivez votre signalement via ce lien personnel. Conservez-le :"
            en "Follow your report with this personal link. Keep it safe:";
        DoneOpen: nl "Open mijn melding"
            fr "Ouvrir mon signalement"
            en "Open my report";
        DoneAnother: nl "Nog iets melden"
            fr "Signaler autre chose"
            en "Report something else";
        ReportStatus: nl "Status"
            fr "Statut"
            en "Status";
        ReportHistory: nl "Verloop"
            fr "Historique"
            en "History";
        ReportPhotos: nl "Foto's"
            fr "Photos"
            en "Photos";
        ReportReported: nl "Gemeld op"
            fr "Signalé le"
            en "Reported on";
        ReportUpdated: nl "Laatst bijgewerkt"
            fr "Dernière mise à jour"
            en "Last updated";
        ReportLocation: nl "Locatie"
            fr "Emplacement"
            en "Location";
        ReportYours: nl "Dit is uw melding. Deze pagina toont altijd de laatste stand."
            fr "C'est votre signalement. Cette page montre toujours le dernier état."
            en "This is your report. This page always shows the latest state.";
        PhotoBefore: nl "Bij melding"
            fr "Au signalement"
            en "When reported";
        PhotoAfter: nl "Na herstel"
            fr "Après réparation"
            en "After repair";
        WebsiteApp: nl "Website/app"
            fr "Site/app"
            en "Website/app";
        Phone: nl "Telefoon"
            fr "Téléphone"
            en "Phone";
        EMail: nl "E-mail"
            fr "E-mail"
            en "E-mail";
        Counter: nl "Loket"
            fr "Guichet"
            en "Counter";
        FieldCrew: nl "Terrein (ploeg)"
            fr "Terrain (équipe)"
            en "Field (crew)";
        New: nl "Nieuw"
            fr "Nouveau"
            en "New";
        Accepted: nl "Aanvaard"
            fr "Accepté"
            en "Accepted";
        Scheduled: nl "Ingepland"
            fr "Planifié"
            en "Scheduled";
        InProgress: nl "In behandeling"
            fr "En cours"
            en "In progress";
        Done: nl "Opgelost"
            fr "Résolu"
            en "Done";
        Rejected: nl "Afgewezen"
            fr "Rejeté"
            en "Rejected";
        Duplicate: nl "Dubbel"
            fr "Doublon"
            en "Duplicate";
        Forwarded: nl "Doorgestuurd"
            fr "Transmis"
            en "Forwarded";
        NotSatisfiedWith: nl "Niet tevreden over hoe dit behandeld werd?"
            fr "Pas satisfait(e) de la manière dont ceci a été traité ?"
            en "Not satisfied with how this was handled?";
        FileAComplaint: nl "Dien een klacht in"
            fr "Introduisez une plainte"
            en "File a complaint";
    }
}
