-- Area alerts: an address asks to hear of new reports within 500 m of an address, or in a
-- district (by code, so that importing districts anew keeps the subscriptions), for every
-- category or some (a JSON list), at once or as a daily digest. Nothing is sent before the
-- address is confirmed through the mailed link (double opt-in). The token is kept as it is,
-- like a follower's: every mail carries the management and stop links made from it.
CREATE TABLE alert_subscription (
    alert_id      INTEGER PRIMARY KEY,
    email         TEXT NOT NULL,
    lang          TEXT NOT NULL,
    area          TEXT NOT NULL CHECK (area IN ('around', 'district')),
    lat           REAL,
    lon           REAL,
    label         TEXT,
    district      TEXT,
    categories    TEXT NOT NULL DEFAULT '[]',
    frequency     TEXT NOT NULL CHECK (frequency IN ('immediate', 'daily')),
    token         TEXT NOT NULL UNIQUE,
    created_at    TEXT NOT NULL,
    confirmed_at  TEXT,
    stopped_at    TEXT,
    -- The next digest lists the reports made from this moment on.
    digest_from   TEXT,
    CHECK ((area = 'around') = (lat IS NOT NULL AND lon IS NOT NULL AND label IS NOT NULL)),
    CHECK ((area = 'district') = (district IS NOT NULL))
);
CREATE INDEX alert_subscription_email_idx ON alert_subscription (lower(email));
CREATE INDEX alert_subscription_live_idx ON alert_subscription (frequency)
    WHERE confirmed_at IS NOT NULL AND stopped_at IS NULL;
