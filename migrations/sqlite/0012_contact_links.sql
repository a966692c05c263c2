-- A report, complaint or appointment shows the contacts that produced it: find them by
-- reference.
CREATE INDEX contact_report_ref_idx ON contact (report_ref) WHERE report_ref IS NOT NULL;
CREATE INDEX contact_complaint_ref_idx ON contact (complaint_ref) WHERE complaint_ref IS NOT NULL;
CREATE INDEX contact_appointment_ref_idx ON contact (appointment_ref) WHERE appointment_ref IS NOT NULL;

-- The ContactCenter's figures read a year of contacts and appointments through these alone
-- (covering indexes: the wide rows with summaries and callers' details stay unread).
CREATE INDEX contact_figures_idx ON contact (started_at, topic_id, channel, outcome, duration_seconds);
CREATE INDEX appointment_figures_idx ON appointment (starts_at, type_id, status, created_at);
