//! Dutch first, French and English too: the language type and the UI strings.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
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

    /// The BCP 47 tag for `<html lang>`.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::Nl => "nl-BE",
            Lang::Fr => "fr-BE",
            Lang::En => "en",
        }
    }

    pub fn from_code(code: &str) -> Option<Lang> {
        match code.get(..2).map(str::to_ascii_lowercase).as_deref() {
            Some("nl") => Some(Lang::Nl),
            Some("fr") => Some(Lang::Fr),
            Some("en") => Some(Lang::En),
            _ => None,
        }
    }

    /// The first supported language in an `Accept-Language` header, else Dutch.
    pub fn from_accept_language(header: &str) -> Lang {
        header
            .split(',')
            .filter_map(|part| Lang::from_code(part.trim()))
            .next()
            .unwrap_or_default()
    }

    pub fn pick<'a>(self, nl: &'a str, fr: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::Nl => nl,
            Lang::Fr => fr,
            Lang::En => en,
        }
    }

    /// The UI string for `key`; the key itself when it is missing (a test checks none is).
    /// The strings of the browser scripts (`js.*` keys, without the prefix) as a JSON object.
    pub fn js_texts(self) -> String {
        let map: std::collections::BTreeMap<&str, &str> = STRINGS
            .iter()
            .filter_map(|(k, nl, fr, en)| k.strip_prefix("js.").map(|k| (k, self.pick(nl, fr, en))))
            .collect();
        serde_json::to_string(&map).unwrap_or_else(|_| "{}".to_owned())
    }

    pub fn t(self, key: &str) -> &'static str {
        match STRINGS.iter().find(|(k, ..)| *k == key) {
            Some((_, nl, fr, en)) => self.pick(nl, fr, en),
            None => "??",
        }
    }
}

/// (key, nl, fr, en)
static STRINGS: &[(&str, &str, &str, &str)] = &[
    ("app.name", "Meldpunt", "Point de signalement", "Report point"),
    ("nav.report", "Melden", "Signaler", "Report"),
    ("nav.map", "Kaart", "Carte", "Map"),
    ("nav.crew", "Ploeg", "Équipe", "Crew"),
    ("form.title", "Meld een probleem in de openbare ruimte", "Signalez un problème dans l'espace public", "Report a problem in a public space"),
    ("form.step.category", "1. Wat is er aan de hand?", "1. Quel est le problème ?", "1. What is the problem?"),
    ("form.step.location", "2. Waar?", "2. Où ?", "2. Where?"),
    ("form.step.describe", "3. Beschrijf het", "3. Décrivez-le", "3. Describe it"),
    ("form.step.photos", "4. Foto's (maximaal 3)", "4. Photos (3 maximum)", "4. Photos (at most 3)"),
    ("form.step.contact", "5. Uw gegevens (niet verplicht)", "5. Vos coordonnées (facultatif)", "5. Your details (optional)"),
    ("form.gps", "Gebruik mijn locatie", "Utiliser ma position", "Use my location"),
    ("form.gps.failed", "Uw locatie kon niet bepaald worden. Tik op de kaart of zoek een adres.", "Votre position n'a pas pu être déterminée. Touchez la carte ou cherchez une adresse.", "Your location could not be found. Tap the map or search for an address."),
    ("form.map.hint", "Tik op de kaart of versleep de speld.", "Touchez la carte ou déplacez l'épingle.", "Tap the map or drag the pin."),
    ("form.address", "Adres zoeken", "Chercher une adresse", "Search an address"),
    ("form.address.placeholder", "Straat en huisnummer", "Rue et numéro", "Street and number"),
    ("form.location.set", "Locatie gekozen", "Position choisie", "Location set"),
    ("form.description", "Beschrijving", "Description", "Description"),
    ("form.description.placeholder", "Wat ziet u? Hoe groot is het? Is het gevaarlijk?", "Que voyez-vous ? Quelle taille ? Est-ce dangereux ?", "What do you see? How big is it? Is it dangerous?"),
    ("form.photos.add", "Foto toevoegen", "Ajouter une photo", "Add a photo"),
    ("form.photos.remove", "Verwijderen", "Supprimer", "Remove"),
    ("form.contact.privacy", "Uw naam, e-mail en telefoon zijn nooit openbaar. Alleen de stadsdiensten zien ze, om u op de hoogte te houden of vragen te stellen over deze melding. We bewaren ze tot 1 jaar na het afsluiten van de melding.", "Votre nom, e-mail et téléphone ne sont jamais publics. Seuls les services de la ville les voient, pour vous informer ou vous poser des questions sur ce signalement. Nous les conservons jusqu'à 1 an après la clôture.", "Your name, e-mail and phone are never public. Only city staff see them, to keep you informed or ask about this report. We keep them until 1 year after the report is closed."),
    ("form.contact.name", "Naam", "Nom", "Name"),
    ("form.contact.email", "E-mail", "E-mail", "E-mail"),
    ("form.contact.phone", "Telefoon", "Téléphone", "Phone"),
    ("form.contact.consent", "De stad mag mij contacteren over deze melding", "La ville peut me contacter au sujet de ce signalement", "The city may contact me about this report"),
    ("form.submit", "Melding versturen", "Envoyer le signalement", "Send report"),
    ("form.sending", "Bezig met versturen…", "Envoi en cours…", "Sending…"),
    ("form.nearby.title", "Al gemeld in de buurt?", "Déjà signalé à proximité ?", "Already reported nearby?"),
    ("form.nearby.text", "Deze meldingen in dezelfde categorie staan open binnen 250 m. Is het hetzelfde? Volg dan die melding.", "Ces signalements de la même catégorie sont ouverts à moins de 250 m. Est-ce le même ? Suivez-le.", "These open reports in the same category are within 250 m. Is it the same? Follow that one."),
    ("form.nearby.follow", "Bekijk en volg", "Voir et suivre", "View and follow"),
    ("err.category", "Kies een categorie.", "Choisissez une catégorie.", "Choose a category."),
    ("err.location", "Kies de plaats op de kaart, met uw locatie of via een adres.", "Choisissez l'endroit sur la carte, avec votre position ou une adresse.", "Choose the place on the map, with your location or an address."),
    ("err.description", "Beschrijf het probleem (maximaal 4000 tekens).", "Décrivez le problème (4000 caractères maximum).", "Describe the problem (at most 4000 characters)."),
    ("err.photo", "Deze foto kon niet gebruikt worden.", "Cette photo n'a pas pu être utilisée.", "This photo could not be used."),
    ("err.photo.count", "U kunt maximaal 3 foto's toevoegen.", "Vous pouvez ajouter 3 photos maximum.", "You can add at most 3 photos."),
    ("err.contact.email", "Dit e-mailadres klopt niet.", "Cette adresse e-mail n'est pas valide.", "This e-mail address is not valid."),
    ("err.contact.phone", "Dit telefoonnummer klopt niet.", "Ce numéro de téléphone n'est pas valide.", "This phone number is not valid."),
    ("err.network", "Versturen is niet gelukt. Controleer uw verbinding en probeer opnieuw; uw melding staat nog hier.", "L'envoi a échoué. Vérifiez votre connexion et réessayez ; votre signalement est conservé ici.", "Sending failed. Check your connection and try again; your report is still here."),
    ("err.generic", "Er ging iets mis. Probeer het opnieuw.", "Une erreur s'est produite. Réessayez.", "Something went wrong. Please try again."),
    ("done.title", "Bedankt! Uw melding is ontvangen.", "Merci ! Votre signalement a été reçu.", "Thank you! Your report was received."),
    ("done.ref", "Uw referentie", "Votre référence", "Your reference"),
    ("done.track", "Volg uw melding via deze persoonlijke link. Bewaar hem goed:", "Suivez votre signalement via ce lien personnel. Conservez-le :", "Follow your report with this personal link. Keep it safe:"),
    ("done.open", "Open mijn melding", "Ouvrir mon signalement", "Open my report"),
    ("done.another", "Nog iets melden", "Signaler autre chose", "Report something else"),
    ("report.status", "Status", "Statut", "Status"),
    ("report.history", "Verloop", "Historique", "History"),
    ("report.photos", "Foto's", "Photos", "Photos"),
    ("report.reported", "Gemeld op", "Signalé le", "Reported on"),
    ("report.updated", "Laatst bijgewerkt", "Dernière mise à jour", "Last updated"),
    ("report.location", "Locatie", "Emplacement", "Location"),
    ("report.yours", "Dit is uw melding. Deze pagina toont altijd de laatste stand.", "C'est votre signalement. Cette page montre toujours le dernier état.", "This is your report. This page always shows the latest state."),
    ("report.notfound", "Deze melding bestaat niet (meer).", "Ce signalement n'existe pas (ou plus).", "This report does not exist (any more)."),
    ("photo.before", "Bij melding", "Au signalement", "When reported"),
    ("photo.after", "Na herstel", "Après réparation", "After repair"),
    ("map.title", "Meldingen op de kaart", "Signalements sur la carte", "Reports on the map"),
    ("map.legend", "Kleur volgens status", "Couleur selon le statut", "Colour by status"),
    ("map.open", "Open meldingen", "Signalements ouverts", "Open reports"),
    ("map.all", "Alle meldingen", "Tous les signalements", "All reports"),
    ("crew.login", "Aanmelden", "Se connecter", "Log in"),
    ("crew.logout", "Afmelden", "Se déconnecter", "Log out"),
    ("crew.email", "E-mail", "E-mail", "E-mail"),
    ("crew.password", "Wachtwoord", "Mot de passe", "Password"),
    ("crew.login.failed", "E-mail of wachtwoord klopt niet.", "E-mail ou mot de passe incorrect.", "Wrong e-mail or password."),
    ("crew.worklist", "Open meldingen, dichtstbij eerst", "Signalements ouverts, les plus proches d'abord", "Open reports, nearest first"),
    ("crew.from_here", "Vanaf mijn positie", "Depuis ma position", "From where I am"),
    ("crew.none", "Geen open meldingen.", "Aucun signalement ouvert.", "No open reports."),
    ("crew.change", "Status wijzigen", "Changer le statut", "Change status"),
    ("crew.note", "Notitie (zichtbaar voor de melder)", "Note (visible par le citoyen)", "Note (visible to the reporter)"),
    ("crew.after_photo", "Foto na herstel", "Photo après réparation", "Photo after repair"),
    ("crew.save", "Opslaan", "Enregistrer", "Save"),
    ("crew.mark_in_progress", "In behandeling", "En cours", "In progress"),
    ("crew.mark_done", "Opgelost", "Résolu", "Done"),
    ("crew.saved", "Opgeslagen.", "Enregistré.", "Saved."),
    ("crew.back", "Terug naar de lijst", "Retour à la liste", "Back to the list"),
    // Strings for public/meldpunt.js and outbox.js, handed over as JSON by `Lang::js_texts`.
    ("js.complaint.sending", "Versturen…", "Envoi…", "Sending…"),
    ("js.complaint.refused", "Niet verstuurd:", "Non envoyée :", "Not sent:"),
    ("js.complaint.offline", "Geen verbinding: uw klacht is niet verstuurd. Wat u typte blijft staan; probeer opnieuw zodra u netwerk hebt.", "Pas de connexion : votre plainte n'a pas été envoyée. Ce que vous avez saisi reste là ; réessayez dès que vous avez du réseau.", "No connection: your complaint was not sent. What you typed stays here; try again once you have a network."),
    ("js.offline", "Je bent offline. Wat je bewaart, wordt later verstuurd.", "Vous êtes hors ligne. Ce que vous enregistrez sera envoyé plus tard.", "You are offline. What you save is sent later."),
    ("js.outbox.title", "Op je toestel, nog te versturen", "Sur votre appareil, à envoyer", "On your device, still to send"),
    ("js.outbox.saved", "Bewaard op je toestel. Je melding wordt automatisch verstuurd zodra er netwerk is; je hoeft niets meer te doen.", "Enregistré sur votre appareil. Votre signalement sera envoyé automatiquement dès qu'il y a du réseau.", "Saved on your device. Your report is sent automatically as soon as there is a network; you need not do anything."),
    ("js.outbox.waiting", "wacht op netwerk", "en attente de réseau", "waiting for a network"),
    ("js.outbox.sending", "wordt verstuurd…", "envoi en cours…", "sending…"),
    ("js.outbox.failed", "niet aanvaard", "refusé", "not accepted"),
    ("js.outbox.sent", "Verstuurd. Referentie", "Envoyé. Référence", "Sent. Reference"),
    ("js.outbox.open", "Bekijk je melding", "Voir votre signalement", "See your report"),
    ("js.outbox.retry", "Opnieuw versturen", "Renvoyer", "Send again"),
    ("js.outbox.delete", "Verwijderen", "Supprimer", "Delete"),
    ("js.outbox.remove_photo", "Foto weglaten", "Retirer la photo", "Leave out photo"),
    ("js.outbox.photos", "foto's", "photos", "photos"),
    ("js.sync.pending", "wijzigingen wachten", "modifications en attente", "changes waiting"),
    ("js.sync.sending", "Versturen", "Envoi", "Sending"),
    ("js.sync.done", "Alles verstuurd", "Tout est envoyé", "Everything sent"),
    ("js.sync.queued", "Bewaard op de tablet; wordt verstuurd zodra er netwerk is.", "Enregistré sur la tablette ; envoyé dès qu'il y a du réseau.", "Saved on the tablet; sent as soon as there is a network."),
    ("js.sync.conflict", "Botsing: iemand anders wijzigde deze melding intussen. Je wijziging is bewaard voor de coördinator.", "Conflit : quelqu'un d'autre a modifié ce signalement. Votre modification est conservée pour le coordinateur.", "Conflict: someone else changed this report meanwhile. Your change is kept for the coordinator."),
    ("js.sync.failed", "Niet aanvaard", "Refusé", "Not accepted"),
    ("js.sync.applied", "Verstuurd", "Envoyé", "Sent"),
    ("js.prepare", "Klaarmaken voor offline", "Préparer hors ligne", "Prepare for offline"),
    ("js.prepare.busy", "Downloaden", "Téléchargement", "Downloading"),
    ("js.prepare.done", "Klaar voor offline", "Prêt hors ligne", "Ready for offline"),
    ("js.prepare.age", "Offline pakket van", "Paquet hors ligne du", "Offline package from"),
    ("js.prepare.none", "Nog geen offline pakket", "Pas encore de paquet hors ligne", "No offline package yet"),
    ("js.prepare.tiles", "kaarttegels, ongeveer", "tuiles de carte, environ", "map tiles, about"),
    ("js.prepare.failed", "Downloaden mislukt; probeer opnieuw met netwerk", "Échec du téléchargement ; réessayez avec du réseau", "Download failed; try again with a network"),
    ("js.logout.pending", "wijzigingen zijn nog niet verstuurd en gaan verloren als je je nu afmeldt. Toch afmelden?", "modifications ne sont pas encore envoyées et seront perdues. Se déconnecter quand même ?", "changes are not sent yet and are lost if you log out now. Log out anyway?"),
    ("js.update", "Er is een nieuwe versie van Meldpunt.", "Une nouvelle version de Meldpunt est disponible.", "A new version of Meldpunt is available."),
    ("js.update.reload", "Vernieuwen", "Actualiser", "Reload"),
];

#[cfg(test)]
mod tests {
    use super::*;

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

    #[test]
    fn every_string_has_three_translations_and_unique_keys() {
        let mut keys = std::collections::HashSet::new();
        for (k, nl, fr, en) in STRINGS {
            assert!(keys.insert(*k), "duplicate key {k}");
            assert!(!nl.is_empty() && !fr.is_empty() && !en.is_empty(), "{k}");
        }
    }

    #[test]
    fn every_key_used_in_the_source_exists() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/src");
        let mut missing = Vec::new();
        visit(std::path::Path::new(dir), &mut |text| {
            for piece in text.split(".t(\"").skip(1) {
                let key = piece.split('"').next().unwrap_or_default();
                if !STRINGS.iter().any(|(k, ..)| *k == key) {
                    missing.push(key.to_owned());
                }
            }
        });
        assert!(missing.is_empty(), "missing translations: {missing:?}");
    }

    #[test]
    fn every_text_the_scripts_use_exists() {
        let texts: serde_json::Value = serde_json::from_str(&Lang::Fr.js_texts()).unwrap();
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../public");
        let mut used = 0;
        for file in ["meldpunt.js", "outbox.js"] {
            let text = std::fs::read_to_string(format!("{dir}/{file}")).unwrap();
            for piece in text.split("T(\"").skip(1) {
                let key = piece.split('"').next().unwrap_or_default();
                assert!(texts.get(key).is_some(), "{file} uses unknown text {key}");
                used += 1;
            }
        }
        assert!(used > 10, "the scripts use their texts through T(\"...\")");
    }

    fn visit(dir: &std::path::Path, f: &mut dyn FnMut(&str)) {
        for entry in std::fs::read_dir(dir).unwrap().flatten() {
            let p = entry.path();
            if p.is_dir() {
                visit(&p, f);
            } else if p.extension().is_some_and(|e| e == "rs") {
                f(&std::fs::read_to_string(&p).unwrap());
            }
        }
    }
}
