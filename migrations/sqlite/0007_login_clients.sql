-- Sign-in throttling per account *and* client: failures from one address lock that address out
-- of that account, not the account's owner elsewhere. `client` is a hash of the address (an
-- IPv6 address by its /64), never the address itself. Rows are purged a day after the last
-- failure.
DROP TABLE login_throttle;
CREATE TABLE login_throttle (
    email         TEXT NOT NULL,
    client        TEXT NOT NULL,
    failures      INTEGER NOT NULL CHECK (failures > 0),
    last_failure  TEXT NOT NULL,
    locked_until  TEXT,
    PRIMARY KEY (email, client)
) WITHOUT ROWID;
CREATE INDEX login_throttle_last_failure_idx ON login_throttle (last_failure);

-- Clients an account signed in from successfully: while the account is under a spread-out
-- attack, only these may still try. Kept for 90 days after the last success.
CREATE TABLE login_known_client (
    email         TEXT NOT NULL,
    client        TEXT NOT NULL,
    last_success  TEXT NOT NULL,
    PRIMARY KEY (email, client)
) WITHOUT ROWID;
CREATE INDEX login_known_client_last_success_idx ON login_known_client (last_success);
