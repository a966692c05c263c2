//! Texts in every language, one entry per text (see `crate::i18n` for how to add one or a language).

catalogue! {
    /// The texts of the shared layout: navigation, sign-in, staff bar, charts, errors.
    pub enum UiText {
        AppName: nl "Meldpunt"
            fr "Point de signalement"
            en "Report point";
        NavReport: nl "Melden"
            fr "Signaler"
            en "Report";
        NavMap: nl "Kaart"
            fr "Carte"
            en "Map";
        NavCrew: nl "Ploeg"
            fr "Équipe"
            en "Crew";
        FormTitle: nl "Meld een probleem in de openbare ruimte"
            fr "Signalez un problème dans l'espace public"
            en "Report a problem in a public space";
        FormNearbyFollow: nl "Bekijk en volg"
            fr "Voir et suivre"
            en "View and follow";
        ErrGeneric: nl "Er ging iets mis. Probeer het opnieuw."
            fr "Une erreur s'est produite. Réessayez."
            en "Something went wrong. Please try again.";
        ReportNotfound: nl "Deze melding bestaat niet (meer)."
            fr "Ce signalement n'existe pas (ou plus)."
            en "This report does not exist (any more).";
        MapTitle: nl "Meldingen op de kaart"
            fr "Signalements sur la carte"
            en "Reports on the map";
        MapLegend: nl "Kleur volgens status"
            fr "Couleur selon le statut"
            en "Colour by status";
        MapOpen: nl "Open meldingen"
            fr "Signalements ouverts"
            en "Open reports";
        MapAll: nl "Alle meldingen"
            fr "Tous les signalements"
            en "All reports";
        CrewLogin: nl "Aanmelden"
            fr "Se connecter"
            en "Log in";
        CrewLogout: nl "Afmelden"
            fr "Se déconnecter"
            en "Log out";
        CrewEmail: nl "E-mail"
            fr "E-mail"
            en "E-mail";
        CrewPassword: nl "Wachtwoord"
            fr "Mot de passe"
            en "Password";
        CrewLoginFailed: nl "E-mail of wachtwoord klopt niet."
            fr "E-mail ou mot de passe incorrect."
            en "Wrong e-mail or password.";
        CrewWorklist: nl "Open meldingen, dichtstbij eerst"
            fr "Signalements ouverts, les plus proches d'abord"
            en "Open reports, nearest first";
        CrewNone: nl "Geen open meldingen."
            fr "Aucun signalement ouvert."
            en "No open reports.";
        CrewSaved: nl "Opgeslagen."
            fr "Enregistré."
            en "Saved.";
        ContactCentre: nl "Contactcenter"
            fr "Centre de contact"
            en "Contact centre";
        Coordinator: nl "Coördinator"
            fr "Coordinateur"
            en "Coordinator";
        Crew: nl "Ploeg"
            fr "Équipe"
            en "Crew";
        Planner: nl "Planner"
            fr "Planificateur"
            en "Planner";
        ComplaintsOfficer: nl "Klachtenbehandelaar"
            fr "Gestionnaire des plaintes"
            en "Complaints officer";
        Administrator: nl "Beheerder"
            fr "Administrateur"
            en "Administrator";
        Table: nl "Tabel"
            fr "Tableau"
            en "Table";
        H: nl "uur"
            fr "h"
            en "h";
        Days: nl "dagen"
            fr "jours"
            en "days";
        Complaint: nl "Klacht"
            fr "Plainte"
            en "Complaint";
        Staff: nl "Medewerkers"
            fr "Personnel"
            en "Staff";
        NewReport: nl "Nieuwe melding"
            fr "Nouveau signalement"
            en "New report";
        Search: nl "Zoeken"
            fr "Rechercher"
            en "Search";
        Queue: nl "Wachtrij"
            fr "File d'attente"
            en "Queue";
        WorkList: nl "Werklijst"
            fr "Liste de travail"
            en "Work list";
        Complaints: nl "Klachten"
            fr "Plaintes"
            en "Complaints";
        Admin: nl "Beheer"
            fr "Administration"
            en "Admin";
        RegisterAComplaint: nl "Klacht registreren"
            fr "Enregistrer une plainte"
            en "Register a complaint";
        MapFigures: nl "Kaart & cijfers"
            fr "Carte & chiffres"
            en "Map & figures";
        BackOffice: nl "Back office"
            fr "Back office"
            en "Back office";
    }
}

catalogue! {
    /// The texts of the browser scripts (`public/*.js`), handed over as JSON by [`crate::ui::js::texts`] and used there as `T("Name")`.
    pub enum ScriptText {
        ComplaintSending: nl "Versturen…"
            fr "Envoi…"
            en "Sending…";
        ComplaintRefused: nl "Niet verstuurd:"
            fr "Non envoyée :"
            en "Not sent:";
        ComplaintOffline: nl "Geen verbinding: uw klacht is niet verstuurd. Wat u typte blijft staan; probeer opnieuw zodra u netwerk hebt."
            fr "Pas de connexion : votre plainte n'a pas été envoyée. Ce que vous avez saisi reste là ; réessayez dès que vous avez du réseau."
            en "No connection: your complaint was not sent. What you typed stays here; try again once you have a network.";
        Offline: nl "Je bent offline. Wat je bewaart, wordt later verstuurd."
            fr "Vous êtes hors ligne. Ce que vous enregistrez sera envoyé plus tard."
            en "You are offline. What you save is sent later.";
        OutboxTitle: nl "Op je toestel, nog te versturen"
            fr "Sur votre appareil, à envoyer"
            en "On your device, still to send";
        OutboxSaved: nl "Bewaard op je toestel. Je melding wordt automatisch verstuurd zodra er netwerk is; je hoeft niets meer te doen."
            fr "Enregistré sur votre appareil. Votre signalement sera envoyé automatiquement dès qu'il y a du réseau."
            en "Saved on your device. Your report is sent automatically as soon as there is a network; you need not do anything.";
        OutboxWaiting: nl "wacht op netwerk"
            fr "en attente de réseau"
            en "waiting for a network";
        OutboxSending: nl "wordt verstuurd…"
            fr "envoi en cours…"
            en "sending…";
        OutboxFailed: nl "niet aanvaard"
            fr "refusé"
            en "not accepted";
        OutboxSent: nl "Verstuurd. Referentie"
            fr "Envoyé. Référence"
            en "Sent. Reference";
        OutboxOpen: nl "Bekijk je melding"
            fr "Voir votre signalement"
            en "See your report";
        OutboxRetry: nl "Opnieuw versturen"
            fr "Renvoyer"
            en "Send again";
        OutboxDelete: nl "Verwijderen"
            fr "Supprimer"
            en "Delete";
        OutboxRemovePhoto: nl "Foto weglaten"
            fr "Retirer la photo"
            en "Leave out photo";
        OutboxPhotos: nl "foto's"
            fr "photos"
            en "photos";
        SyncPending: nl "wijzigingen wachten"
            fr "modifications en attente"
            en "changes waiting";
        SyncSending: nl "Versturen"
            fr "Envoi"
            en "Sending";
        SyncDone: nl "Alles verstuurd"
            fr "Tout est envoyé"
            en "Everything sent";
        SyncQueued: nl "Bewaard op de tablet; wordt verstuurd zodra er netwerk is."
            fr "Enregistré sur la tablette ; envoyé dès qu'il y a du réseau."
            en "Saved on the tablet; sent as soon as there is a network.";
        SyncConflict: nl "Botsing: iemand anders wijzigde deze melding intussen. Je wijziging is bewaard voor de coördinator."
            fr "Conflit : quelqu'un d'autre a modifié ce signalement. Votre modification est conservée pour le coordinateur."
            en "Conflict: someone else changed this report meanwhile. Your change is kept for the coordinator.";
        SyncFailed: nl "Niet aanvaard"
            fr "Refusé"
            en "Not accepted";
        SyncApplied: nl "Verstuurd"
            fr "Envoyé"
            en "Sent";
        Prepare: nl "Klaarmaken voor offline"
            fr "Préparer hors ligne"
            en "Prepare for offline";
        PrepareBusy: nl "Downloaden"
            fr "Téléchargement"
            en "Downloading";
        PrepareDone: nl "Klaar voor offline"
            fr "Prêt hors ligne"
            en "Ready for offline";
        PrepareAge: nl "Offline pakket van"
            fr "Paquet hors ligne du"
            en "Offline package from";
        PrepareNone: nl "Nog geen offline pakket"
            fr "Pas encore de paquet hors ligne"
            en "No offline package yet";
        PrepareTiles: nl "kaarttegels, ongeveer"
            fr "tuiles de carte, environ"
            en "map tiles, about";
        PrepareFailed: nl "Downloaden mislukt; probeer opnieuw met netwerk"
            fr "Échec du téléchargement ; réessayez avec du réseau"
            en "Download failed; try again with a network";
        LogoutPending: nl "wijzigingen zijn nog niet verstuurd en gaan verloren als je je nu afmeldt. Toch afmelden?"
            fr "modifications ne sont pas encore envoyées et seront perdues. Se déconnecter quand même ?"
            en "changes are not sent yet and are lost if you log out now. Log out anyway?";
        Update: nl "Er is een nieuwe versie van Meldpunt."
            fr "Une nouvelle version de Meldpunt est disponible."
            en "A new version of Meldpunt is available.";
        UpdateReload: nl "Vernieuwen"
            fr "Actualiser"
            en "Reload";
    }
}
