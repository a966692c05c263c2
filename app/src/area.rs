//! The area the city serves: reports from elsewhere (a phone's position far away, a point
//! typed wrongly, 0,0) are refused at the door with a 422 on `location`.
//!
//! Given as a box (`west,south,east,north`) or as GeoJSON (Polygon, MultiPolygon, a Feature or
//! a FeatureCollection of them); a polygon's holes are not used: a report in an enclave is
//! accepted. Written by hand (ray casting over a few hundred points): a geometry crate would
//! bring far more than this one test needs.

use crate::report::domain::GeoPoint;

/// The demo city's box: Sint-Truiden with a margin.
pub const DEMO_AREA: &str = "5.05,50.72,5.35,50.90";

#[derive(Debug, Clone, PartialEq)]
pub struct ServiceArea {
    /// Outer rings as (lon, lat), each closed or not.
    rings: Vec<Vec<(f64, f64)>>,
}

impl ServiceArea {
    /// `west,south,east,north` in degrees, or GeoJSON text.
    pub fn parse(spec: &str) -> Result<Self, String> {
        let spec = spec.trim();
        if spec.starts_with('{') {
            return Self::from_geojson(spec);
        }
        let n: Vec<f64> = spec
            .split(',')
            .map(|v| v.trim().parse::<f64>())
            .collect::<Result<_, _>>()
            .map_err(|_| {
                format!("a service area is west,south,east,north or GeoJSON, not {spec:?}")
            })?;
        let [w, s, e, n] = n[..] else {
            return Err(format!(
                "a box has four numbers: west,south,east,north, not {spec:?}"
            ));
        };
        let valid = |lat: f64, lon: f64| GeoPoint::new(lat, lon).is_ok();
        if !(valid(s, w) && valid(n, e) && w < e && s < n) {
            return Err(format!(
                "{spec:?} is not a box: west < east, south < north, in degrees"
            ));
        }
        Ok(Self {
            rings: vec![vec![(w, s), (e, s), (e, n), (w, n)]],
        })
    }

    fn from_geojson(text: &str) -> Result<Self, String> {
        let value: serde_json::Value =
            serde_json::from_str(text).map_err(|e| format!("the service area is not JSON: {e}"))?;
        let mut rings = Vec::new();
        collect_rings(&value, &mut rings)?;
        if rings.is_empty() {
            return Err("the GeoJSON has no Polygon or MultiPolygon".into());
        }
        Ok(Self { rings })
    }

    /// Whether `point` lies inside (or on the edge of) one of the area's polygons.
    pub fn contains(&self, point: GeoPoint) -> bool {
        self.rings
            .iter()
            .any(|ring| inside(ring, point.lon, point.lat))
    }
}

fn ring(value: &serde_json::Value) -> Result<Vec<(f64, f64)>, String> {
    let points = value.as_array().ok_or("a ring is a list of positions")?;
    let ring: Vec<(f64, f64)> = points
        .iter()
        .map(|p| {
            match (
                p.get(0).and_then(|v| v.as_f64()),
                p.get(1).and_then(|v| v.as_f64()),
            ) {
                (Some(lon), Some(lat)) if GeoPoint::new(lat, lon).is_ok() => Ok((lon, lat)),
                _ => Err(format!("{p} is not a position [lon, lat]")),
            }
        })
        .collect::<Result<_, _>>()?;
    if ring.len() < 3 {
        return Err("a ring has at least three positions".into());
    }
    Ok(ring)
}

/// The outer ring of every polygon in `value`, however nested in features.
fn collect_rings(value: &serde_json::Value, out: &mut Vec<Vec<(f64, f64)>>) -> Result<(), String> {
    let outer = |polygon: &serde_json::Value| -> Result<Vec<(f64, f64)>, String> {
        ring(polygon.get(0).ok_or("a polygon has an outer ring")?)
    };
    match value.get("type").and_then(|t| t.as_str()) {
        Some("FeatureCollection") => {
            for f in value["features"].as_array().ok_or("features is a list")? {
                collect_rings(f, out)?;
            }
        }
        Some("Feature") => collect_rings(&value["geometry"], out)?,
        Some("Polygon") => out.push(outer(&value["coordinates"])?),
        Some("MultiPolygon") => {
            for polygon in value["coordinates"]
                .as_array()
                .ok_or("coordinates is a list")?
            {
                out.push(outer(polygon)?);
            }
        }
        other => return Err(format!("GeoJSON of type {other:?} has no area")),
    }
    Ok(())
}

/// Even-odd ray casting, with points on an edge counted inside.
fn inside(ring: &[(f64, f64)], x: f64, y: f64) -> bool {
    let mut inside = false;
    let mut j = ring.len() - 1;
    for i in 0..ring.len() {
        let (xi, yi) = ring[i];
        let (xj, yj) = ring[j];
        // On the edge from j to i.
        let cross = (xj - xi) * (y - yi) - (yj - yi) * (x - xi);
        if cross.abs() < 1e-12
            && x >= xi.min(xj)
            && x <= xi.max(xj)
            && y >= yi.min(yj)
            && y <= yi.max(yj)
        {
            return true;
        }
        if (yi > y) != (yj > y) && x < (xj - xi) * (y - yi) / (yj - yi) + xi {
            inside = !inside;
        }
        j = i;
    }
    inside
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(lat: f64, lon: f64) -> GeoPoint {
        GeoPoint::new(lat, lon).unwrap()
    }

    #[test]
    fn the_demo_box_holds_sint_truiden_and_not_the_rest_of_the_world() {
        let area = ServiceArea::parse(DEMO_AREA).unwrap();
        assert!(area.contains(at(50.8166, 5.1866)), "Grote Markt");
        assert!(area.contains(at(50.72, 5.05)), "a corner");
        for (lat, lon) in [
            (0.0, 0.0),
            (-33.8688, 151.2093),
            (50.8798, 4.7005),
            (50.9307, 5.3325),
        ] {
            assert!(!area.contains(at(lat, lon)), "{lat},{lon}");
        }
    }

    #[test]
    fn a_geojson_polygon_is_followed_along_its_edges() {
        // An L shape: the notch at the top right is outside.
        let l = r#"{"type": "Feature", "geometry": {"type": "MultiPolygon", "coordinates": [[[
            [5.0, 50.0], [6.0, 50.0], [6.0, 50.5], [5.5, 50.5], [5.5, 51.0], [5.0, 51.0], [5.0, 50.0]
        ]]]}}"#;
        let area = ServiceArea::parse(l).unwrap();
        assert!(area.contains(at(50.25, 5.75)));
        assert!(area.contains(at(50.75, 5.25)));
        assert!(area.contains(at(50.5, 5.75)), "on an edge");
        assert!(!area.contains(at(50.75, 5.75)), "in the notch");
        assert!(!area.contains(at(49.9, 5.5)));
    }

    #[test]
    fn garbage_areas_are_refused_with_a_reason() {
        for bad in [
            "",
            "5,50,6",
            "6,50,5,51",
            "5,50,6,91",
            "a,b,c,d",
            "{",
            r#"{"type": "Point", "coordinates": [5, 50]}"#,
            r#"{"type": "Polygon", "coordinates": [[[5, 50], [6, 50]]]}"#,
            r#"{"type": "Polygon", "coordinates": [[[5, 50], [6, 95], [5, 51]]]}"#,
            r#"{"type": "FeatureCollection", "features": []}"#,
        ] {
            assert!(ServiceArea::parse(bad).is_err(), "{bad}");
        }
    }
}
