-- Appointments at city services (issue 15). Slots are computed from a service's weekly
-- openings, closing days and horizon; only bookings are stored.

CREATE TABLE service (
    service_id    INTEGER PRIMARY KEY,
    code          TEXT NOT NULL CONSTRAINT service_code_unique UNIQUE,
    horizon_days  INTEGER NOT NULL CHECK (horizon_days BETWEEN 0 AND 366),
    active        INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1))
);

CREATE TABLE service_name (
    service_id  INTEGER NOT NULL REFERENCES service (service_id),
    lang        TEXT NOT NULL,
    name        TEXT NOT NULL CHECK (name <> ''),
    PRIMARY KEY (service_id, lang)
) WITHOUT ROWID;

-- Weekly opening periods, Brussels wall-clock time; weekday 1 = Monday … 7 = Sunday.
CREATE TABLE service_opening (
    service_id  INTEGER NOT NULL REFERENCES service (service_id),
    weekday     INTEGER NOT NULL CHECK (weekday BETWEEN 1 AND 7),
    opens       TEXT NOT NULL,
    closes      TEXT NOT NULL CHECK (closes > opens),
    PRIMARY KEY (service_id, weekday, opens)
) WITHOUT ROWID;

-- The city's own closing days of a service, besides Belgium's public holidays.
CREATE TABLE service_closing (
    service_id  INTEGER NOT NULL REFERENCES service (service_id),
    day         TEXT NOT NULL,
    label       TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (service_id, day)
) WITHOUT ROWID;

CREATE TABLE appointment_type (
    type_id     INTEGER PRIMARY KEY,
    code        TEXT NOT NULL CONSTRAINT appointment_type_code_unique UNIQUE,
    service_id  INTEGER NOT NULL REFERENCES service (service_id),
    minutes     INTEGER NOT NULL CHECK (minutes BETWEEN 5 AND 480),
    places      INTEGER NOT NULL CHECK (places BETWEEN 1 AND 50),
    active      INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1))
);

CREATE TABLE appointment_type_name (
    type_id  INTEGER NOT NULL REFERENCES appointment_type (type_id),
    lang     TEXT NOT NULL,
    name     TEXT NOT NULL CHECK (name <> ''),
    PRIMARY KEY (type_id, lang)
) WITHOUT ROWID;

-- One booking: one place of one slot. name/email/phone are personal data, erased after the
-- retention period (erased_at), keeping the rest for the figures.
CREATE TABLE appointment (
    appointment_id     INTEGER PRIMARY KEY,
    ref                TEXT NOT NULL CONSTRAINT appointment_ref_unique UNIQUE,
    type_id            INTEGER NOT NULL REFERENCES appointment_type (type_id),
    starts_at          TEXT NOT NULL,
    ends_at            TEXT NOT NULL,
    status             TEXT NOT NULL CHECK (status IN ('booked', 'arrived', 'no_show', 'cancelled', 'moved')),
    channel            TEXT NOT NULL,
    name               TEXT,
    email              TEXT,
    phone              TEXT,
    lang               TEXT NOT NULL,
    manage_token_hash  TEXT NOT NULL CONSTRAINT appointment_token_unique UNIQUE,
    idem_key_hash      TEXT CONSTRAINT appointment_idem_unique UNIQUE,
    request_hash       TEXT,
    sealed_token       TEXT,
    created_by         INTEGER REFERENCES app_user (user_id),
    created_at         TEXT NOT NULL,
    updated_at         TEXT NOT NULL,
    reminded_at        TEXT,
    erased_at          TEXT
);
CREATE INDEX appointment_slot_idx ON appointment (type_id, starts_at);
CREATE INDEX appointment_start_idx ON appointment (starts_at);

-- An iCalendar file sent with a mail (an appointment's confirmation).
ALTER TABLE outbox ADD COLUMN calendar TEXT;
