-- Periodic jobs (daily retention) claim their run here, so they run once per period also
-- when an instance restarts several times a day.
CREATE TABLE job_schedule (
    job       TEXT PRIMARY KEY,
    next_run  TEXT NOT NULL
) WITHOUT ROWID;
