//! The area the city serves: reports from elsewhere (a phone's position far away, a point
//! typed wrongly, 0,0) are refused at the door with a 422 on `location`.
//!
//! Given as a box (`west,south,east,north`) or as GeoJSON (Polygon, MultiPolygon, a Feature or
//! a FeatureCollection of them), read as the districts are (`district::features`); a point on
//! the edge is inside, a point in a polygon's hole is not.

use crate::report::domain::GeoPoint;
use geo::Intersects;
use geo_types::{coord, MultiPolygon, Point, Rect};

/// The demo city's box: Sint-Truiden with a margin.
pub const DEMO_AREA: &str = "5.05,50.72,5.35,50.90";

#[derive(Debug, Clone, PartialEq)]
pub struct ServiceArea {
    shape: MultiPolygon<f64>,
}

impl ServiceArea {
    /// `west,south,east,north` in degrees, or GeoJSON text.
    pub fn parse(spec: &str) -> Result<Self, String> {
        let spec = spec.trim();
        if spec.starts_with('{') {
            let shapes = crate::district::features(spec)?;
            return Ok(Self {
                shape: MultiPolygon(shapes.into_iter().flat_map(|(_, s)| s.0).collect()),
            });
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
            shape: MultiPolygon(vec![Rect::new(
                coord! { x: w, y: s },
                coord! { x: e, y: n },
            )
            .to_polygon()]),
        })
    }

    /// Whether `point` lies inside (or on the edge of) one of the area's polygons.
    pub fn contains(&self, point: GeoPoint) -> bool {
        self.shape.intersects(&Point::new(point.lon, point.lat))
    }
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
