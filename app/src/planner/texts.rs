//! Texts in every language, one entry per text (see `crate::i18n` for how to add one or a language).

catalogue! {
    /// The texts of the planners' map, statistics, exports and the annual report.
    pub enum PlannerText {
        Change: nl "Evolutie"
            fr "Évolution"
            en "Change";
        AnnualReportOn: nl "Jaarverslag meldingen"
            fr "Rapport annuel des signalements"
            en "Annual report on reports";
        Year: nl "Jaar"
            fr "Année"
            en "Year";
        Show: nl "Tonen"
            fr "Afficher"
            en "Show";
        PrintPDF: nl "Afdrukken / PDF"
            fr "Imprimer / PDF"
            en "Print / PDF";
        KeyFigures: nl "Kerncijfers"
            fr "Chiffres clés"
            en "Key figures";
        Reports: nl "Meldingen"
            fr "Signalements"
            en "Reports";
        Done: nl "Opgelost"
            fr "Résolus"
            en "Done";
        MedianToDone: nl "Mediaan tot opgelost"
            fr "Médiane jusqu'à résolution"
            en "Median to done";
        P90ToDone: nl "P90 tot opgelost"
            fr "P90 jusqu'à résolution"
            en "P90 to done";
        DoneInTime: nl "Op tijd opgelost"
            fr "Résolus à temps"
            en "Done in time";
        PerCategory: nl "Per categorie"
            fr "Par catégorie"
            en "Per category";
        Category: nl "Categorie"
            fr "Catégorie"
            en "Category";
        ReportsPerCategory: nl "Meldingen per categorie"
            fr "Signalements par catégorie"
            en "Reports per category";
        PerChannel: nl "Per kanaal"
            fr "Par canal"
            en "Per channel";
        Channel: nl "Kanaal"
            fr "Canal"
            en "Channel";
        ReportsPerMonth: nl "Meldingen per maand"
            fr "Signalements par mois"
            en "Reports per month";
        Complaints: nl "Klachten"
            fr "Plaintes"
            en "Complaints";
        NotVisibleFor: nl "Niet zichtbaar voor uw rol."
            fr "Non visible pour votre rôle."
            en "Not visible for your role.";
        Status: nl "Status"
            fr "Statut"
            en "Status";
        Department: nl "Dienst"
            fr "Service"
            en "Department";
        All: nl "Alle"
            fr "Tous"
            en "All";
        From: nl "Van"
            fr "Du"
            en "From";
        To: nl "Tot en met"
            fr "Au"
            en "To";
        Words: nl "Zoekwoorden"
            fr "Mots"
            en "Words";
        OverdueOnly: nl "Enkel te laat"
            fr "En retard seulement"
            en "Overdue only";
        Apply: nl "Toepassen"
            fr "Appliquer"
            en "Apply";
        MapOfAll: nl "Kaart van alle meldingen"
            fr "Carte de tous les signalements"
            en "Map of all reports";
        ReportsInView: nl "meldingen in beeld"
            fr "signalements visibles"
            en "reports in view";
        Statistics: nl "Statistieken"
            fr "Statistiques"
            en "Statistics";
        AnnualReport: nl "Jaarverslag"
            fr "Rapport annuel"
            en "Annual report";
        MapView: nl "Kaartweergave"
            fr "Affichage"
            en "Map view";
        HeatMap: nl "Hittekaart"
            fr "Carte de chaleur"
            en "Heat map";
        ColourBy: nl "Kleur volgens"
            fr "Couleur selon"
            en "Colour by";
        Status2: nl "status"
            fr "statut"
            en "status";
        Category2: nl "categorie"
            fr "catégorie"
            en "category";
        MapOfReports: nl "Kaart van de meldingen"
            fr "Carte des signalements"
            en "Map of reports";
        Map: nl "Kaart"
            fr "Carte"
            en "Map";
        Filter: nl "Filter"
            fr "Filtre"
            en "Filter";
        Open: nl "Open"
            fr "Ouverts"
            en "Open";
        Overdue: nl "Te laat"
            fr "En retard"
            en "Overdue";
        PerMonth: nl "Per maand"
            fr "Par mois"
            en "Per month";
        OpenPerDepartment: nl "Open per dienst"
            fr "Ouverts par service"
            en "Open per department";
        OverduePerDepartment: nl "Te laat per dienst"
            fr "En retard par service"
            en "Overdue per department";
        PerStatus: nl "Per status"
            fr "Par statut"
            en "Per status";
        PlacesWithMost: nl "Plaatsen met de meeste meldingen"
            fr "Lieux les plus signalés"
            en "Places with most reports";
    }
}
