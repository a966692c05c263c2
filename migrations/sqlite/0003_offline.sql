-- Offline work: changes queued on a crew's tablet are applied at most once, and a change made
-- on a version of the report that is no longer current is kept as a conflict for a coordinator.

-- One row per offline change the server accepted, keyed by the id the tablet gave it
-- (`Idempotency-Key`). A replay answers with the stored outcome instead of acting twice.
CREATE TABLE change_receipt (
    idem_key      TEXT PRIMARY KEY,
    user_id       INTEGER NOT NULL REFERENCES app_user (user_id),
    request_hash  TEXT NOT NULL,
    report_id     INTEGER NOT NULL REFERENCES report (report_id),
    outcome       TEXT NOT NULL CONSTRAINT change_receipt_outcome CHECK (outcome IN ('applied', 'conflict')),
    -- The report's version right after this change.
    version       INTEGER NOT NULL,
    created_at    TEXT NOT NULL
);

CREATE INDEX change_receipt_created_idx ON change_receipt (created_at);

-- Set when an offline change met a newer version; a coordinator clears it after resolving.
ALTER TABLE report ADD COLUMN conflict_at TEXT;
