-- The city asks the reporter: a coordinator puts a question ("which side of the street?",
-- "can you send a photo?") to the person who made a report. The question is mailed with a
-- private link (its token stored hashed) that takes one answer, with up to three photos,
-- within 14 days. A report has at most one question waiting at a time.
--
-- A question may pause the report's deadline: while it waits, the report is not late, and
-- when it stops waiting (answered, withdrawn, expired or the report closed) the due date
-- moves by the time it waited (at most the 14 days).
CREATE TABLE reporter_question (
    question_id   INTEGER PRIMARY KEY,
    report_id     INTEGER NOT NULL REFERENCES report (report_id),
    token_hash    TEXT NOT NULL UNIQUE,
    lang          TEXT NOT NULL,
    question      TEXT NOT NULL,
    pauses        INTEGER NOT NULL CHECK (pauses IN (0, 1)),
    asked_at      TEXT NOT NULL,
    answered_at   TEXT,
    answer        TEXT,
    photos        INTEGER NOT NULL DEFAULT 0,
    -- When it stopped waiting; NULL while it waits.
    ended_at      TEXT,
    -- When staff next changed the report after the answer (the queue's flag goes).
    seen_at       TEXT
);
CREATE INDEX reporter_question_report_idx ON reporter_question (report_id);
CREATE UNIQUE INDEX reporter_question_waiting_idx ON reporter_question (report_id)
    WHERE ended_at IS NULL;

-- The photos of an answer are the report's, kind 'answer': staff see them, the public does not.
-- SQLite cannot change a CHECK constraint in place: the table is rebuilt (nothing refers to it).
CREATE TABLE photo_new (
    photo_id       INTEGER PRIMARY KEY,
    report_id      INTEGER NOT NULL REFERENCES report (report_id),
    kind           TEXT NOT NULL CHECK (kind IN ('before', 'after', 'answer')),
    width          INTEGER NOT NULL,
    height         INTEGER NOT NULL,
    bytes          INTEGER NOT NULL,
    sha256         TEXT NOT NULL,
    storage_key    TEXT NOT NULL,
    thumbnail_key  TEXT NOT NULL,
    created_at     TEXT NOT NULL
);
INSERT INTO photo_new (photo_id, report_id, kind, width, height, bytes, sha256, storage_key,
                       thumbnail_key, created_at)
SELECT photo_id, report_id, kind, width, height, bytes, sha256, storage_key, thumbnail_key,
       created_at FROM photo;
DROP TABLE photo;
ALTER TABLE photo_new RENAME TO photo;
CREATE INDEX photo_report_idx ON photo (report_id);
CREATE INDEX photo_storage_key_idx ON photo (storage_key);
CREATE INDEX photo_thumbnail_key_idx ON photo (thumbnail_key);
