//! Districts (deelgemeenten): named areas of the municipality, imported as GeoJSON polygons.
//! Every report gets the district its point lies in when it is made (and again when the
//! districts are imported anew); routing rules may send a category's reports in a district to
//! another department or straight to a team.
//!
//! Geometry is the `geo` crate's: point in polygon (`Intersects`, so a point on a border
//! belongs to the first district listed that has it) and areas on the ellipsoid
//! (`GeodesicArea`). GeoJSON is read with the `geojson` crate, one reader for the districts and
//! the service area (`area.rs`).

use crate::error::AppError;
use crate::report::domain::GeoPoint;
use geo::{BoundingRect, GeodesicArea, Intersects};
use geo_types::{MultiPolygon, Point, Polygon, Rect};
use std::sync::Arc;

/// Most districts a municipality may have, and points per district: more is a mistake in the
/// file (a detailed national map instead of the city's).
pub const MAX_DISTRICTS: usize = 200;
pub const MAX_DISTRICT_POINTS: usize = 50_000;

/// One district as read from a file: code, name and shape.
#[derive(Debug, Clone, PartialEq)]
pub struct NewDistrict {
    pub code: String,
    pub name: String,
    pub shape: MultiPolygon<f64>,
}

impl NewDistrict {
    /// The shape as GeoJSON geometry, for storage.
    pub fn geometry_json(&self) -> String {
        geojson::Geometry::from(&self.shape).to_string()
    }
    /// Its area in square metres, on the ellipsoid.
    pub fn area_m2(&self) -> f64 {
        self.shape.geodesic_area_unsigned()
    }
}

/// A feature's properties.
pub type Properties = serde_json::Map<String, serde_json::Value>;

/// Every polygon in a GeoJSON text (a geometry, a feature or a collection of them), each
/// with its feature's properties: the one reader of area files.
pub fn features(text: &str) -> Result<Vec<(Properties, MultiPolygon<f64>)>, String> {
    let parsed: geojson::GeoJson = text.parse().map_err(|e| format!("not GeoJSON: {e}"))?;
    let mut out = Vec::new();
    let mut add = |properties: Option<Properties>,
                   geometry: Option<geojson::Geometry>|
     -> Result<(), String> {
        let Some(geometry) = geometry else {
            return Ok(());
        };
        let shape = match geo_types::Geometry::<f64>::try_from(geometry)
            .map_err(|e| format!("not a shape: {e}"))?
        {
            geo_types::Geometry::Polygon(p) => MultiPolygon(vec![p]),
            geo_types::Geometry::MultiPolygon(m) => m,
            geo_types::Geometry::Point(_)
            | geo_types::Geometry::Line(_)
            | geo_types::Geometry::LineString(_)
            | geo_types::Geometry::MultiPoint(_)
            | geo_types::Geometry::MultiLineString(_)
            | geo_types::Geometry::GeometryCollection(_)
            | geo_types::Geometry::Rect(_)
            | geo_types::Geometry::Triangle(_) => {
                return Err("only Polygon and MultiPolygon have an area".into())
            }
        };
        check_shape(&shape)?;
        out.push((properties.unwrap_or_default(), shape));
        Ok(())
    };
    match parsed {
        geojson::GeoJson::FeatureCollection(c) => {
            for f in c.features {
                add(f.properties, f.geometry)?;
            }
        }
        geojson::GeoJson::Feature(f) => add(f.properties, f.geometry)?,
        geojson::GeoJson::Geometry(g) => add(None, Some(g))?,
    }
    if out.is_empty() {
        return Err("the GeoJSON has no Polygon or MultiPolygon".into());
    }
    Ok(out)
}

/// Positions in degrees on the earth, rings of at least three positions, not too many.
fn check_shape(shape: &MultiPolygon<f64>) -> Result<(), String> {
    let rings = || {
        shape
            .0
            .iter()
            .flat_map(|p| std::iter::once(p.exterior()).chain(p.interiors()))
    };
    let points: usize = rings().map(|r| r.0.len()).sum();
    if points > MAX_DISTRICT_POINTS {
        return Err(format!(
            "a shape has {points} positions, more than {MAX_DISTRICT_POINTS}"
        ));
    }
    for ring in rings() {
        if ring.0.len() < 4 {
            return Err("a ring has at least three positions".into());
        }
        if let Some(bad) = ring.0.iter().find(|c| GeoPoint::new(c.y, c.x).is_err()) {
            return Err(format!(
                "[{}, {}] is not a position [lon, lat]",
                bad.x, bad.y
            ));
        }
    }
    Ok(())
}

/// Reads a district file: each feature's `code` and `name` properties (named by the
/// arguments), codes unique and short, names given.
pub fn parse_districts(
    text: &str,
    code_property: &str,
    name_property: &str,
) -> Result<Vec<NewDistrict>, String> {
    let found = features(text)?;
    if found.len() > MAX_DISTRICTS {
        return Err(format!(
            "{} districts; a municipality has at most {MAX_DISTRICTS}",
            found.len()
        ));
    }
    let mut out: Vec<NewDistrict> = Vec::with_capacity(found.len());
    for (i, (properties, shape)) in found.into_iter().enumerate() {
        let text_of = |key: &str| {
            properties.get(key).and_then(|v| match v {
                serde_json::Value::String(s) => Some(s.trim().to_owned()),
                serde_json::Value::Number(n) => Some(n.to_string()),
                serde_json::Value::Null
                | serde_json::Value::Bool(_)
                | serde_json::Value::Array(_)
                | serde_json::Value::Object(_) => None,
            })
        };
        let code = text_of(code_property)
            .and_then(|c| crate::office::admin::code(&c, "code").ok())
            .ok_or_else(|| {
                format!("feature {i}: property {code_property:?} is not a code (2 to 40 of a-z, 0-9, - and _)")
            })?;
        let name = text_of(name_property)
            .filter(|n| {
                !n.is_empty() && n.chars().count() <= 100 && !n.chars().any(char::is_control)
            })
            .ok_or_else(|| format!("feature {i}: property {name_property:?} is not a name"))?;
        if out.iter().any(|d| d.code == code) {
            return Err(format!("feature {i}: the code {code:?} is used twice"));
        }
        out.push(NewDistrict { code, name, shape });
    }
    Ok(out)
}

/// A stored district, ready to place points.
#[derive(Debug, Clone)]
pub struct District {
    pub code: String,
    pub name: String,
    shape: MultiPolygon<f64>,
    bounds: Option<Rect<f64>>,
}

impl District {
    pub fn new(code: String, name: String, shape: MultiPolygon<f64>) -> Self {
        let bounds = shape.bounding_rect();
        Self {
            code,
            name,
            shape,
            bounds,
        }
    }
    /// From storage: the shape's GeoJSON geometry.
    pub fn from_stored(code: String, name: String, geometry: &str) -> Result<Self, AppError> {
        let shape = features(geometry)
            .map_err(|e| AppError::internal(format!("district {code}: {e}")))?
            .into_iter()
            .map(|(_, s)| s)
            .next()
            .unwrap_or_else(|| MultiPolygon(Vec::<Polygon<f64>>::new()));
        Ok(Self::new(code, name, shape))
    }
    pub fn contains(&self, point: GeoPoint) -> bool {
        let p = Point::new(point.lon, point.lat);
        self.bounds.is_some_and(|b| b.intersects(&p)) && self.shape.intersects(&p)
    }
}

/// The municipality's districts, in their stored order.
#[derive(Debug, Clone, Default)]
pub struct Districts {
    pub list: Vec<District>,
}

impl Districts {
    /// The district a point lies in (the first, on a shared border), if any.
    pub fn of(&self, point: GeoPoint) -> Option<&District> {
        self.list.iter().find(|d| d.contains(point))
    }
    /// A district's name by code.
    pub fn name(&self, code: &str) -> Option<&str> {
        self.list
            .iter()
            .find(|d| d.code == code)
            .map(|d| d.name.as_str())
    }
}

/// How long the districts are kept in memory before they are read again (an import by the
/// command line reaches running servers within this time).
pub const DISTRICTS_MAX_AGE: std::time::Duration = std::time::Duration::from_secs(60);

/// The districts as last read, kept in `Ctx`.
#[derive(Default)]
pub struct DistrictCache {
    kept: std::sync::Mutex<Option<(std::time::Instant, Arc<Districts>)>>,
}

/// The municipality's districts, from memory when read within [`DISTRICTS_MAX_AGE`].
pub async fn districts(ctx: &crate::context::Ctx) -> Result<Arc<Districts>, AppError> {
    if let Ok(kept) = ctx.districts.kept.lock() {
        if let Some((at, d)) = kept.as_ref() {
            if at.elapsed() < DISTRICTS_MAX_AGE {
                return Ok(d.clone());
            }
        }
    }
    let read = Arc::new(Districts {
        list: ctx
            .store
            .districts()
            .await?
            .into_iter()
            .map(|d| District::from_stored(d.code, d.name, &d.geometry))
            .collect::<Result<_, _>>()?,
    });
    if let Ok(mut kept) = ctx.districts.kept.lock() {
        *kept = Some((std::time::Instant::now(), read.clone()));
    }
    Ok(read)
}

/// Forgets the districts in memory (after an import in this process).
pub fn forget(ctx: &crate::context::Ctx) {
    if let Ok(mut kept) = ctx.districts.kept.lock() {
        *kept = None;
    }
}

/// What an import did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Imported {
    pub districts: usize,
    /// Reports whose district was set anew.
    pub reports: u64,
}

/// Replaces the districts with these and places every report anew.
pub async fn import(
    ctx: &crate::context::Ctx,
    districts: &[NewDistrict],
) -> Result<Imported, AppError> {
    ctx.store.replace_districts(districts).await?;
    forget(ctx);
    let placed = self::districts(ctx).await?;
    let mut reports = 0;
    let mut after = 0;
    loop {
        let points = ctx.store.report_points(after, 5_000).await?;
        let Some(last) = points.last().map(|p| p.0) else {
            break;
        };
        let assigned: Vec<(i64, Option<String>)> = points
            .iter()
            .map(|(id, point)| (*id, placed.of(*point).map(|d| d.code.clone())))
            .collect();
        reports += ctx.store.set_report_districts(&assigned).await?;
        after = last;
    }
    Ok(Imported {
        districts: districts.len(),
        reports,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = include_str!("../../sample-data/districts-sint-truiden.geojson");

    #[test]
    fn the_sample_districts_cover_the_demo_area_without_overlap() {
        let read = parse_districts(SAMPLE, "code", "name").unwrap();
        assert_eq!(read.len(), 16);
        let districts = Districts {
            list: read
                .iter()
                .map(|d| District::new(d.code.clone(), d.name.clone(), d.shape.clone()))
                .collect(),
        };
        let at = |lat, lon| {
            districts
                .of(GeoPoint::new(lat, lon).unwrap())
                .map(|d| d.code.as_str())
        };
        assert_eq!(at(50.8166, 5.1866), Some("sint-truiden"));
        assert_eq!(at(50.8020, 5.2250), Some("brustem"));
        assert_eq!(at(50.7770, 5.1270), Some("velm"));
        assert_eq!(at(51.2, 4.4), None, "Antwerp lies outside");
        // Areas on the ellipsoid: the box is about 21 km by 20 km.
        let total: f64 = read.iter().map(NewDistrict::area_m2).sum();
        assert!((total / 1e6 - 420.0).abs() < 15.0, "{total}");
        // Written and read back, a shape places points as before.
        let again =
            District::from_stored("x".into(), "X".into(), &read[0].geometry_json()).unwrap();
        assert!(again.contains(GeoPoint::new(50.8166, 5.1866).unwrap()));
    }

    #[test]
    fn a_district_file_is_read_strictly() {
        let feature = |props: &str, coords: &str| {
            format!(
                r#"{{"type":"FeatureCollection","features":[{{"type":"Feature","properties":{props},"geometry":{{"type":"Polygon","coordinates":{coords}}}}}]}}"#
            )
        };
        let square = "[[[5.1,50.8],[5.2,50.8],[5.2,50.9],[5.1,50.8]]]";
        assert!(parse_districts(
            &feature(r#"{"code":"a1","name":"A"}"#, square),
            "code",
            "name"
        )
        .is_ok());
        for (text, why) in [
            ("nonsense".to_owned(), "not GeoJSON"),
            (feature(r#"{"name":"A"}"#, square), "no code"),
            (feature(r#"{"code":"A B","name":"A"}"#, square), "bad code"),
            (feature(r#"{"code":"a","name":""}"#, square), "no name"),
            (
                feature(r#"{"code":"ab","name":"A"}"#, "[[[5.1,50.8],[5.2,50.8]]]"),
                "too short",
            ),
            (
                feature(
                    r#"{"code":"ab","name":"A"}"#,
                    "[[[500,50.8],[5.2,50.8],[5.2,50.9],[500,50.8]]]",
                ),
                "off the earth",
            ),
            (
                r#"{"type":"Point","coordinates":[5.1,50.8]}"#.to_owned(),
                "no area",
            ),
        ] {
            assert!(parse_districts(&text, "code", "name").is_err(), "{why}");
        }
        let twice = format!(
            r#"{{"type":"FeatureCollection","features":[{0},{0}]}}"#,
            format!(
                r#"{{"type":"Feature","properties":{{"code":"ab","name":"A"}},"geometry":{{"type":"Polygon","coordinates":{square}}}}}"#
            )
        );
        assert!(
            parse_districts(&twice, "code", "name").is_err(),
            "a code twice"
        );
    }
}
