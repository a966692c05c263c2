-- Languages are data, not schema: the names of categories and departments move to child tables
-- (one row per language), and a report's language is no longer checked against a fixed list
-- (the program checks it when it reads it). Adding a language then needs no migration.

CREATE TABLE category_name (
    category_id  INTEGER NOT NULL REFERENCES category (category_id),
    lang         TEXT NOT NULL,
    name         TEXT NOT NULL CHECK (name <> ''),
    PRIMARY KEY (category_id, lang)
) WITHOUT ROWID;
INSERT INTO category_name (category_id, lang, name)
          SELECT category_id, 'nl', name_nl FROM category
UNION ALL SELECT category_id, 'fr', name_fr FROM category
UNION ALL SELECT category_id, 'en', name_en FROM category;
ALTER TABLE category DROP COLUMN name_nl;
ALTER TABLE category DROP COLUMN name_fr;
ALTER TABLE category DROP COLUMN name_en;

CREATE TABLE department_name (
    department_id  INTEGER NOT NULL REFERENCES department (department_id),
    lang           TEXT NOT NULL,
    name           TEXT NOT NULL CHECK (name <> ''),
    PRIMARY KEY (department_id, lang)
) WITHOUT ROWID;
INSERT INTO department_name (department_id, lang, name)
          SELECT department_id, 'nl', name_nl FROM department
UNION ALL SELECT department_id, 'fr', name_fr FROM department
UNION ALL SELECT department_id, 'en', name_en FROM department;
ALTER TABLE department DROP COLUMN name_nl;
ALTER TABLE department DROP COLUMN name_fr;
ALTER TABLE department DROP COLUMN name_en;

-- The report table without the language list (SQLite cannot drop a CHECK in place: the
-- documented rebuild, as in 0002; the store migrates with foreign keys off and checks them after).
CREATE TABLE report_new (
    report_id            INTEGER PRIMARY KEY,
    ref                  TEXT NOT NULL CONSTRAINT report_ref_unique UNIQUE,
    tracking_token_hash  TEXT NOT NULL CONSTRAINT report_token_unique UNIQUE,
    category_id          INTEGER NOT NULL REFERENCES category (category_id),
    department_id        INTEGER NOT NULL REFERENCES department (department_id),
    lat                  REAL NOT NULL CHECK (lat BETWEEN -90 AND 90),
    lon                  REAL NOT NULL CHECK (lon BETWEEN -180 AND 180),
    address              TEXT,
    description          TEXT NOT NULL,
    channel              TEXT NOT NULL CHECK (channel IN ('web', 'phone', 'email', 'counter', 'field')),
    status               TEXT NOT NULL CHECK (status IN ('new', 'accepted', 'assigned', 'in_progress', 'done', 'rejected', 'duplicate', 'forwarded')),
    hidden               INTEGER NOT NULL DEFAULT 0,
    created_at           TEXT NOT NULL,
    updated_at           TEXT NOT NULL,
    due_at               TEXT NOT NULL,
    version              INTEGER NOT NULL DEFAULT 1,
    team_id              INTEGER REFERENCES team (team_id),
    priority             INTEGER NOT NULL DEFAULT 2 CHECK (priority BETWEEN 1 AND 3),
    duplicate_of         INTEGER REFERENCES report_new (report_id),
    partner_id           INTEGER REFERENCES partner (partner_id),
    partner_ref          TEXT,
    partner_status       TEXT,
    lang                 TEXT NOT NULL DEFAULT 'nl',
    created_by           INTEGER REFERENCES app_user (user_id),
    -- Private contact data: never public, never in a crew's view.
    contact_name         TEXT,
    contact_email        TEXT,
    contact_phone        TEXT,
    contact_consent      INTEGER NOT NULL DEFAULT 0,
    conflict_at          TEXT
);
INSERT INTO report_new (report_id, ref, tracking_token_hash, category_id, department_id, lat, lon, address,
                        description, channel, status, hidden, created_at, updated_at, due_at, version, team_id,
                        priority, duplicate_of, partner_id, partner_ref, partner_status, lang, created_by,
                        contact_name, contact_email, contact_phone, contact_consent, conflict_at)
SELECT report_id, ref, tracking_token_hash, category_id, department_id, lat, lon, address,
       description, channel, status, hidden, created_at, updated_at, due_at, version, team_id,
       priority, duplicate_of, partner_id, partner_ref, partner_status, lang, created_by,
       contact_name, contact_email, contact_phone, contact_consent, conflict_at
FROM report;
DROP TABLE report;
ALTER TABLE report_new RENAME TO report;
CREATE INDEX report_created_idx ON report (created_at);
CREATE INDEX report_updated_idx ON report (updated_at);
CREATE INDEX report_department_status_idx ON report (department_id, status);
CREATE INDEX report_team_idx ON report (team_id) WHERE team_id IS NOT NULL;
CREATE INDEX report_contact_email_idx ON report (contact_email) WHERE contact_email IS NOT NULL;
CREATE INDEX report_contact_phone_idx ON report (contact_phone) WHERE contact_phone IS NOT NULL;
