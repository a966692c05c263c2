-- "Is het opgelost?" (see the SQLite migration 0018_feedback for the why).
CREATE TABLE feedback (
    feedback_id    bigserial PRIMARY KEY,
    report_id      bigint NOT NULL REFERENCES report (report_id),
    token_hash     text NOT NULL UNIQUE,
    lang           text NOT NULL,
    closed_as      text NOT NULL,
    asked_at       timestamptz NOT NULL,
    answered_at    timestamptz,
    fixed          boolean,
    satisfaction   smallint CHECK (satisfaction BETWEEN 1 AND 5),
    comment        text,
    reopen         text,
    reopen_reason  text,
    decided_at     timestamptz
);
CREATE INDEX feedback_report_idx ON feedback (report_id);
CREATE INDEX feedback_reopen_idx ON feedback (report_id) WHERE reopen = 'asked';
