-- Standard replies: texts an admin keeps for the notes staff send reporters ("we have planned
-- the repair"), per category (NULL: every category) and language; a coordinator picks one on
-- the report's page and may change it before sending.
CREATE TABLE standard_reply (
    reply_id     INTEGER PRIMARY KEY,
    category_id  INTEGER REFERENCES category (category_id),
    lang         TEXT NOT NULL,
    title        TEXT NOT NULL,
    body         TEXT NOT NULL,
    created_at   TEXT NOT NULL
);
CREATE INDEX standard_reply_category_idx ON standard_reply (category_id, lang);
