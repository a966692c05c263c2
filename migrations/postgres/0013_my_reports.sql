-- "Mijn meldingen" (see the SQLite migration 0019_my_reports for the why).
CREATE TABLE mine_link (
    mine_link_id     bigserial PRIMARY KEY,
    email            text NOT NULL,
    lang             text NOT NULL,
    token_hash       text NOT NULL CONSTRAINT mine_link_token_unique UNIQUE,
    created_at       timestamptz NOT NULL,
    expires_at       timestamptz NOT NULL,
    used_at          timestamptz,
    view_hash        text CONSTRAINT mine_link_view_unique UNIQUE,
    view_expires_at  timestamptz
);
CREATE INDEX mine_link_email_idx ON mine_link (lower(email), created_at);
CREATE INDEX report_contact_email_lower_idx ON report (lower(contact_email)) WHERE contact_email IS NOT NULL;
CREATE INDEX follower_email_lower_idx ON follower (lower(email)) WHERE email IS NOT NULL;
