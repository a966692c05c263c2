-- The ContactCenter (issue 15): knowledge-base articles with every version kept, the topic
-- list, the contact register and hand-overs to departments.

CREATE TABLE article (
    article_id        INTEGER PRIMARY KEY,
    slug              TEXT NOT NULL CONSTRAINT article_slug_unique UNIQUE,
    -- The appointment type people book for this product, when it needs one.
    appointment_type  TEXT,
    active            INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    created_at        TEXT NOT NULL
);

-- Append-only: an edit adds a version; the newest of an article and language is current.
CREATE TABLE article_version (
    version_id  INTEGER PRIMARY KEY,
    article_id  INTEGER NOT NULL REFERENCES article (article_id),
    lang        TEXT NOT NULL,
    title       TEXT NOT NULL CHECK (title <> ''),
    summary     TEXT NOT NULL,
    body        TEXT NOT NULL,
    synonyms    TEXT NOT NULL DEFAULT '',
    edited_by   INTEGER REFERENCES app_user (user_id),
    edited_at   TEXT NOT NULL
);
CREATE INDEX article_version_current_idx ON article_version (article_id, lang, version_id);
CREATE TRIGGER article_version_append_only_update BEFORE UPDATE ON article_version
BEGIN SELECT RAISE(ABORT, 'article_version is append-only'); END;
CREATE TRIGGER article_version_append_only_delete BEFORE DELETE ON article_version
BEGIN SELECT RAISE(ABORT, 'article_version is append-only'); END;

-- Two levels: a topic with a group (Afspraak › Burgerzaken) or a group of its own (Melding).
CREATE TABLE contact_topic (
    topic_id    INTEGER PRIMARY KEY,
    code        TEXT NOT NULL CONSTRAINT contact_topic_code_unique UNIQUE,
    group_code  TEXT,
    sort_order  INTEGER NOT NULL DEFAULT 0,
    active      INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1))
);

CREATE TABLE contact_topic_name (
    topic_id  INTEGER NOT NULL REFERENCES contact_topic (topic_id),
    lang      TEXT NOT NULL,
    name      TEXT NOT NULL CHECK (name <> ''),
    PRIMARY KEY (topic_id, lang)
) WITHOUT ROWID;

-- One contact with the ContactCenter. The caller's name, phone and e-mail are personal data,
-- erased after the retention period (erased_at); topic, channel, times and outcome stay for
-- the figures. phone_digits is the phone number's digits, for finding a caller again.
CREATE TABLE contact (
    contact_id        INTEGER PRIMARY KEY,
    topic_id          INTEGER NOT NULL REFERENCES contact_topic (topic_id),
    channel           TEXT NOT NULL,
    outcome           TEXT NOT NULL,
    summary           TEXT NOT NULL DEFAULT '',
    caller_name       TEXT,
    caller_phone      TEXT,
    phone_digits      TEXT,
    caller_email      TEXT,
    started_at        TEXT NOT NULL,
    duration_seconds  INTEGER NOT NULL CHECK (duration_seconds >= 0),
    created_by        INTEGER REFERENCES app_user (user_id),
    report_ref        TEXT,
    complaint_ref     TEXT,
    appointment_ref   TEXT,
    article_slug      TEXT,
    erased_at         TEXT
);
CREATE INDEX contact_started_idx ON contact (started_at);
CREATE INDEX contact_phone_idx ON contact (phone_digits);
CREATE INDEX contact_email_idx ON contact (caller_email);

-- A caller's question handed to a department, to be answered (called back) by a due time.
CREATE TABLE handover (
    handover_id    INTEGER PRIMARY KEY,
    contact_id     INTEGER NOT NULL CONSTRAINT handover_contact_unique UNIQUE REFERENCES contact (contact_id),
    department_id  INTEGER NOT NULL REFERENCES department (department_id),
    due_at         TEXT NOT NULL,
    answer         TEXT,
    answered_by    INTEGER REFERENCES app_user (user_id),
    answered_at    TEXT,
    created_at     TEXT NOT NULL
);
CREATE INDEX handover_open_idx ON handover (department_id, due_at) WHERE answered_at IS NULL;

-- Finding a booker again by phone.
ALTER TABLE appointment ADD COLUMN phone_digits TEXT;
CREATE INDEX appointment_phone_idx ON appointment (phone_digits);
CREATE INDEX appointment_email_idx ON appointment (email);
