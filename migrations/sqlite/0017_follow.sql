-- Following a report by e-mail. A follower has a token for the links in its mails (confirm,
-- stop) and is mailed only once confirmed and until stopped. Anyone may follow a public
-- report (double opt-in); the reporter follows from the start, as do callers an agent added
-- and the people of a merged duplicate, so existing followers count as confirmed.
ALTER TABLE follower ADD COLUMN token TEXT;
ALTER TABLE follower ADD COLUMN confirmed_at TEXT;
ALTER TABLE follower ADD COLUMN stopped_at TEXT;
-- When confirmation was last asked for: its link works for 7 days from then.
ALTER TABLE follower ADD COLUMN asked_at TEXT;
UPDATE follower SET confirmed_at = created_at, token = lower(hex(randomblob(16)));
INSERT INTO follower (report_id, email, lang, created_at, confirmed_at, token)
    SELECT report_id, contact_email, lang, created_at, created_at, lower(hex(randomblob(16)))
    FROM report r WHERE contact_email IS NOT NULL
    AND NOT EXISTS (SELECT 1 FROM follower f WHERE f.report_id = r.report_id
                    AND lower(f.email) = lower(r.contact_email));
CREATE UNIQUE INDEX follower_token_idx ON follower (token);

-- A mail about something one follows says how to stop it (List-Unsubscribe, RFC 8058).
ALTER TABLE outbox ADD COLUMN unsubscribe TEXT;
