-- Categories, reports with their append-only status history, photos, idempotency keys,
-- staff users and sessions. Timestamps are RFC 3339 UTC text; coordinates WGS84 degrees.

CREATE TABLE category (
    category_id  INTEGER PRIMARY KEY,
    code         TEXT NOT NULL CONSTRAINT category_code_unique UNIQUE,
    name_nl      TEXT NOT NULL,
    name_fr      TEXT NOT NULL,
    name_en      TEXT NOT NULL,
    department   TEXT NOT NULL,
    target_days  INTEGER NOT NULL CHECK (target_days > 0),
    icon         TEXT NOT NULL,
    sort_order   INTEGER NOT NULL,
    active       INTEGER NOT NULL DEFAULT 1
);

INSERT INTO category (code, name_nl, name_fr, name_en, department, target_days, icon, sort_order) VALUES
 ('waste_not_collected', 'Afval niet opgehaald', 'Déchets non collectés', 'Waste not collected', 'Netheid', 2, '🗑️', 1),
 ('illegal_dumping', 'Sluikstort', 'Dépôt clandestin', 'Illegal dumping', 'Netheid', 5, '🚯', 2),
 ('street_lighting', 'Straatverlichting defect', 'Éclairage public en panne', 'Street light defect', 'Openbare verlichting', 10, '💡', 3),
 ('road_damage', 'Wegdek beschadigd / put', 'Route endommagée / nid-de-poule', 'Road damage / pothole', 'Wegen', 14, '🕳️', 4),
 ('sidewalk', 'Voetpad', 'Trottoir', 'Sidewalk', 'Wegen', 21, '🚶', 5),
 ('traffic_sign', 'Verkeersbord', 'Panneau de signalisation', 'Traffic sign', 'Wegen', 10, '🚸', 6),
 ('public_green', 'Openbaar groen', 'Espaces verts', 'Public green', 'Groendienst', 14, '🌳', 7),
 ('graffiti', 'Graffiti', 'Graffiti', 'Graffiti', 'Netheid', 10, '🎨', 8),
 ('sewer_flooding', 'Riolering / wateroverlast', 'Égouts / inondation', 'Sewer / flooding', 'Wegen', 3, '🌊', 9),
 ('noise', 'Geluidsoverlast', 'Nuisances sonores', 'Noise', 'Milieu', 14, '🔊', 10),
 ('other', 'Iets anders', 'Autre', 'Other', 'Onthaal', 14, '❓', 11);

CREATE TABLE report (
    report_id            INTEGER PRIMARY KEY,
    ref                  TEXT NOT NULL CONSTRAINT report_ref_unique UNIQUE,
    tracking_token_hash  TEXT NOT NULL CONSTRAINT report_token_unique UNIQUE,
    category_id          INTEGER NOT NULL REFERENCES category (category_id),
    lat                  REAL NOT NULL CHECK (lat BETWEEN -90 AND 90),
    lon                  REAL NOT NULL CHECK (lon BETWEEN -180 AND 180),
    address              TEXT,
    description          TEXT NOT NULL,
    channel              TEXT NOT NULL CHECK (channel IN ('web', 'phone', 'email', 'counter')),
    status               TEXT NOT NULL CHECK (status IN ('new', 'accepted', 'in_progress', 'done', 'rejected', 'duplicate')),
    hidden               INTEGER NOT NULL DEFAULT 0,
    created_at           TEXT NOT NULL,
    updated_at           TEXT NOT NULL,
    -- Private contact data: never public, never in a crew's view.
    contact_name         TEXT,
    contact_email        TEXT,
    contact_phone        TEXT,
    contact_consent      INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX report_created_idx ON report (created_at);

-- Spatial index over report points (bbox and nearby lookups).
CREATE VIRTUAL TABLE report_rtree USING rtree (report_id, min_lon, max_lon, min_lat, max_lat);

-- Per-year counter behind the public reference M-<year>-<seq>.
CREATE TABLE ref_counter (
    year  INTEGER PRIMARY KEY,
    last  INTEGER NOT NULL
);

-- Append-only: rows are inserted, never updated or deleted (triggers below).
CREATE TABLE status_history (
    status_history_id  INTEGER PRIMARY KEY,
    report_id          INTEGER NOT NULL REFERENCES report (report_id),
    status             TEXT NOT NULL,
    note               TEXT,
    actor_user_id      INTEGER REFERENCES app_user (user_id),
    at                 TEXT NOT NULL
);
CREATE INDEX status_history_report_idx ON status_history (report_id, status_history_id);
CREATE TRIGGER status_history_no_update BEFORE UPDATE ON status_history
BEGIN SELECT RAISE(ABORT, 'status_history is append-only'); END;
CREATE TRIGGER status_history_no_delete BEFORE DELETE ON status_history
BEGIN SELECT RAISE(ABORT, 'status_history is append-only'); END;

CREATE TABLE photo (
    photo_id       INTEGER PRIMARY KEY,
    report_id      INTEGER NOT NULL REFERENCES report (report_id),
    kind           TEXT NOT NULL CHECK (kind IN ('before', 'after')),
    width          INTEGER NOT NULL,
    height         INTEGER NOT NULL,
    bytes          INTEGER NOT NULL,
    sha256         TEXT NOT NULL,
    storage_key    TEXT NOT NULL,
    thumbnail_key  TEXT NOT NULL,
    created_at     TEXT NOT NULL
);
CREATE INDEX photo_report_idx ON photo (report_id);

-- Idempotency keys of report submissions. The tracking token is kept so a replay can answer
-- exactly as the first time; rows are purged after a day.
CREATE TABLE idempotency_key (
    idem_key        TEXT PRIMARY KEY,
    request_hash    TEXT NOT NULL,
    -- NULL only inside the transaction that claims the key and creates the report.
    report_id       INTEGER REFERENCES report (report_id),
    tracking_token  TEXT NOT NULL,
    created_at      TEXT NOT NULL
);

CREATE TABLE app_user (
    user_id        INTEGER PRIMARY KEY,
    email          TEXT NOT NULL CONSTRAINT app_user_email_unique UNIQUE,
    display_name   TEXT NOT NULL,
    role           TEXT NOT NULL,
    password_hash  TEXT NOT NULL,
    active         INTEGER NOT NULL DEFAULT 1,
    created_at     TEXT NOT NULL
);

CREATE TABLE session (
    token_hash  TEXT PRIMARY KEY,
    user_id     INTEGER NOT NULL REFERENCES app_user (user_id),
    created_at  TEXT NOT NULL,
    expires_at  TEXT NOT NULL
);
