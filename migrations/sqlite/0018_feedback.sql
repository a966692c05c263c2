-- "Is het opgelost?": when a report is closed (done, rejected or forwarded), the mail to the
-- person who reported it asks whether the problem is fixed and how satisfied they are. Each
-- closing asks once, through a private link (its token stored hashed) that works 14 days and
-- takes one answer. "Not fixed" asks the department to reopen the report: it accepts (the
-- report is reopened) or declines with a reason the reporter receives.
CREATE TABLE feedback (
    feedback_id    INTEGER PRIMARY KEY,
    report_id      INTEGER NOT NULL REFERENCES report (report_id),
    token_hash     TEXT NOT NULL UNIQUE,
    lang           TEXT NOT NULL,
    -- The status the report was closed with when the question was asked.
    closed_as      TEXT NOT NULL,
    asked_at       TEXT NOT NULL,
    answered_at    TEXT,
    fixed          INTEGER,
    satisfaction   INTEGER CHECK (satisfaction BETWEEN 1 AND 5),
    comment        TEXT,
    -- NULL, or 'asked' / 'accepted' / 'declined' for a "not fixed" answer.
    reopen         TEXT,
    reopen_reason  TEXT,
    decided_at     TEXT
);
CREATE INDEX feedback_report_idx ON feedback (report_id);
CREATE INDEX feedback_reopen_idx ON feedback (report_id) WHERE reopen = 'asked';
