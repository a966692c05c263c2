//! Texts in every language, one entry per text (see `crate::i18n` for how to add one or a language).

catalogue! {
    /// The texts of the back office: queues, the staff report page, crews' view, administration, e-mails.
    pub enum OfficeText {
        CrewFromHere: nl "Vanaf mijn positie"
            fr "Depuis ma position"
            en "From where I am";
        CrewChange: nl "Status wijzigen"
            fr "Changer le statut"
            en "Change status";
        CrewNote: nl "Notitie (zichtbaar voor de melder)"
            fr "Note (visible par le citoyen)"
            en "Note (visible to the reporter)";
        CrewAfterPhoto: nl "Foto na herstel"
            fr "Photo après réparation"
            en "Photo after repair";
        CrewSave: nl "Opslaan"
            fr "Enregistrer"
            en "Save";
        CrewMarkInProgress: nl "In behandeling"
            fr "En cours"
            en "In progress";
        CrewMarkDone: nl "Opgelost"
            fr "Résolu"
            en "Done";
        CrewBack: nl "Terug naar de lijst"
            fr "Retour à la liste"
            en "Back to the list";
        MyWork: nl "Mijn werk"
            fr "Mon travail"
            en "My work";
        ReportRegistered: nl "Melding geregistreerd:"
            fr "Signalement enregistré :"
            en "Report registered:";
        NoAssignedReports: nl "Geen toegewezen meldingen."
            fr "Aucun signalement attribué."
            en "No assigned reports.";
        DLate: nl "d te laat"
            fr "j de retard"
            en "d late";
        Navigate: nl "Navigeer"
            fr "Naviguer"
            en "Navigate";
        FoundSomethingNew: nl "Zelf iets vastgesteld? Nieuwe melding"
            fr "Constaté sur place ? Nouveau signalement"
            en "Found something? New report";
        Category: nl "Categorie"
            fr "Catégorie"
            en "Category";
        Description: nl "Omschrijving"
            fr "Description"
            en "Description";
        AddressIfNo: nl "Adres (als de positie ontbreekt)"
            fr "Adresse (sans position)"
            en "Address (if no position)";
        Photo: nl "Foto"
            fr "Photo"
            en "Photo";
        CreateReport: nl "Melding maken"
            fr "Créer"
            en "Create report";
        OnlyARemark: nl "Enkel een opmerking (intern)"
            fr "Seulement une remarque (interne)"
            en "Only a remark (internal)";
        Role: nl "Rol"
            fr "Rôle"
            en "Role";
        Administration: nl "Beheer"
            fr "Administration"
            en "Administration";
        EMail: nl "E-mail"
            fr "E-mail"
            en "E-mail";
        Waiting: nl "wachtend"
            fr "en attente"
            en "waiting";
        Sent: nl "verstuurd"
            fr "envoyés"
            en "sent";
        Users: nl "Gebruikers"
            fr "Utilisateurs"
            en "Users";
        Active: nl "actief"
            fr "actif"
            en "active";
        NewUser: nl "Nieuwe gebruiker"
            fr "Nouvel utilisateur"
            en "New user";
        Name: nl "Naam"
            fr "Nom"
            en "Name";
        Add: nl "Toevoegen"
            fr "Ajouter"
            en "Add";
        Categories: nl "Categorieën"
            fr "Catégories"
            en "Categories";
        TargetDays: nl "Termijn (dagen)"
            fr "Délai (jours)"
            en "Target days";
        Departments: nl "Diensten"
            fr "Services"
            en "Departments";
        SaveDepartment: nl "Dienst bewaren"
            fr "Enregistrer"
            en "Save department";
        Teams: nl "Ploegen"
            fr "Équipes"
            en "Teams";
        MembersEMails: nl "Leden (e-mails, komma's)"
            fr "Membres (e-mails)"
            en "Members (e-mails, commas)";
        AddTeam: nl "Ploeg toevoegen"
            fr "Ajouter"
            en "Add team";
        ExternalPartners: nl "Externe partners"
            fr "Partenaires externes"
            en "External partners";
        AddPartner: nl "Partner toevoegen"
            fr "Ajouter"
            en "Add partner";
        YouReceiveThis: nl "U krijgt dit bericht omdat u deze melding deed of volgt. Antwoorden op dit bericht worden niet gelezen."
            fr "Vous recevez ce message parce que vous avez fait ou suivez ce signalement. Les réponses à ce message ne sont pas lues."
            en "You receive this message because you made or follow this report. Replies to this message are not read.";
        YourReport: nl "Uw melding"
            fr "Votre signalement"
            en "Your report";
        Hello: nl "Goeddag,"
            fr "Bonjour,"
            en "Hello,";
        TheStatusOf: nl "De status van uw melding"
            fr "Le statut de votre signalement"
            en "The status of your report";
        HasChanged: nl "is gewijzigd"
            fr "a changé"
            en "has changed";
        Note: nl "Toelichting:"
            fr "Précisions :"
            en "Note:";
        SeeYourReport: nl "Bekijk uw melding:"
            fr "Voir votre signalement :"
            en "See your report:";
        ReportReceived: nl "Melding ontvangen:"
            fr "Signalement reçu :"
            en "Report received:";
        WeReceivedYour: nl "Wij hebben uw melding goed ontvangen. Het referentienummer is"
            fr "Nous avons bien reçu votre signalement. Sa référence est"
            en "We received your report. Its reference is";
        FollowItAt: nl "Volg ze op via:"
            fr "Suivez-le via :"
            en "Follow it at:";
        NoReports: nl "Geen meldingen."
            fr "Aucun signalement."
            en "No reports.";
        Reference: nl "Referentie"
            fr "Référence"
            en "Reference";
        Status: nl "Status"
            fr "Statut"
            en "Status";
        Address: nl "Adres"
            fr "Adresse"
            en "Address";
        Received: nl "Ingediend"
            fr "Reçu"
            en "Received";
        Due: nl "Termijn"
            fr "Échéance"
            en "Due";
        LastUpdate: nl "Laatste wijziging"
            fr "Dernière mise à jour"
            en "Last update";
        Team: nl "Ploeg"
            fr "Équipe"
            en "Team";
        Queue: nl "Wachtrij"
            fr "File d'attente"
            en "Queue";
        Department: nl "Dienst"
            fr "Service"
            en "Department";
        AllMyDepartments: nl "Al mijn diensten"
            fr "Tous mes services"
            en "All my departments";
        New: nl "Nieuw"
            fr "Nouveau"
            en "New";
        AllOpen: nl "Alle open"
            fr "Tous ouverts"
            en "All open";
        All: nl "Alle"
            fr "Tous"
            en "All";
        Sort: nl "Sorteren"
            fr "Trier"
            en "Sort";
        OldestFirst: nl "Oudste eerst"
            fr "Plus anciens d'abord"
            en "Oldest first";
        DueDate: nl "Termijn"
            fr "Échéance"
            en "Due date";
        OverdueOnly: nl "Enkel te laat"
            fr "En retard seulement"
            en "Overdue only";
        Show: nl "Toon"
            fr "Afficher"
            en "Show";
        Reports: nl "meldingen"
            fr "signalements"
            en "reports";
        OpenForMore: nl "Langer dan 3× de termijn open"
            fr "Ouverts depuis plus de 3× l'échéance"
            en "Open for more than 3× their term";
        FindAReport: nl "Melding opzoeken"
            fr "Rechercher un signalement"
            en "Find a report";
        ReferenceStreetPhone: nl "Referentie, straat, telefoon of e-mail"
            fr "Référence, rue, téléphone ou e-mail"
            en "Reference, street, phone or e-mail";
        From: nl "Van"
            fr "Du"
            en "From";
        To: nl "Tot"
            fr "Au"
            en "To";
        Search: nl "Zoeken"
            fr "Rechercher"
            en "Search";
        NoteForThe: nl "Toelichting voor de melder"
            fr "Précision pour le citoyen"
            en "Note for the reporter";
        Accept: nl "Aanvaarden"
            fr "Accepter"
            en "Accept";
        Assign: nl "Toewijzen"
            fr "Attribuer"
            en "Assign";
        Priority: nl "Prioriteit"
            fr "Priorité"
            en "Priority";
        N1Urgent: nl "1 dringend"
            fr "1 urgent"
            en "1 urgent";
        N2Normal: nl "2 normaal"
            fr "2 normal"
            en "2 normal";
        N3Low: nl "3 laag"
            fr "3 basse"
            en "3 low";
        InProgress: nl "In behandeling"
            fr "En cours"
            en "In progress";
        Done: nl "Opgelost"
            fr "Résolu"
            en "Done";
        ReasonRequired: nl "Reden (verplicht)"
            fr "Motif (obligatoire)"
            en "Reason (required)";
        Reject: nl "Afwijzen"
            fr "Rejeter"
            en "Reject";
        ForwardToPartner: nl "Doorsturen naar partner"
            fr "Transmettre au partenaire"
            en "Forward to partner";
        Partner: nl "Partner"
            fr "Partenaire"
            en "Partner";
        MessageForThe: nl "Bericht voor de partner"
            fr "Message au partenaire"
            en "Message for the partner";
        SavePartnerDetails: nl "Partnergegevens bewaren"
            fr "Enregistrer"
            en "Save partner details";
        TheirReference: nl "Hun referentie"
            fr "Leur référence"
            en "Their reference";
        TheirStatus: nl "Hun status"
            fr "Leur statut"
            en "Their status";
        DuplicateOf: nl "Dubbel van"
            fr "Doublon de"
            en "Duplicate of";
        ReRoute: nl "Naar andere dienst"
            fr "Vers un autre service"
            en "Re-route";
        Reopen: nl "Heropenen"
            fr "Rouvrir"
            en "Reopen";
        HowResolved: nl "Hoe opgelost?"
            fr "Comment résolu ?"
            en "How resolved?";
        ConflictResolved: nl "Conflict opgelost"
            fr "Conflit résolu"
            en "Conflict resolved";
        InternalNote: nl "Interne notitie"
            fr "Note interne"
            en "Internal note";
        AddNote: nl "Notitie toevoegen"
            fr "Ajouter"
            en "Add note";
        OfflineChangesBy: nl "Offline wijzigingen van ploegen botsen: zie de geschiedenis en los het op."
            fr "Des modifications hors ligne d'équipes sont en conflit : voir l'historique et résoudre."
            en "Offline changes by crews conflict: see the history and resolve.";
        Channel: nl "Kanaal"
            fr "Canal"
            en "Channel";
        Followers: nl "Volgers"
            fr "Suiveurs"
            en "Followers";
        Reporter: nl "Melder"
            fr "Citoyen"
            en "Reporter";
        ReporterConfidential: nl "Melder (vertrouwelijk)"
            fr "Citoyen (confidentiel)"
            en "Reporter (confidential)";
        Handle: nl "Behandelen"
            fr "Traiter"
            en "Handle";
        PublicPage: nl "Publieke pagina"
            fr "Page publique"
            en "Public page";
        CrewView: nl "Ploegweergave"
            fr "Vue équipe"
            en "Crew view";
        History: nl "Geschiedenis"
            fr "Historique"
            en "History";
        When: nl "Wanneer"
            fr "Quand"
            en "When";
        What: nl "Wat"
            fr "Quoi"
            en "What";
        Who: nl "Wie"
            fr "Qui"
            en "Who";
        Note2: nl "Notitie"
            fr "Note"
            en "Note";
        Reporter2: nl "melder"
            fr "citoyen"
            en "reporter";
        RegisterAReport: nl "Melding registreren"
            fr "Enregistrer un signalement"
            en "Register a report";
        TheCallerNow: nl "Beller volgt nu"
            fr "L'appelant suit maintenant"
            en "The caller now follows";
        OpenReportsOf: nl "Open meldingen van deze soort in de buurt"
            fr "Signalements ouverts de ce type à proximité"
            en "Open reports of this kind nearby";
        CallerFollows: nl "Beller volgt"
            fr "L'appelant suit"
            en "Caller follows";
        CallerConfidential: nl "Beller (vertrouwelijk)"
            fr "Appelant (confidentiel)"
            en "Caller (confidential)";
        Phone: nl "Telefoon"
            fr "Téléphone"
            en "Phone";
        CallerSLanguage: nl "Taal van de beller"
            fr "Langue de l'appelant"
            en "Caller's language";
        Register: nl "Registreren"
            fr "Enregistrer"
            en "Register";
        RefineThePoint: nl "Punt verfijnen op de kaart (optioneel):"
            fr "Affiner le point sur la carte (optionnel) :"
            en "Refine the point on the map (optional):";
        Received2: nl "Ontvangen"
            fr "Reçu"
            en "Received";
        Reopened: nl "Heropend"
            fr "Rouvert"
            en "Reopened";
        Assigned: nl "Toegewezen"
            fr "Attribué"
            en "Assigned";
        Forwarded: nl "Doorgestuurd"
            fr "Transmis"
            en "Forwarded";
        Duplicate: nl "Dubbel"
            fr "Doublon"
            en "Duplicate";
        ReRouted: nl "Andere dienst"
            fr "Autre service"
            en "Re-routed";
        FollowerAdded: nl "Volger toegevoegd"
            fr "Suiveur ajouté"
            en "Follower added";
        ConflictingOfflineChange: nl "Offline wijziging in conflict"
            fr "Modification hors ligne en conflit"
            en "Conflicting offline change";
    }
}
