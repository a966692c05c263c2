//! Demo street names of Sint-Truiden with approximate centre points, for the address search
//! until the real address register (CRAB/Adressenregister import) replaces it.

/// (street, latitude, longitude)
pub static STREETS: &[(&str, f64, f64)] = &[
    ("Grote Markt", 50.8166, 5.1866),
    ("Stationsstraat", 50.8190, 5.1900),
    ("Tiensestraat", 50.8143, 5.1790),
    ("Luikerstraat", 50.8118, 5.1920),
    ("Diestsestraat", 50.8210, 5.1810),
    ("Hasseltsestraat", 50.8225, 5.1880),
    ("Naamsestraat", 50.8110, 5.1850),
    ("Stapelstraat", 50.8200, 5.1855),
    ("Plankstraat", 50.8150, 5.1890),
    ("Minderbroedersstraat", 50.8175, 5.1880),
    ("Abdijstraat", 50.8180, 5.1845),
    ("Schepen Dejonghstraat", 50.8130, 5.1900),
    ("Houtmarkt", 50.8160, 5.1905),
    ("Kazernestraat", 50.8100, 5.1940),
    ("Tongersesteenweg", 50.8070, 5.2050),
    ("Luikersteenweg", 50.8000, 5.2000),
    ("Hasseltsesteenweg", 50.8320, 5.1950),
    ("Tiensesteenweg", 50.8080, 5.1600),
    ("Diestersteenweg", 50.8300, 5.1700),
    ("Sint-Jansstraat", 50.8140, 5.1830),
    ("Zoutstraat", 50.8198, 5.1830),
    ("Beekstraat", 50.8120, 5.1810),
    ("Clockemstraat", 50.8085, 5.1870),
    ("Kortenbosstraat", 50.8260, 5.1650),
    ("Montenakenweg", 50.8020, 5.1780),
    ("Speelhof", 50.8240, 5.1780),
    ("Veemarkt", 50.8185, 5.1920),
    ("Gazometerstraat", 50.8240, 5.1930),
    ("Tichelrijlaan", 50.8270, 5.1860),
    ("Guvelingenstraat", 50.8140, 5.1950),
    ("Kanunnik Darisstraat", 50.8125, 5.1875),
    ("Brustemsesteenweg", 50.8230, 5.2150),
    ("Zerkingen", 50.8295, 5.1900),
    ("Terbiest", 50.8180, 5.1720),
    ("Melveren-Centrum", 50.8380, 5.1720),
    ("Brustem-Dorp", 50.8060, 5.2200),
];

/// Folds case and the accents Belgian street names use, for matching.
fn fold(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            'à' | 'á' | 'â' | 'ä' | 'À' | 'Â' | 'Ä' => 'a',
            'é' | 'è' | 'ê' | 'ë' | 'É' | 'È' | 'Ê' | 'Ë' => 'e',
            'ï' | 'î' | 'Ï' | 'Î' => 'i',
            'ô' | 'ö' | 'Ô' | 'Ö' => 'o',
            'ü' | 'û' | 'ù' | 'Ü' | 'Û' => 'u',
            'ç' | 'Ç' => 'c',
            c => c.to_ascii_lowercase(),
        })
        .collect()
}

/// Streets whose name contains the words of `query`; a house number in the query is kept in the
/// label. Best matches (name starts with the query) first.
pub fn search(query: &str, limit: usize) -> Vec<(String, f64, f64)> {
    let words: Vec<String> = query.split_whitespace().map(fold).collect();
    let number = words
        .iter()
        .find(|w| w.chars().next().is_some_and(|c| c.is_ascii_digit()))
        .cloned();
    let name_words: Vec<&String> = words
        .iter()
        .filter(|w| Some(*w) != number.as_ref())
        .collect();
    if name_words.is_empty() || name_words.iter().map(|w| w.len()).sum::<usize>() < 2 {
        return Vec::new();
    }
    let mut hits: Vec<(bool, &(&str, f64, f64))> = STREETS
        .iter()
        .filter_map(|s| {
            let name = fold(s.0);
            name_words
                .iter()
                .all(|w| name.contains(w.as_str()))
                .then(|| (name.starts_with(name_words[0].as_str()), s))
        })
        .collect();
    hits.sort_by_key(|(starts, s)| (!starts, s.0));
    hits.into_iter()
        .take(limit)
        .map(|(_, (name, lat, lon))| {
            let label = match &number {
                Some(n) => format!("{name} {n}, 3800 Sint-Truiden"),
                None => format!("{name}, 3800 Sint-Truiden"),
            };
            (label, *lat, *lon)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn search_finds_streets_by_part_ignoring_case_and_keeps_the_number() {
        let hits = search("tiense 12", 5);
        assert!(
            hits.iter()
                .any(|h| h.0 == "Tiensestraat 12, 3800 Sint-Truiden"),
            "{hits:?}"
        );
        assert!(hits.iter().any(|h| h.0.starts_with("Tiensesteenweg")));
        assert!(search("GROTE markt", 5)[0].0.starts_with("Grote Markt"));
        assert!(search("x", 5).is_empty());
        assert!(search("nowhere street", 5).is_empty());
    }
}
