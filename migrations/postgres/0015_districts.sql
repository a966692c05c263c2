-- Districts and routing rules (see the SQLite migration 0021_districts for the why).
CREATE TABLE district (
    district_id  bigserial PRIMARY KEY,
    code         text NOT NULL UNIQUE,
    name         text NOT NULL,
    geometry     text NOT NULL,
    area_m2      double precision NOT NULL,
    sort_order   integer NOT NULL,
    imported_at  timestamptz NOT NULL
);
ALTER TABLE report ADD COLUMN district_id bigint REFERENCES district (district_id);
CREATE INDEX report_district_idx ON report (district_id);

CREATE TABLE routing_rule (
    category_id    bigint NOT NULL REFERENCES category (category_id),
    district_id    bigint NOT NULL REFERENCES district (district_id),
    department_id  bigint NOT NULL REFERENCES department (department_id),
    team_id        bigint REFERENCES team (team_id),
    PRIMARY KEY (category_id, district_id)
);
