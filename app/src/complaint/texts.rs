//! Texts in every language, one entry per text (see `crate::i18n` for how to add one or a language).

catalogue! {
    /// The texts of complaint handling: forms, the register, letters and the yearly figures.
    pub enum ComplaintText {
        InTime: nl "op tijd"
            fr "à temps"
            en "in time";
        DLate: nl "d te laat"
            fr "j de retard"
            en "d late";
        DLeft: nl "d over"
            fr "j restants"
            en "d left";
        Today: nl "vandaag"
            fr "aujourd'hui"
            en "today";
        Only: nl "nog"
            fr "encore"
            en "only";
        D: nl "d"
            fr "j"
            en "d";
        DOverdue: nl "d te laat"
            fr "j de retard"
            en "d overdue";
        Online: nl "Online"
            fr "En ligne"
            en "Online";
        Phone: nl "Telefoon"
            fr "Téléphone"
            en "Phone";
        Letter: nl "Brief"
            fr "Lettre"
            en "Letter";
        EMail: nl "E-mail"
            fr "E-mail"
            en "E-mail";
        Counter: nl "Loket"
            fr "Guichet"
            en "Counter";
        Received: nl "Ontvangen"
            fr "Reçue"
            en "Received";
        Acknowledged: nl "Ontvangst bevestigd"
            fr "Accusé de réception envoyé"
            en "Acknowledged";
        NotAdmissible: nl "Onontvankelijk"
            fr "Irrecevable"
            en "Not admissible";
        UnderInvestigation: nl "In onderzoek"
            fr "En examen"
            en "Under investigation";
        VerdictGiven: nl "Beoordeeld"
            fr "Évaluée"
            en "Verdict given";
        Answered: nl "Beantwoord"
            fr "Réponse envoyée"
            en "Answered";
        Closed: nl "Afgesloten"
            fr "Clôturée"
            en "Closed";
        Anonymous: nl "Anoniem"
            fr "Anonyme"
            en "Anonymous";
        ManifestlyUnfounded: nl "Kennelijk ongegrond"
            fr "Manifestement non fondée"
            en "Manifestly unfounded";
        AboutGeneralPolicy: nl "Over algemeen beleid of regelgeving"
            fr "Porte sur la politique générale ou la réglementation"
            en "About general policy or regulation";
        OlderThanOne: nl "Feiten ouder dan een jaar"
            fr "Faits de plus d'un an"
            en "Older than one year";
        AlreadyHandled: nl "Al eerder behandeld"
            fr "Déjà traitée"
            en "Already handled";
        SubjectOfA: nl "Voorwerp van een rechtszaak"
            fr "Objet d'une procédure judiciaire"
            en "Subject of a court case";
        NotAComplaint: nl "Geen klacht maar een melding of vraag"
            fr "Pas une plainte mais un signalement ou une question"
            en "Not a complaint but a report or question";
        WellFounded: nl "Gegrond"
            fr "Fondée"
            en "Well-founded";
        PartlyWellFounded: nl "Deels gegrond"
            fr "Partiellement fondée"
            en "Partly well-founded";
        Unfounded: nl "Ongegrond"
            fr "Non fondée"
            en "Unfounded";
        ResolvedDuringHandling: nl "Opgelost tijdens de behandeling"
            fr "Résolue en cours de traitement"
            en "Resolved during handling";
        CorrectApplicationOf: nl "Overeenstemming met het recht"
            fr "Conformité au droit"
            en "Correct application of the law";
        EqualityAndImpartiality: nl "Gelijkheid en onpartijdigheid"
            fr "Égalité et impartialité"
            en "Equality and impartiality";
        ReasonableTerm: nl "Redelijke behandeltermijn"
            fr "Délai de traitement raisonnable"
            en "Reasonable term";
        Courtesy: nl "Correcte bejegening"
            fr "Courtoisie"
            en "Courtesy";
        AdequateInformation: nl "Adequate informatieverstrekking"
            fr "Information adéquate"
            en "Adequate information";
        Accessibility: nl "Bereikbaarheid"
            fr "Accessibilité"
            en "Accessibility";
        CarefulHandling: nl "Zorgvuldigheid"
            fr "Gestion consciencieuse"
            en "Careful handling";
        AdequateReasoning: nl "Afdoende motivering"
            fr "Motivation adéquate"
            en "Adequate reasoning";
        EfficientCoordination: nl "Efficiënte coördinatie"
            fr "Coordination efficace"
            en "Efficient coordination";
        AcknowledgementSent: nl "Ontvangstbevestiging verstuurd"
            fr "Accusé de réception envoyé"
            en "Acknowledgement sent";
        Admissible: nl "Ontvankelijk"
            fr "Recevable"
            en "Admissible";
        InputAskedFrom: nl "Input gevraagd aan dienst"
            fr "Avis demandé au service"
            en "Input asked from department";
        InputFromDepartment: nl "Input van dienst"
            fr "Avis du service"
            en "Input from department";
        Verdict: nl "Oordeel"
            fr "Évaluation"
            en "Verdict";
        AnswerSent: nl "Antwoord verstuurd"
            fr "Réponse envoyée"
            en "Answer sent";
        ConvertedIntoA: nl "Omgezet in melding"
            fr "Convertie en signalement"
            en "Converted into a report";
        DepartmentChanged: nl "Dienst gewijzigd"
            fr "Service modifié"
            en "Department changed";
        ImprovementAction: nl "Verbeteractie"
            fr "Action d'amélioration"
            en "Improvement action";
        InternalNote: nl "Interne notitie"
            fr "Note interne"
            en "Internal note";
        PersonalDataErased: nl "Persoonsgegevens gewist"
            fr "Données personnelles effacées"
            en "Personal data erased";
        NoDepartmentGiven: nl "Geen dienst opgegeven"
            fr "Aucun service indiqué"
            en "No department given";
        Received2: nl "Ontvangen"
            fr "Reçues"
            en "Received";
        Admissible2: nl "Ontvankelijk"
            fr "Recevables"
            en "Admissible";
        NotAdmissible2: nl "Onontvankelijk"
            fr "Irrecevables"
            en "Not admissible";
        NotDecidedYet: nl "Nog niet beslist"
            fr "Pas encore décidé"
            en "Not decided yet";
        Answered2: nl "Beantwoord"
            fr "Répondues"
            en "Answered";
        Within45Days: nl "Binnen 45 dagen"
            fr "Dans les 45 jours"
            en "Within 45 days";
        After45Days: nl "Later dan 45 dagen"
            fr "Après 45 jours"
            en "After 45 days";
        NotAnsweredYet: nl "Nog niet beantwoord"
            fr "Pas encore répondu"
            en "Not answered yet";
        MeanHandlingDays: nl "Gemiddelde behandelduur (dagen)"
            fr "Durée moyenne (jours)"
            en "Mean handling days";
        MedianHandlingDays: nl "Mediaan behandelduur (dagen)"
            fr "Durée médiane (jours)"
            en "Median handling days";
        Dear: nl "Beste"
            fr "Cher/Chère"
            en "Dear";
        Hello: nl "Goeddag,"
            fr "Bonjour,"
            en "Hello,";
        KindRegardsThe: nl "Met vriendelijke groeten,\nDe klachtendienst van de stad"
            fr "Avec nos salutations distinguées,\nLe service des plaintes de la ville"
            en "Kind regards,\nThe city's complaints service";
        ComplaintReceived: nl "Klacht ontvangen:"
            fr "Plainte reçue :"
            en "Complaint received:";
        WeReceivedYour: nl "Wij hebben uw klacht goed ontvangen. Het referentienummer is"
            fr "Nous avons bien reçu votre plainte. Sa référence est"
            en "We received your complaint. Its reference is";
        AComplaintsOfficer: nl "Een klachtenbehandelaar bevestigt u ten laatste op"
            fr "Un gestionnaire des plaintes vous confirmera au plus tard le"
            en "A complaints officer will confirm who handles it by";
        WeConfirmThat: nl "Wij bevestigen dat wij uw klacht van"
            fr "Nous confirmons avoir reçu votre plainte du"
            en "We confirm that we received your complaint of";
        UnderReference: nl "ontvingen onder referentie"
            fr "sous la référence"
            en "under reference";
        YourComplaintIs: nl "Uw klacht wordt behandeld door"
            fr "Votre plainte est traitée par"
            en "Your complaint is handled by";
        TheComplaintsOfficer: nl "De klachtenbehandelaar werkt onafhankelijk van de dienst waarover u klaagt."
            fr "Le gestionnaire des plaintes travaille indépendamment du service visé par votre plainte."
            en "The complaints officer works independently of the department you complain about.";
        AnswerByDate: nl "U krijgt ten laatste op {date} ons antwoord."
            fr "Vous recevrez notre réponse au plus tard le {date}."
            en "You will receive our answer by {date} at the latest.";
        AcknowledgementOfYour: nl "Ontvangstbevestiging klacht"
            fr "Accusé de réception de votre plainte"
            en "Acknowledgement of your complaint";
        OurVerdictYour: nl "Ons oordeel: uw klacht is"
            fr "Notre évaluation : votre plainte est"
            en "Our verdict: your complaint is";
        WeCannotHandle: nl "Wij kunnen uw klacht niet als klacht behandelen. Reden:"
            fr "Nous ne pouvons pas traiter votre plainte en tant que plainte. Motif :"
            en "We cannot handle your complaint as a complaint. Reason:";
        AnswerToYour: nl "Antwoord op uw klacht"
            fr "Réponse à votre plainte"
            en "Answer to your complaint";
        HereIsOur: nl "Hierbij ons antwoord op uw klacht"
            fr "Voici notre réponse à votre plainte"
            en "Here is our answer to your complaint";
        WhatHappened: nl "Wat is er gebeurd? *"
            fr "Que s'est-il passé ? *"
            en "What happened? *";
        DescribeWhatWent: nl "Beschrijf wat er misliep, met wie en waar."
            fr "Décrivez ce qui n'a pas fonctionné, avec qui et où."
            en "Describe what went wrong, with whom and where.";
        When: nl "Wanneer?"
            fr "Quand ?"
            en "When?";
        WhichDepartment: nl "Over welke dienst?"
            fr "Quel service ?"
            en "Which department?";
        IDonT: nl "Weet ik niet"
            fr "Je ne sais pas"
            en "I don't know";
        WhichEmployeeOptional: nl "Welke medewerker? (optioneel)"
            fr "Quel agent ? (facultatif)"
            en "Which employee? (optional)";
        WhatDoYou: nl "Wat verwacht u van de stad?"
            fr "Qu'attendez-vous de la ville ?"
            en "What do you expect from the city?";
        AboutOneOf: nl "Over een melding van u? Referentie"
            fr "À propos d'un de vos signalements ? Référence"
            en "About one of your reports? Reference";
        YourDetailsFor: nl "Uw gegevens (voor het schriftelijke antwoord)"
            fr "Vos coordonnées (pour la réponse écrite)"
            en "Your details (for the written answer)";
        OnlyTheComplaints: nl "Alleen de klachtenbehandelaar ziet deze gegevens, niet de dienst waarover u klaagt."
            fr "Seul le gestionnaire des plaintes voit ces données, pas le service visé."
            en "Only the complaints officer sees these details, not the department you complain about.";
        Name: nl "Naam *"
            fr "Nom *"
            en "Name *";
        PostalAddressIf: nl "Postadres (als u geen e-mail hebt)"
            fr "Adresse postale (si pas d'e-mail)"
            en "Postal address (if no e-mail)";
        AttachmentsPhotosOr: nl "Bijlagen (foto's of pdf, max. 3)"
            fr "Pièces jointes (photos ou pdf, max. 3)"
            en "Attachments (photos or PDF, at most 3)";
        FileAComplaint: nl "Een klacht indienen"
            fr "Introduire une plainte"
            en "File a complaint";
        NotSatisfiedWith: nl "Bent u niet tevreden over hoe de stad of een medewerker u behandelde? Dien hier een klacht in. U krijgt binnen 10 dagen een ontvangstbevestiging en binnen 45 dagen een antwoord."
            fr "Vous n'êtes pas satisfait(e) de la manière dont la ville ou un agent vous a traité(e) ? Introduisez ici une plainte. Vous recevez un accusé de réception dans les 10 jours et une réponse dans les 45 jours."
            en "Not satisfied with how the city or an employee treated you? File a complaint here. You get an acknowledgement within 10 days and an answer within 45 days.";
        ReportingAProblem: nl "Een probleem op straat melden (afval, verlichting, wegdek)?"
            fr "Signaler un problème en rue (déchets, éclairage, voirie) ?"
            en "Reporting a problem in the street (waste, lights, road)?";
        MakeAReport: nl "Doe een melding"
            fr "Faites un signalement"
            en "Make a report";
        SendComplaint: nl "Klacht indienen"
            fr "Envoyer la plainte"
            en "Send complaint";
        YourComplaintWas: nl "Uw klacht is ontvangen"
            fr "Votre plainte a été reçue"
            en "Your complaint was received";
        Reference: nl "Referentie"
            fr "Référence"
            en "Reference";
        AcknowledgementBy: nl "Ontvangstbevestiging ten laatste op"
            fr "Accusé de réception au plus tard le"
            en "Acknowledgement by";
        AnswerBy: nl "Antwoord ten laatste op"
            fr "Réponse au plus tard le"
            en "Answer by";
        KeepTheReference: nl "Bewaar de referentie: u hebt ze nodig als u ons contacteert."
            fr "Conservez la référence : elle vous sera demandée si vous nous contactez."
            en "Keep the reference: you will need it when you contact us.";
        RegisterAComplaint: nl "Klacht registreren"
            fr "Enregistrer une plainte"
            en "Register a complaint";
        ComplaintRegistered: nl "Klacht geregistreerd:"
            fr "Plainte enregistrée :"
            en "Complaint registered:";
        YouMayNot: nl "U mag geen klachten registreren."
            fr "Vous ne pouvez pas enregistrer de plaintes."
            en "You may not register complaints.";
        ReceivedBy: nl "Ontvangen via"
            fr "Reçue par"
            en "Received by";
        DayReceivedThe: nl "Datum ontvangen * (de termijnen lopen vanaf deze dag)"
            fr "Date de réception * (les délais courent à partir de ce jour)"
            en "Day received * (the deadlines count from this day)";
        ComplainantSLanguage: nl "Taal van de klager"
            fr "Langue du plaignant"
            en "Complainant's language";
        Register: nl "Registreren"
            fr "Enregistrer"
            en "Register";
        Complaints: nl "Klachten"
            fr "Plaintes"
            en "Complaints";
        YearlyComplaintsReport: nl "Jaarverslag klachten"
            fr "Rapport annuel des plaintes"
            en "Yearly complaints report";
        Show: nl "Toon"
            fr "Afficher"
            en "Show";
        Open: nl "Lopend"
            fr "En cours"
            en "Open";
        Overdue: nl "Te laat"
            fr "En retard"
            en "Overdue";
        All: nl "Alle"
            fr "Toutes"
            en "All";
        ReferenceNameE: nl "Referentie, naam, e-mail of tekst"
            fr "Référence, nom, e-mail ou texte"
            en "Reference, name, e-mail or text";
        YearReceived: nl "Jaar ontvangen"
            fr "Année de réception"
            en "Year received";
        Complaints2: nl "klachten"
            fr "plaintes"
            en "complaints";
        Overdue2: nl "te laat"
            fr "en retard"
            en "overdue";
        DueSoon: nl "termijn nadert"
            fr "échéance proche"
            en "due soon";
        Status: nl "Status"
            fr "Statut"
            en "Status";
        Channel: nl "Kanaal"
            fr "Canal"
            en "Channel";
        Complainant: nl "Klager"
            fr "Plaignant"
            en "Complainant";
        Department: nl "Dienst"
            fr "Service"
            en "Department";
        Acknowledgement: nl "Ontvangstbevestiging"
            fr "Accusé de réception"
            en "Acknowledgement";
        Answer: nl "Antwoord"
            fr "Réponse"
            en "Answer";
        Summary: nl "Samenvatting"
            fr "Résumé"
            en "Summary";
        SendAcknowledgement: nl "Ontvangst bevestigen"
            fr "Envoyer l'accusé de réception"
            en "Send acknowledgement";
        ExtraSentenceOptional: nl "Extra zin in de bevestiging (optioneel)"
            fr "Phrase supplémentaire (facultatif)"
            en "Extra sentence (optional)";
        NoteInternal: nl "Toelichting (intern)"
            fr "Précision (interne)"
            en "Note (internal)";
        Reason: nl "Reden"
            fr "Motif"
            en "Reason";
        Note: nl "Toelichting"
            fr "Précision"
            en "Note";
        NoteForThe: nl "Toelichting voor de klager"
            fr "Précision pour le plaignant"
            en "Note for the complainant";
        AskDepartmentFor: nl "Input vragen aan dienst"
            fr "Demander l'avis du service"
            en "Ask department for input";
        QuestionForThe: nl "Vraag aan de dienst"
            fr "Question au service"
            en "Question for the department";
        RecordDepartmentS: nl "Input van dienst bewaren"
            fr "Enregistrer l'avis du service"
            en "Record department's input";
        DepartmentSAnswer: nl "Antwoord van de dienst"
            fr "Réponse du service"
            en "Department's answer";
        RecordVerdict: nl "Oordeel bewaren"
            fr "Enregistrer l'évaluation"
            en "Record verdict";
        OmbudsNorms: nl "Ombudsnormen"
            fr "Normes de l'ombudsman"
            en "Ombuds norms";
        ReasoningInternal: nl "Motivering (intern)"
            fr "Motivation (interne)"
            en "Reasoning (internal)";
        SendAnswer: nl "Antwoord versturen"
            fr "Envoyer la réponse"
            en "Send answer";
        AnswerToThe: nl "Antwoord aan de klager"
            fr "Réponse au plaignant"
            en "Answer to the complainant";
        TheLetterStates: nl "De brief vermeldt het oordeel en de Vlaamse Ombudsdienst."
            fr "La lettre mentionne l'évaluation et le médiateur flamand."
            en "The letter states the verdict and the Flemish Ombudsman.";
        ConvertIntoA: nl "Omzetten in melding"
            fr "Convertir en signalement"
            en "Convert into a report";
        Category: nl "Categorie"
            fr "Catégorie"
            en "Category";
        AddressOfThe: nl "Adres van het probleem"
            fr "Adresse du problème"
            en "Address of the problem";
        Close: nl "Afsluiten"
            fr "Clôturer"
            en "Close";
        DepartmentComplainedAbout: nl "Dienst waarover geklaagd wordt"
            fr "Service visé"
            en "Department complained about";
        RecordImprovementAction: nl "Verbeteractie bewaren"
            fr "Enregistrer l'action d'amélioration"
            en "Record improvement action";
        AddNote: nl "Notitie toevoegen"
            fr "Ajouter une note"
            en "Add note";
        ThisComplaintS: nl "De persoonsgegevens van deze klacht zijn gewist na de bewaartermijn."
            fr "Les données personnelles de cette plainte ont été effacées."
            en "This complaint's personal data was erased after the retention period.";
        Entered: nl "Ingevoerd"
            fr "Saisie"
            en "Entered";
        Employee: nl "Medewerker"
            fr "Agent"
            en "Employee";
        HappenedOn: nl "Gebeurd op"
            fr "Survenu le"
            en "Happened on";
        AboutReport: nl "Over melding"
            fr "Signalement"
            en "About report";
        ConvertedInto: nl "Omgezet in"
            fr "Convertie en"
            en "Converted into";
        Norms: nl "Ombudsnormen"
            fr "Normes"
            en "Norms";
        Language: nl "Taal"
            fr "Langue"
            en "Language";
        ComplainantConfidential: nl "Klager (vertrouwelijk)"
            fr "Plaignant (confidentiel)"
            en "Complainant (confidential)";
        Complaint: nl "Klacht"
            fr "Plainte"
            en "Complaint";
        Expectation: nl "Verwachting"
            fr "Attente"
            en "Expectation";
        Attachments: nl "Bijlagen"
            fr "Pièces jointes"
            en "Attachments";
        ImprovementActions: nl "Verbeteracties"
            fr "Actions d'amélioration"
            en "Improvement actions";
        Handle: nl "Behandelen"
            fr "Traiter"
            en "Handle";
        TheDepartmentComplained: nl "De dienst waarover geklaagd wordt beslist niet over de klacht; vraag ze hoogstens om input."
            fr "Le service visé ne décide pas de la plainte ; demandez-lui au plus son avis."
            en "The department complained about never decides on the complaint; at most ask it for input.";
        LettersToSend: nl "Brieven om te versturen per post"
            fr "Lettres à envoyer par la poste"
            en "Letters to send by post";
        Print: nl "Afdrukken"
            fr "Imprimer"
            en "Print";
        History: nl "Geschiedenis"
            fr "Historique"
            en "History";
        When2: nl "Wanneer"
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
        Complainant2: nl "klager"
            fr "plaignant"
            en "complainant";
        Count: nl "Aantal"
            fr "Nombre"
            en "Count";
        AnsweredWithin45: nl "Binnen 45 dagen beantwoord"
            fr "Répondues dans les 45 jours"
            en "Answered within 45 days";
        AnsweredLater: nl "Later beantwoord"
            fr "Répondues plus tard"
            en "Answered later";
        ReasonNotAdmissible: nl "Reden onontvankelijk"
            fr "Motif d'irrecevabilité"
            en "Reason not admissible";
        ComplaintsPerOmbuds: nl "Klachten per ombudsnorm"
            fr "Plaintes par norme"
            en "Complaints per ombuds norm";
        Year: nl "Jaar"
            fr "Année"
            en "Year";
        Show2: nl "Tonen"
            fr "Afficher"
            en "Show";
        PrintPDF: nl "Afdrukken / PDF"
            fr "Imprimer / PDF"
            en "Print / PDF";
        Ombudsman: nl "Bent u niet tevreden met dit antwoord of met de manier waarop wij uw klacht behandelden? \
Dan kunt u terecht bij de Vlaamse Ombudsdienst, Leuvenseweg 86, 1000 Brussel, \
gratis telefoon 1700, www.vlaamseombudsdienst.be."
            fr "Vous n'êtes pas satisfait(e) de cette réponse ou de la manière dont nous avons traité votre plainte ? \
Vous pouvez vous adresser au Vlaamse Ombudsdienst (médiateur flamand), Leuvenseweg 86, 1000 Bruxelles, \
téléphone gratuit 1700, www.vlaamseombudsdienst.be."
            en "Not satisfied with this answer or with how we handled your complaint? \
You can turn to the Flemish Ombudsman (Vlaamse Ombudsdienst), Leuvenseweg 86, 1000 Brussels, \
free phone 1700, www.vlaamseombudsdienst.be.";
    }
}
