-- Partners' systems and apps linked over HTTP: a partner reached through Open311 (its
-- endpoint, our key there, its service code per category), the partner's own id or token for
-- a forwarded report, subscriptions to status changes (webhooks), and the deliveries to
-- both, queued in the transaction of the change they carry and sent by a worker with retries.

ALTER TABLE partner ADD COLUMN open311_endpoint TEXT;
ALTER TABLE partner ADD COLUMN open311_key TEXT;
ALTER TABLE partner ADD COLUMN open311_jurisdiction TEXT;
-- Health, for the admin page: failed attempts in a row, the last error, the last success.
ALTER TABLE partner ADD COLUMN failures INTEGER NOT NULL DEFAULT 0;
ALTER TABLE partner ADD COLUMN last_error TEXT;
ALTER TABLE partner ADD COLUMN last_ok_at TEXT;

CREATE TABLE partner_service (
    partner_id    INTEGER NOT NULL REFERENCES partner (partner_id),
    category_id   INTEGER NOT NULL REFERENCES category (category_id),
    service_code  TEXT NOT NULL,
    PRIMARY KEY (partner_id, category_id)
);

-- The partner's token while its id is not known yet, and when the partner was last asked.
ALTER TABLE report ADD COLUMN partner_token TEXT;
ALTER TABLE report ADD COLUMN partner_polled_at TEXT;

-- The secret signs every event (Standard Webhooks); it is shown once and kept to sign.
CREATE TABLE webhook (
    webhook_id  INTEGER PRIMARY KEY,
    name        TEXT NOT NULL CONSTRAINT webhook_name_unique UNIQUE,
    url         TEXT NOT NULL,
    secret      TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    revoked_at  TEXT,
    failures    INTEGER NOT NULL DEFAULT 0,
    last_error  TEXT,
    last_ok_at  TEXT
);

-- One row per forward or per event and subscriber; an event id reaches a subscriber once.
CREATE TABLE delivery (
    delivery_id      INTEGER PRIMARY KEY,
    kind             TEXT NOT NULL CHECK (kind IN ('forward', 'webhook')),
    report_id        INTEGER NOT NULL REFERENCES report (report_id),
    partner_id       INTEGER REFERENCES partner (partner_id),
    webhook_id       INTEGER REFERENCES webhook (webhook_id),
    event_id         TEXT,
    payload          TEXT,
    created_at       TEXT NOT NULL,
    attempts         INTEGER NOT NULL DEFAULT 0,
    next_attempt_at  TEXT NOT NULL,
    done_at          TEXT,
    last_error       TEXT,
    CONSTRAINT delivery_event_once UNIQUE (webhook_id, event_id),
    CHECK ((kind = 'forward') = (partner_id IS NOT NULL)),
    CHECK ((kind = 'webhook') = (webhook_id IS NOT NULL AND event_id IS NOT NULL AND payload IS NOT NULL))
);
CREATE INDEX delivery_due_idx ON delivery (next_attempt_at) WHERE done_at IS NULL;
CREATE INDEX report_partner_poll_idx ON report (partner_polled_at)
    WHERE status = 'forwarded' AND partner_id IS NOT NULL;
