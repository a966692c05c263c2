-- "Mijn meldingen": a citizen asks, with an e-mail address, for a link to every report made or
-- followed with it. The link is mailed (valid 24 hours, one use) and only its SHA-256 is kept.
-- Using it opens a view of one hour, held in a cookie whose value is kept only as a hash too.
-- A row holds an address: the retention job forgets it two days after it was made.
CREATE TABLE mine_link (
    mine_link_id     INTEGER PRIMARY KEY,
    email            TEXT NOT NULL,
    lang             TEXT NOT NULL,
    token_hash       TEXT NOT NULL CONSTRAINT mine_link_token_unique UNIQUE,
    created_at       TEXT NOT NULL,
    expires_at       TEXT NOT NULL,
    used_at          TEXT,
    view_hash        TEXT CONSTRAINT mine_link_view_unique UNIQUE,
    view_expires_at  TEXT
);
CREATE INDEX mine_link_email_idx ON mine_link (lower(email), created_at);
-- Reports and follows are found by address, whatever its case.
CREATE INDEX report_contact_email_lower_idx ON report (lower(contact_email)) WHERE contact_email IS NOT NULL;
CREATE INDEX follower_email_lower_idx ON follower (lower(email)) WHERE email IS NOT NULL;
