-- Back office: departments, teams, external partners, routing and assignment of reports,
-- followers, the notification outbox, login throttling and the address register.
-- Rebuilding the report table needs foreign keys off (SQLite's documented table-rebuild
-- procedure): the store runs migrations on a connection without them and runs
-- `PRAGMA foreign_key_check` afterwards.

CREATE TABLE department (
    department_id  INTEGER PRIMARY KEY,
    code           TEXT NOT NULL CONSTRAINT department_code_unique UNIQUE,
    name_nl        TEXT NOT NULL,
    name_fr        TEXT NOT NULL,
    name_en        TEXT NOT NULL,
    active         INTEGER NOT NULL DEFAULT 1
);
INSERT INTO department (code, name_nl, name_fr, name_en) VALUES
 ('netheid', 'Netheid', 'Propreté', 'Cleansing'),
 ('verlichting', 'Openbare verlichting', 'Éclairage public', 'Street lighting'),
 ('wegen', 'Wegen', 'Voirie', 'Roads'),
 ('groen', 'Groendienst', 'Espaces verts', 'Parks and green'),
 ('milieu', 'Milieu', 'Environnement', 'Environment'),
 ('onthaal', 'Onthaal', 'Accueil', 'Front desk');

-- Categories point at a department instead of naming one.
ALTER TABLE category ADD COLUMN department_id INTEGER REFERENCES department (department_id);
UPDATE category SET department_id = (SELECT department_id FROM department d WHERE d.name_nl = category.department);
UPDATE category SET department_id = (SELECT department_id FROM department WHERE code = 'onthaal')
 WHERE department_id IS NULL;
ALTER TABLE category DROP COLUMN department;

-- Users work for one or more departments.
CREATE TABLE user_department (
    user_id        INTEGER NOT NULL REFERENCES app_user (user_id),
    department_id  INTEGER NOT NULL REFERENCES department (department_id),
    PRIMARY KEY (user_id, department_id)
);

-- Field crews: a team belongs to a department; crew members belong to teams.
CREATE TABLE team (
    team_id        INTEGER PRIMARY KEY,
    name           TEXT NOT NULL CONSTRAINT team_name_unique UNIQUE,
    department_id  INTEGER NOT NULL REFERENCES department (department_id)
);
CREATE TABLE team_member (
    team_id  INTEGER NOT NULL REFERENCES team (team_id),
    user_id  INTEGER NOT NULL REFERENCES app_user (user_id),
    PRIMARY KEY (team_id, user_id)
);

-- External partners that get reports forwarded by e-mail.
CREATE TABLE partner (
    partner_id  INTEGER PRIMARY KEY,
    name        TEXT NOT NULL CONSTRAINT partner_name_unique UNIQUE,
    email       TEXT NOT NULL,
    active      INTEGER NOT NULL DEFAULT 1
);

-- The report table is rebuilt: new statuses and channel in its CHECKs, routing, assignment,
-- deadline, duplicate link, partner fields, a version for optimistic concurrency and the
-- reporter's language for notifications.
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
    lang                 TEXT NOT NULL DEFAULT 'nl' CHECK (lang IN ('nl', 'fr', 'en')),
    created_by           INTEGER REFERENCES app_user (user_id),
    -- Private contact data: never public, never in a crew's view.
    contact_name         TEXT,
    contact_email        TEXT,
    contact_phone        TEXT,
    contact_consent      INTEGER NOT NULL DEFAULT 0
);
INSERT INTO report_new (report_id, ref, tracking_token_hash, category_id, department_id, lat, lon, address,
                        description, channel, status, hidden, created_at, updated_at, due_at,
                        contact_name, contact_email, contact_phone, contact_consent)
SELECT r.report_id, r.ref, r.tracking_token_hash, r.category_id, c.department_id, r.lat, r.lon, r.address,
       r.description, r.channel, r.status, r.hidden, r.created_at, r.updated_at,
       strftime('%Y-%m-%dT%H:%M:%fZ', r.created_at, '+' || c.target_days || ' days'),
       r.contact_name, r.contact_email, r.contact_phone, r.contact_consent
FROM report r JOIN category c ON c.category_id = r.category_id;
DROP TABLE report;
ALTER TABLE report_new RENAME TO report;
CREATE INDEX report_created_idx ON report (created_at);
CREATE INDEX report_department_status_idx ON report (department_id, status);
CREATE INDEX report_team_idx ON report (team_id) WHERE team_id IS NOT NULL;
CREATE INDEX report_contact_email_idx ON report (contact_email) WHERE contact_email IS NOT NULL;
CREATE INDEX report_contact_phone_idx ON report (contact_phone) WHERE contact_phone IS NOT NULL;

-- History entries now say what kind of event they record and may carry a staff-only note.
ALTER TABLE status_history ADD COLUMN kind TEXT NOT NULL DEFAULT 'status';
ALTER TABLE status_history ADD COLUMN internal_note TEXT;

-- People who want updates about a report besides its reporter (callers added by an agent,
-- reporters of merged duplicates).
CREATE TABLE follower (
    follower_id  INTEGER PRIMARY KEY,
    report_id    INTEGER NOT NULL REFERENCES report (report_id),
    name         TEXT,
    email        TEXT,
    phone        TEXT,
    lang         TEXT NOT NULL DEFAULT 'nl',
    created_at   TEXT NOT NULL
);
CREATE INDEX follower_report_idx ON follower (report_id);
CREATE INDEX follower_email_idx ON follower (email) WHERE email IS NOT NULL;

-- Outgoing e-mail, written in the same transaction as the change it tells about and sent by a
-- background worker with retries.
CREATE TABLE outbox (
    outbox_id        INTEGER PRIMARY KEY,
    to_addr          TEXT NOT NULL,
    subject          TEXT NOT NULL,
    body             TEXT NOT NULL,
    report_id        INTEGER REFERENCES report (report_id),
    created_at       TEXT NOT NULL,
    attempts         INTEGER NOT NULL DEFAULT 0,
    next_attempt_at  TEXT NOT NULL,
    sent_at          TEXT,
    last_error       TEXT
);
CREATE INDEX outbox_due_idx ON outbox (next_attempt_at) WHERE sent_at IS NULL;

-- Failed logins per account, for throttling whatever address the attempts come from.
CREATE TABLE login_throttle (
    email          TEXT PRIMARY KEY,
    failures       INTEGER NOT NULL,
    window_start   TEXT NOT NULL,
    locked_until   TEXT
);

-- The address register (Flanders' open address data or a sample), with a trigram index for
-- prefix and typo-tolerant search.
CREATE TABLE address (
    address_id    INTEGER PRIMARY KEY,
    street        TEXT NOT NULL,
    house_number  TEXT NOT NULL,
    postcode      TEXT NOT NULL,
    municipality  TEXT NOT NULL,
    lat           REAL NOT NULL CHECK (lat BETWEEN -90 AND 90),
    lon           REAL NOT NULL CHECK (lon BETWEEN -180 AND 180),
    CONSTRAINT address_unique UNIQUE (street, house_number, postcode)
);
CREATE TABLE street (
    street_id     INTEGER PRIMARY KEY,
    name          TEXT NOT NULL,
    postcode      TEXT NOT NULL,
    municipality  TEXT NOT NULL,
    lat           REAL NOT NULL,
    lon           REAL NOT NULL,
    addresses     INTEGER NOT NULL,
    CONSTRAINT street_unique UNIQUE (name, postcode)
);
CREATE VIRTUAL TABLE street_fts USING fts5 (name, municipality, content = 'street', content_rowid = 'street_id', tokenize = 'trigram remove_diacritics 1');

