//! What Meldpunt counts for its operators, through the `metrics` facade: the server installs
//! the Prometheus recorder and serves `/metrics`; without it, recording costs next to nothing.
//! Every metric's name is here, described once; labels are fixed words, never input, so no
//! personal data and no unbounded series.

/// Requests answered, by `group` (see the server's route groups) and `status`.
pub const HTTP_REQUESTS: &str = "meldpunt_http_requests_total";
/// Time from request to answer headers, by `group`.
pub const HTTP_SECONDS: &str = "meldpunt_http_request_duration_seconds";
/// Appointments booked, by channel.
pub const APPOINTMENTS: &str = "meldpunt_appointments_booked_total";
/// Appointments cancelled by their private link.
pub const APPOINTMENTS_CANCELLED: &str = "meldpunt_appointments_cancelled_total";
/// Contacts registered by the ContactCenter.
pub const CONTACTS: &str = "meldpunt_contacts_registered_total";
/// Reports stored, by `channel`.
pub const REPORTS: &str = "meldpunt_reports_created_total";
/// Time a bounded job ran (photo decoding, password checks), by `gate`.
pub const WORK_SECONDS: &str = "meldpunt_work_seconds";
/// Jobs waiting or running, by `gate`.
pub const WORK_QUEUED: &str = "meldpunt_work_queued";
/// Jobs refused because the queue was full (503), by `gate`.
pub const WORK_REFUSED: &str = "meldpunt_work_refused_total";
/// Failed sign-ins, by `reason`: `wrong` (password or account), `locked`, `new_address`.
pub const SIGN_IN_FAILURES: &str = "meldpunt_sign_in_failures_total";
/// Requests refused by a per-client limit (429), by `limit`.
pub const RATE_LIMITED: &str = "meldpunt_rate_limited_total";
/// Mail in the outbox, by `state`: `waiting` (to be sent or retried) or `parked` (given up).
pub const OUTBOX: &str = "meldpunt_outbox_messages";
/// Reports in the planners' in-memory index.
pub const PLANNER_REPORTS: &str = "meldpunt_planner_index_reports";
/// Seconds since the planners' index last caught up with the database (at every planner
/// request): how stale the map could be.
pub const PLANNER_LAG: &str = "meldpunt_planner_index_lag_seconds";

/// Gives every metric its help text (once, at start).
pub fn describe() {
    use metrics::{describe_counter, describe_gauge, describe_histogram, Unit};
    describe_counter!(
        HTTP_REQUESTS,
        "Requests answered, by route group and status"
    );
    describe_counter!(APPOINTMENTS, "Appointments booked, by channel");
    describe_counter!(CONTACTS, "Contacts registered by the ContactCenter");
    describe_counter!(
        APPOINTMENTS_CANCELLED,
        "Appointments cancelled by their private link"
    );
    describe_histogram!(
        HTTP_SECONDS,
        Unit::Seconds,
        "Time from request to answer, by route group"
    );
    describe_counter!(REPORTS, "Reports stored, by channel");
    describe_histogram!(
        WORK_SECONDS,
        Unit::Seconds,
        "Time a bounded job ran (photos, password checks)"
    );
    describe_gauge!(WORK_QUEUED, "Bounded jobs waiting or running");
    describe_counter!(WORK_REFUSED, "Bounded jobs refused with 503: queue full");
    describe_counter!(SIGN_IN_FAILURES, "Failed sign-ins, by reason");
    describe_counter!(RATE_LIMITED, "Requests refused by a per-client limit (429)");
    describe_gauge!(OUTBOX, "Mail in the outbox: waiting or parked");
    describe_gauge!(PLANNER_REPORTS, "Reports in the planners' index");
    describe_gauge!(
        PLANNER_LAG,
        Unit::Seconds,
        "Seconds since the planners' index last caught up with the database"
    );
}
