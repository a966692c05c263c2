-- Districts (deelgemeenten): named areas imported as GeoJSON (the shape is kept as its
-- GeoJSON geometry and placed by the program, the same on both databases). Every report
-- records the district its point lies in. A routing rule sends a category's reports in a
-- district to another department than the category's, or straight to a team.
CREATE TABLE district (
    district_id  INTEGER PRIMARY KEY,
    code         TEXT NOT NULL UNIQUE,
    name         TEXT NOT NULL,
    geometry     TEXT NOT NULL,
    area_m2      REAL NOT NULL,
    sort_order   INTEGER NOT NULL,
    imported_at  TEXT NOT NULL
);
ALTER TABLE report ADD COLUMN district_id INTEGER REFERENCES district (district_id);
CREATE INDEX report_district_idx ON report (district_id);

CREATE TABLE routing_rule (
    category_id    INTEGER NOT NULL REFERENCES category (category_id),
    district_id    INTEGER NOT NULL REFERENCES district (district_id),
    department_id  INTEGER NOT NULL REFERENCES department (department_id),
    team_id        INTEGER REFERENCES team (team_id),
    PRIMARY KEY (category_id, district_id)
);
