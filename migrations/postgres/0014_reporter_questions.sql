-- The city asks the reporter (see the SQLite migration 0020_reporter_questions for the why).
CREATE TABLE reporter_question (
    question_id   bigserial PRIMARY KEY,
    report_id     bigint NOT NULL REFERENCES report (report_id),
    token_hash    text NOT NULL UNIQUE,
    lang          text NOT NULL,
    question      text NOT NULL,
    pauses        boolean NOT NULL,
    asked_at      timestamptz NOT NULL,
    answered_at   timestamptz,
    answer        text,
    photos        integer NOT NULL DEFAULT 0,
    ended_at      timestamptz,
    seen_at       timestamptz
);
CREATE INDEX reporter_question_report_idx ON reporter_question (report_id);
CREATE UNIQUE INDEX reporter_question_waiting_idx ON reporter_question (report_id)
    WHERE ended_at IS NULL;

ALTER TABLE photo DROP CONSTRAINT photo_kind_check;
ALTER TABLE photo ADD CONSTRAINT photo_kind_check CHECK (kind IN ('before', 'after', 'answer'));
