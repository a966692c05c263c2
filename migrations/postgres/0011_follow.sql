-- Following a report by e-mail (see the SQLite migration 0017_follow for the why). Tokens
-- come from gen_random_uuid(), a strong random source built into PostgreSQL 13 and later.
ALTER TABLE follower ADD COLUMN token text;
ALTER TABLE follower ADD COLUMN confirmed_at timestamptz;
ALTER TABLE follower ADD COLUMN stopped_at timestamptz;
ALTER TABLE follower ADD COLUMN asked_at timestamptz;
UPDATE follower SET confirmed_at = created_at, token = replace(gen_random_uuid()::text, '-', '');
INSERT INTO follower (report_id, email, lang, created_at, confirmed_at, token)
    SELECT report_id, contact_email, lang, created_at, created_at, replace(gen_random_uuid()::text, '-', '')
    FROM report r WHERE contact_email IS NOT NULL
    AND NOT EXISTS (SELECT 1 FROM follower f WHERE f.report_id = r.report_id
                    AND lower(f.email) = lower(r.contact_email));
CREATE UNIQUE INDEX follower_token_idx ON follower (token);

ALTER TABLE outbox ADD COLUMN unsubscribe text;
