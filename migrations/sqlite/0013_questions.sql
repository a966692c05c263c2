-- Category questions ("which container?") and the answers a report was made with; API keys
-- for partners and apps (Open311), and reports that came in through them.
-- A question's definition (labels in every language, kind, flags, choices) is one JSON
-- document written and read by the program; `position` orders a category's questions.
CREATE TABLE category_question (
    category_id  INTEGER NOT NULL REFERENCES category (category_id),
    code         TEXT NOT NULL,
    position     INTEGER NOT NULL,
    definition   TEXT NOT NULL,
    PRIMARY KEY (category_id, code)
);


-- Partners' and apps' keys: only a SHA-256 hash of the key is kept (keys are 256 random bits).
CREATE TABLE api_key (
    api_key_id    INTEGER PRIMARY KEY,
    name          TEXT NOT NULL CONSTRAINT api_key_name_unique UNIQUE,
    key_hash      TEXT NOT NULL CONSTRAINT api_key_hash_unique UNIQUE,
    created_at    TEXT NOT NULL,
    revoked_at    TEXT,
    last_used_at  TEXT
);

-- The report table with the `api` channel, its answers and the API key it came with (SQLite
-- cannot change a CHECK in place: the documented rebuild, as in 0006).
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
    channel              TEXT NOT NULL CHECK (channel IN ('web', 'phone', 'email', 'counter', 'field', 'api')),
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
    conflict_at          TEXT,
    -- The checked answers to the category's questions, a JSON list of {question, values}.
    answers              TEXT,
    -- The API key's name a report came in with (Open311).
    api_client           TEXT
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
