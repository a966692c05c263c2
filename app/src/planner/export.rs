//! Export formats of a planner selection: CSV for spreadsheets (UTF-8 with BOM, `,` or `;`)
//! and GeoJSON for GIS. Rows are formatted one by one so exports stream.

use crate::port::ExportRow;
use crate::report::questions::Answer;
use crate::time::format_datetime;

/// A byte-order mark, so Excel reads the CSV as UTF-8.
pub const BOM: &str = "\u{feff}";

const COLUMNS: [&str; 16] = [
    "referentie",
    "aangemaakt",
    "categorie",
    "categorie_naam",
    "dienst",
    "deelgemeente",
    "kanaal",
    "status",
    "adres",
    "lat",
    "lon",
    "omschrijving",
    "termijn",
    "opgelost",
    "laatst_gewijzigd",
    "antwoorden",
];
const CONTACT_COLUMNS: [&str; 3] = ["naam", "e-mail", "telefoon"];

/// A CSV field: quoted when needed; text that a spreadsheet would run as a formula is
/// prefixed with `'`.
pub fn field(v: &str, sep: char) -> String {
    let v = if v.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{v}")
    } else {
        v.to_owned()
    };
    if v.contains([sep, '"', '\n', '\r']) {
        format!("\"{}\"", v.replace('"', "\"\""))
    } else {
        v
    }
}

/// The header line (after the BOM).
pub fn csv_header(sep: char, with_contact: bool) -> String {
    let mut cols: Vec<&str> = COLUMNS.to_vec();
    if with_contact {
        cols.extend(CONTACT_COLUMNS);
    }
    format!("{BOM}{}\r\n", cols.join(&sep.to_string()))
}

/// One report as a CSV line. Decimals use a point in both variants (coordinates).
pub fn csv_line(r: &ExportRow, sep: char) -> String {
    let mut cells = vec![
        field(&r.reference, sep),
        format_datetime(r.created_at),
        field(&r.category, sep),
        field(&r.category_name, sep),
        field(&r.department, sep),
        field(r.district.as_deref().unwrap_or_default(), sep),
        r.channel.as_str().to_owned(),
        r.status.as_str().to_owned(),
        field(r.address.as_deref().unwrap_or_default(), sep),
        format!("{:.6}", r.lat),
        format!("{:.6}", r.lon),
        field(&r.description, sep),
        format_datetime(r.due_at),
        r.done_at.map(format_datetime).unwrap_or_default(),
        format_datetime(r.updated_at),
        field(&answers_text(&r.answers), sep),
    ];
    if let Some(c) = &r.contact {
        for v in [&c.name, &c.email, &c.phone] {
            cells.push(field(v.as_deref().unwrap_or_default(), sep));
        }
    }
    format!("{}\r\n", cells.join(&sep.to_string()))
}

/// Answers in one cell: `question=value` (values of a multiple choice joined by `|`),
/// separated by `; `.
fn answers_text(answers: &[Answer]) -> String {
    answers
        .iter()
        .map(|a| format!("{}={}", a.question, a.values.join("|")))
        .collect::<Vec<_>>()
        .join("; ")
}

/// The start of the GeoJSON document.
pub const GEOJSON_START: &str = "{\"type\":\"FeatureCollection\",\"features\":[\n";
/// The end of the GeoJSON document.
pub const GEOJSON_END: &str = "\n]}\n";

/// One report as a GeoJSON feature (no separator).
pub fn geojson_feature(r: &ExportRow) -> String {
    let mut properties = serde_json::json!({
        "ref": r.reference,
        "created_at": r.created_at,
        "category": r.category,
        "category_name": r.category_name,
        "department": r.department,
        "district": r.district,
        "channel": r.channel.as_str(),
        "status": r.status.as_str(),
        "address": r.address,
        "description": r.description,
        "due_at": r.due_at,
        "done_at": r.done_at,
        "updated_at": r.updated_at,
        "answers": r.answers.iter().map(|a| (a.question.clone(), match a.values.as_slice() {
            [one] => serde_json::json!(one),
            many => serde_json::json!(many),
        })).collect::<serde_json::Map<_, _>>(),
    });
    if let Some(c) = &r.contact {
        properties["contact_name"] = serde_json::json!(c.name);
        properties["contact_email"] = serde_json::json!(c.email);
        properties["contact_phone"] = serde_json::json!(c.phone);
    }
    serde_json::json!({
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [
            (r.lon * 1e6).round() / 1e6, (r.lat * 1e6).round() / 1e6
        ]},
        "properties": properties,
    })
    .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::domain::{Channel, Contact, ReportStatus};
    use chrono::{TimeZone, Utc};

    fn row() -> ExportRow {
        let at = Utc.with_ymd_and_hms(2026, 7, 1, 8, 30, 0).unwrap();
        ExportRow {
            reference: "M-2026-000001".into(),
            lat: 50.8166,
            lon: 5.1866,
            category: "waste".into(),
            category_name: "Afval".into(),
            department: "netheid".into(),
            district: Some("Brustem".into()),
            status: ReportStatus::Done,
            channel: Channel::Web,
            created_at: at,
            due_at: at,
            done_at: None,
            updated_at: at,
            address: Some("Grote Markt 1; Sint-Truiden".into()),
            description: "=HYPERLINK(\"http://x\") \"zak\"\nnaast de bak".into(),
            answers: vec![
                Answer {
                    question: "container".into(),
                    values: vec!["pmd".into(), "glass".into()],
                },
                Answer {
                    question: "pole".into(),
                    values: vec!["A-12".into()],
                },
            ],
            contact: None,
        }
    }

    #[test]
    fn csv_quotes_separators_quotes_and_newlines_and_defuses_formulas() {
        let line = csv_line(&row(), ';');
        assert!(line
            .starts_with("M-2026-000001;01/07/2026 10:30;waste;Afval;netheid;Brustem;web;done;"));
        assert!(line.contains("\"Grote Markt 1; Sint-Truiden\""), "{line}");
        assert!(
            line.contains("\"'=HYPERLINK(\"\"http://x\"\") \"\"zak\"\"\nnaast de bak\""),
            "{line}"
        );
        assert!(line.ends_with("\r\n"));
        let comma = csv_line(&row(), ',');
        assert!(comma.contains(",Grote Markt 1; Sint-Truiden,"), "{comma}");
    }

    #[test]
    fn contact_columns_only_when_asked() {
        assert!(!csv_header(',', false).contains("e-mail"));
        assert!(csv_header(';', true).starts_with("\u{feff}referentie;"));
        let mut r = row();
        r.contact = Some(Contact {
            name: Some("An".into()),
            email: Some("an@example.be".into()),
            phone: None,
            consent: true,
        });
        assert!(csv_line(&r, ',').trim_end().ends_with(",An,an@example.be,"));
        assert!(!geojson_feature(&row()).contains("contact"));
        assert!(geojson_feature(&r).contains("an@example.be"));
    }

    #[test]
    fn a_feature_is_valid_json_with_lon_lat_order() {
        let v: serde_json::Value = serde_json::from_str(&geojson_feature(&row())).unwrap();
        assert_eq!(
            v["geometry"]["coordinates"],
            serde_json::json!([5.1866, 50.8166])
        );
        assert_eq!(v["properties"]["status"], "done");
        assert_eq!(
            v["properties"]["answers"],
            serde_json::json!({"container": ["pmd", "glass"], "pole": "A-12"})
        );
    }

    #[test]
    fn answers_are_one_cell() {
        assert!(csv_header(';', false).trim_end().ends_with(";antwoorden"));
        let line = csv_line(&row(), ';');
        assert!(
            line.ends_with(";\"container=pmd|glass; pole=A-12\"\r\n"),
            "{line}"
        );
    }
}
