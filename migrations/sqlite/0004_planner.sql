-- The planners' in-memory index asks for reports changed since its last look.
CREATE INDEX report_updated_idx ON report (updated_at);
