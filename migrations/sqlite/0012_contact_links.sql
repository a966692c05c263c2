-- A report, complaint or appointment shows the contacts that produced it: find them by
-- reference.
CREATE INDEX contact_report_ref_idx ON contact (report_ref) WHERE report_ref IS NOT NULL;
CREATE INDEX contact_complaint_ref_idx ON contact (complaint_ref) WHERE complaint_ref IS NOT NULL;
CREATE INDEX contact_appointment_ref_idx ON contact (appointment_ref) WHERE appointment_ref IS NOT NULL;
