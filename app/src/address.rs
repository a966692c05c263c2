//! The address register: reading the CSV of Flanders' open address data and the address
//! search used by the citizen form and the agents' intake (prefix and typo tolerant).

use crate::error::{AppError, ErrorText};
use serde::{Deserialize, Serialize};

/// An address suggestion.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AddressHit {
    pub label: String,
    pub lat: f64,
    pub lon: f64,
}

/// Folds case and accents, for matching street names.
pub fn fold(s: &str) -> String {
    s.chars()
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            'à' | 'á' | 'â' | 'ä' => 'a',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'ï' | 'î' | 'í' => 'i',
            'ô' | 'ö' | 'ó' => 'o',
            'ü' | 'û' | 'ù' | 'ú' => 'u',
            'ç' => 'c',
            c => c,
        })
        .collect()
}

/// A search text split into the street part and a house number, if any.
#[derive(Debug, Clone, PartialEq)]
pub struct AddressQuery {
    pub street: String,
    pub number: Option<String>,
}

impl AddressQuery {
    /// `None` when there is too little to search for.
    pub fn parse(text: &str) -> Result<Option<AddressQuery>, AppError> {
        if text.chars().count() > 100 || text.chars().any(char::is_control) {
            return Err(AppError::validation("address", "search text is too long")
                .explained(ErrorText::TextTooLong));
        }
        let mut street = Vec::new();
        let mut number = None;
        for word in text.split(|c: char| c.is_whitespace() || c == ',') {
            if word.is_empty() {
                continue;
            }
            if word.starts_with(|c: char| c.is_ascii_digit()) {
                // The first number is the house number; a later one is the postcode.
                if number.is_none() {
                    number = Some(word.to_uppercase());
                }
            } else {
                street.push(fold(word));
            }
        }
        let street = street.join(" ");
        Ok((street.chars().count() >= 3).then_some(AddressQuery { street, number }))
    }

    /// How well a street name matches: 1 and more for prefix matches, less for typos.
    pub fn score(&self, name: &str) -> f64 {
        let name = fold(name);
        if name.starts_with(&self.street) {
            2.0 - name.len() as f64 / 1000.0
        } else if name.contains(&self.street) {
            1.5
        } else {
            let prefix: String = name.chars().take(self.street.chars().count() + 2).collect();
            strsim::jaro_winkler(&self.street, &name)
                .max(strsim::jaro_winkler(&self.street, &prefix))
        }
    }
}

/// Lowest score a street needs to be suggested.
#[cfg(any(feature = "ssr", test))]
const MIN_SCORE: f64 = 0.85;

/// Addresses for a search text: streets ranked by similarity; with a house number, the
/// addresses on the best streets whose number starts with it.
#[cfg(feature = "ssr")]
pub async fn search(
    ctx: &crate::context::Ctx,
    text: &str,
    limit: usize,
) -> Result<Vec<AddressHit>, AppError> {
    let Some(query) = AddressQuery::parse(text)? else {
        return Ok(vec![]);
    };
    let mut streets: Vec<(f64, crate::port::StreetRecord)> = ctx
        .store
        .search_streets(&query.street, 60)
        .await?
        .into_iter()
        .map(|s| (query.score(&s.name), s))
        .filter(|(score, _)| *score >= MIN_SCORE)
        .collect();
    streets.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.name.cmp(&b.1.name)));
    let mut hits = Vec::new();
    for (_, s) in streets.into_iter().take(limit) {
        match &query.number {
            Some(n) => {
                for a in ctx.store.street_addresses(s.id, n, limit as u32).await? {
                    hits.push(AddressHit {
                        label: label(&a),
                        lat: a.point.lat,
                        lon: a.point.lon,
                    });
                }
            }
            None => hits.push(AddressHit {
                label: format!("{}, {} {}", s.name, s.postcode, s.municipality),
                lat: s.point.lat,
                lon: s.point.lon,
            }),
        }
        if hits.len() >= limit {
            break;
        }
    }
    hits.truncate(limit);
    Ok(hits)
}

/// How far a pin may lie from an address for that address to name the place (a street
/// light between two houses, a pothole in front of a row of them).
pub const NEAREST_WITHIN_M: f64 = 75.0;

/// The label of an address of the register, as suggestions and reports show it.
#[cfg(feature = "ssr")]
pub fn label(a: &crate::port::AddressRow) -> String {
    format!(
        "{} {}, {} {}",
        a.street, a.house_number, a.postcode, a.municipality
    )
}

/// The register's address nearest to a point, within [`NEAREST_WITHIN_M`]: what a pin or a GPS
/// fix is called ("bij Stationsstraat 12"). `None` far from every address (a field, a park)
/// or with no register imported.
#[cfg(feature = "ssr")]
pub async fn nearest(
    ctx: &crate::context::Ctx,
    point: crate::report::domain::GeoPoint,
) -> Result<Option<AddressHit>, AppError> {
    let found = ctx.store.nearest_address(point, NEAREST_WITHIN_M).await?;
    Ok(found
        .filter(|a| a.point.distance_m(&point) <= NEAREST_WITHIN_M)
        .map(|a| AddressHit {
            label: label(&a),
            lat: a.point.lat,
            lon: a.point.lon,
        }))
}

/// Reads an address CSV: a header naming the columns (English or the Dutch names of the
/// Flemish address register), `;` or `,` separated. Bad rows are reported with their line.
#[cfg(feature = "ssr")]
pub fn parse_csv(data: &[u8]) -> Result<Vec<crate::port::AddressRow>, AppError> {
    use crate::report::domain::GeoPoint;
    let text = std::str::from_utf8(data)
        .map_err(|_| AppError::validation("file", "the file is not UTF-8 text"))?;
    let text = text.trim_start_matches('\u{feff}');
    let header = text.lines().next().unwrap_or_default();
    let delimiter = if header.matches(';').count() >= header.matches(',').count() {
        b';'
    } else {
        b','
    };
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let headers = reader
        .headers()
        .map_err(|e| AppError::validation("file", format!("unreadable header: {e}")))?
        .clone();
    let column = |names: &[&str]| {
        headers
            .iter()
            .position(|h| names.iter().any(|n| h.eq_ignore_ascii_case(n)))
            .ok_or_else(|| {
                AppError::validation("file", format!("missing column {}", names.join(" or ")))
            })
    };
    let street = column(&["street", "straatnaam", "straat"])?;
    let number = column(&["house_number", "huisnummer", "number"])?;
    let postcode = column(&["postcode", "postal_code", "postcode_nis"])?;
    let municipality = column(&["municipality", "gemeentenaam", "gemeente"])?;
    let lat = column(&["lat", "latitude", "wgs84_lat"])?;
    let lon = column(&["lon", "lng", "longitude", "wgs84_lon"])?;
    let mut rows = Vec::new();
    for (i, record) in reader.records().enumerate() {
        let line = i + 2;
        let bad = |what: &str| AppError::validation("file", format!("line {line}: {what}"));
        let record = record.map_err(|e| bad(&e.to_string()))?;
        let field = |idx: usize| record.get(idx).unwrap_or_default().to_owned();
        let coord = |idx: usize| {
            field(idx)
                .replace(',', ".")
                .parse::<f64>()
                .map_err(|_| bad("a coordinate is not a number"))
        };
        let row = crate::port::AddressRow {
            street: field(street),
            house_number: field(number),
            postcode: field(postcode),
            municipality: field(municipality),
            point: GeoPoint::new(coord(lat)?, coord(lon)?)
                .map_err(|_| bad("coordinates out of range"))?,
        };
        if row.street.is_empty() || row.house_number.is_empty() || row.postcode.is_empty() {
            return Err(bad("street, house number and postcode are required"));
        }
        if [
            &row.street,
            &row.house_number,
            &row.postcode,
            &row.municipality,
        ]
        .iter()
        .any(|v| v.chars().count() > 120 || v.chars().any(char::is_control))
        {
            return Err(bad("a field is too long or holds control characters"));
        }
        rows.push(row);
    }
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_query_splits_street_and_house_number_and_ignores_the_postcode() {
        let q = AddressQuery::parse("Stationsstraat 12, 3800 Sint-Truiden")
            .unwrap()
            .unwrap();
        assert_eq!(q.street, "stationsstraat sint-truiden");
        assert_eq!(q.number.as_deref(), Some("12"));
        assert!(AddressQuery::parse("12").unwrap().is_none());
        assert!(AddressQuery::parse(&"a".repeat(101)).is_err());
    }

    #[test]
    fn prefixes_score_highest_and_typos_still_pass() {
        let q = AddressQuery::parse("stations").unwrap().unwrap();
        assert!(q.score("Stationsstraat") > 1.0);
        let typo = AddressQuery::parse("stationstraat").unwrap().unwrap();
        assert!(typo.score("Stationsstraat") >= MIN_SCORE);
        assert!(typo.score("Zoutstraat") < MIN_SCORE);
        let accent = AddressQuery::parse("Eglise").unwrap().unwrap();
        assert!(accent.score("Rue de l'Église") > 1.0);
    }

    #[cfg(feature = "ssr")]
    #[test]
    fn the_sample_register_parses_and_bad_rows_name_their_line() {
        let rows = parse_csv(include_bytes!(
            "../../sample-data/addresses-sint-truiden.csv"
        ))
        .unwrap();
        assert!(rows.len() > 1000);
        let bad =
            parse_csv(b"straatnaam;huisnummer;postcode;gemeentenaam;lat;lon\nA;1;3800;X;north;5\n");
        assert!(format!("{:?}", bad.unwrap_err()).contains("line 2"));
        let missing = parse_csv(b"street,number\nA,1\n").unwrap_err();
        assert!(format!("{missing:?}").contains("missing column"));
        assert!(parse_csv(&[0xff, 0xfe, 0x00]).is_err());
    }
}
