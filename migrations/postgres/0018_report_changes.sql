-- Every instance keeps its planner index in step with the reports. Instead of asking the
-- database what changed at every planner request, an instance listens on this channel: any
-- statement that changes reports notifies it when its transaction commits (PostgreSQL sends
-- one notification per channel and payload per transaction, and none on a rollback).
CREATE FUNCTION meldpunt_report_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('meldpunt_report_changed', '');
    RETURN NULL;
END
$$;
CREATE TRIGGER report_changed AFTER INSERT OR UPDATE OR DELETE ON report
    FOR EACH STATEMENT EXECUTE FUNCTION meldpunt_report_changed();
CREATE TRIGGER report_truncated AFTER TRUNCATE ON report
    FOR EACH STATEMENT EXECUTE FUNCTION meldpunt_report_changed();
