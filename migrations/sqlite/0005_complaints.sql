-- The complaints register (klachtenmanagement): complaints about the administration itself,
-- their append-only handling history, attachments, the ombuds norms of a verdict and the
-- improvement actions reported to the council. Dates a deadline counts from are calendar
-- days (`YYYY-MM-DD`, Brussels); moments are RFC 3339 UTC like elsewhere.

CREATE TABLE complaint (
    complaint_id         INTEGER PRIMARY KEY,
    ref                  TEXT NOT NULL CONSTRAINT complaint_ref_unique UNIQUE,
    channel              TEXT NOT NULL CONSTRAINT complaint_channel CHECK (channel IN ('web', 'phone', 'letter', 'email', 'counter')),
    status               TEXT NOT NULL CONSTRAINT complaint_status CHECK (status IN ('received', 'acknowledged', 'inadmissible', 'investigating', 'decided', 'answered', 'closed')),
    -- The deadlines (acknowledgement +10 days, answer +45 days) count from this day, not
    -- from the day it was typed in.
    received_on          TEXT NOT NULL,
    created_at           TEXT NOT NULL,
    updated_at           TEXT NOT NULL,
    acknowledged_on      TEXT,
    answered_on          TEXT,
    closed_on            TEXT,
    -- The department complained about; it never decides on the complaint.
    department_id        INTEGER REFERENCES department (department_id),
    employee             TEXT,
    happened_on          TEXT,
    description          TEXT NOT NULL,
    expectation          TEXT,
    report_id            INTEGER REFERENCES report (report_id),
    converted_report_id  INTEGER REFERENCES report (report_id),
    contact_name         TEXT,
    contact_email        TEXT,
    contact_phone        TEXT,
    contact_address      TEXT,
    lang                 TEXT NOT NULL DEFAULT 'nl',
    inadmissible_reason  TEXT CONSTRAINT complaint_reason CHECK (inadmissible_reason IN ('anonymous', 'manifestly_unfounded', 'general_policy', 'too_old', 'already_handled', 'court_case', 'not_a_complaint')),
    verdict              TEXT CONSTRAINT complaint_verdict CHECK (verdict IN ('well_founded', 'partly_well_founded', 'unfounded', 'resolved')),
    answer               TEXT,
    version              INTEGER NOT NULL DEFAULT 1,
    created_by           INTEGER REFERENCES app_user (user_id),
    -- A citizen's form carries a one-time key: a double submit answers the first complaint.
    idem_key             TEXT CONSTRAINT complaint_idem_unique UNIQUE,
    request_hash         TEXT,
    anonymised_at        TEXT
);
CREATE INDEX complaint_received_idx ON complaint (received_on);
CREATE INDEX complaint_open_idx ON complaint (status) WHERE status <> 'closed';

-- The norms of proper administration a verdict names.
CREATE TABLE complaint_norm (
    complaint_id  INTEGER NOT NULL REFERENCES complaint (complaint_id),
    norm          TEXT NOT NULL,
    PRIMARY KEY (complaint_id, norm)
);

-- Every step, dated. Append-only: the only change allowed is erasing a note when the
-- complaint's personal data is anonymised.
CREATE TABLE complaint_event (
    event_id       INTEGER PRIMARY KEY,
    complaint_id   INTEGER NOT NULL REFERENCES complaint (complaint_id),
    kind           TEXT NOT NULL,
    status         TEXT NOT NULL,
    at             TEXT NOT NULL,
    actor_user_id  INTEGER REFERENCES app_user (user_id),
    department_id  INTEGER REFERENCES department (department_id),
    note           TEXT
);
CREATE INDEX complaint_event_complaint_idx ON complaint_event (complaint_id, event_id);
CREATE TRIGGER complaint_event_append_only BEFORE UPDATE ON complaint_event
WHEN NEW.note IS NOT NULL
  OR NEW.kind IS NOT OLD.kind OR NEW.status IS NOT OLD.status OR NEW.at IS NOT OLD.at
  OR NEW.actor_user_id IS NOT OLD.actor_user_id OR NEW.department_id IS NOT OLD.department_id
  OR NEW.complaint_id IS NOT OLD.complaint_id OR NEW.event_id IS NOT OLD.event_id
BEGIN SELECT RAISE(ABORT, 'complaint_event is append-only'); END;
CREATE TRIGGER complaint_event_no_delete BEFORE DELETE ON complaint_event
BEGIN SELECT RAISE(ABORT, 'complaint_event is append-only'); END;

-- Attachments: re-encoded photos or checked PDFs, in the private file store (never served
-- as static files).
CREATE TABLE complaint_file (
    file_id        INTEGER PRIMARY KEY,
    complaint_id   INTEGER NOT NULL REFERENCES complaint (complaint_id),
    kind           TEXT NOT NULL CONSTRAINT complaint_file_kind CHECK (kind IN ('photo', 'pdf')),
    name           TEXT NOT NULL,
    content_type   TEXT NOT NULL,
    bytes          INTEGER NOT NULL,
    sha256         TEXT NOT NULL,
    storage_key    TEXT NOT NULL,
    thumbnail_key  TEXT,
    created_at     TEXT NOT NULL
);
CREATE INDEX complaint_file_complaint_idx ON complaint_file (complaint_id);

-- What the administration changed because of a complaint.
CREATE TABLE complaint_improvement (
    improvement_id  INTEGER PRIMARY KEY,
    complaint_id    INTEGER NOT NULL REFERENCES complaint (complaint_id),
    text            TEXT NOT NULL,
    created_at      TEXT NOT NULL,
    user_id         INTEGER REFERENCES app_user (user_id)
);
