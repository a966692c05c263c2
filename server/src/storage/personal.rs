//! Where personal data sits, found by an e-mail address, for access and erasure requests: one
//! list of sources for both databases, so a table added with personal data is added once.
//! Every query takes the address as its only parameter (`?1`, written `$1` for PostgreSQL by
//! [`for_postgres`]) and compares it without case. Each `find` answers the columns
//! `reference, at, name, email, phone, text`.

pub struct Source {
    pub name: &'static str,
    pub find: &'static str,
    /// Run with the address and the time of erasure (`?2`; a statement that needs no time
    /// still names it, so every statement takes the same two parameters).
    pub erase: &'static str,
}

/// In erasing order: what is found through a report's address goes before the address.
pub const SOURCES: &[Source] = &[
    Source {
        name: "feedback",
        // The reporter's answers, and a follower's (which go with the follower too).
        find: "SELECT r.ref AS reference, f.answered_at AS at, NULL AS name, NULL AS email,
                      NULL AS phone, f.comment AS text
               FROM feedback f JOIN report r ON r.report_id = f.report_id
               LEFT JOIN follower fo ON fo.follower_id = f.follower_id
               WHERE f.comment IS NOT NULL
                 AND ((f.follower_id IS NULL AND lower(r.contact_email) = lower(?1))
                      OR lower(fo.email) = lower(?1))",
        erase: "UPDATE feedback SET comment = NULL
                WHERE comment IS NOT NULL AND ?2 IS NOT NULL
                  AND ((follower_id IS NULL AND report_id IN
                        (SELECT report_id FROM report WHERE lower(contact_email) = lower(?1)))
                       OR follower_id IN
                        (SELECT follower_id FROM follower WHERE lower(email) = lower(?1)))",
    },
    Source {
        name: "reporter_question",
        find: "SELECT r.ref AS reference, q.answered_at AS at, NULL AS name, NULL AS email,
                      NULL AS phone, q.answer AS text
               FROM reporter_question q JOIN report r ON r.report_id = q.report_id
               WHERE lower(r.contact_email) = lower(?1) AND q.answer IS NOT NULL",
        erase: "UPDATE reporter_question SET answer = NULL
                WHERE answer IS NOT NULL AND report_id IN
                      (SELECT report_id FROM report WHERE lower(contact_email) = lower(?1))
                  AND ?2 IS NOT NULL",
    },
    Source {
        name: "report",
        find: "SELECT ref AS reference, created_at AS at, contact_name AS name,
                      contact_email AS email, contact_phone AS phone, NULL AS text
               FROM report WHERE lower(contact_email) = lower(?1)",
        erase: "UPDATE report SET contact_name = NULL, contact_email = NULL,
                       contact_phone = NULL, contact_consent = FALSE, updated_at = ?2
                WHERE lower(contact_email) = lower(?1)",
    },
    Source {
        name: "follower",
        find: "SELECT r.ref AS reference, f.created_at AS at, f.name AS name, f.email AS email,
                      f.phone AS phone, NULL AS text
               FROM follower f JOIN report r ON r.report_id = f.report_id
               WHERE lower(f.email) = lower(?1)",
        erase: "DELETE FROM follower WHERE lower(email) = lower(?1) AND ?2 IS NOT NULL",
    },
    Source {
        name: "alert_subscription",
        find: "SELECT NULL AS reference, created_at AS at, NULL AS name, email,
                      NULL AS phone, coalesce(label, district) AS text
               FROM alert_subscription WHERE lower(email) = lower(?1)",
        erase: "DELETE FROM alert_subscription WHERE lower(email) = lower(?1) AND ?2 IS NOT NULL",
    },
    Source {
        name: "complaint",
        find: "SELECT ref AS reference, created_at AS at, contact_name AS name,
                      contact_email AS email, contact_phone AS phone, contact_address AS text
               FROM complaint WHERE lower(contact_email) = lower(?1)",
        erase: "UPDATE complaint SET contact_name = NULL, contact_email = NULL,
                       contact_phone = NULL, contact_address = NULL, updated_at = ?2,
                       version = version + 1
                WHERE lower(contact_email) = lower(?1)",
    },
    Source {
        name: "contact",
        find: "SELECT coalesce(report_ref, complaint_ref, appointment_ref) AS reference,
                      started_at AS at, caller_name AS name, caller_email AS email,
                      caller_phone AS phone, NULL AS text
               FROM contact WHERE lower(caller_email) = lower(?1)",
        erase: "UPDATE contact SET caller_name = NULL, caller_phone = NULL, phone_digits = NULL,
                       caller_email = NULL, erased_at = ?2
                WHERE lower(caller_email) = lower(?1)",
    },
    Source {
        name: "appointment",
        find: "SELECT ref AS reference, starts_at AS at, name AS name, email AS email,
                      phone AS phone, NULL AS text
               FROM appointment WHERE lower(email) = lower(?1)",
        erase: "UPDATE appointment SET name = NULL, email = NULL, phone = NULL,
                       phone_digits = NULL, erased_at = ?2
                WHERE lower(email) = lower(?1)",
    },
    Source {
        name: "my_reports_link",
        find: "SELECT NULL AS reference, created_at AS at, NULL AS name, email AS email,
                      NULL AS phone, NULL AS text
               FROM mine_link WHERE lower(email) = lower(?1)",
        erase: "DELETE FROM mine_link WHERE lower(email) = lower(?1) AND ?2 IS NOT NULL",
    },
    Source {
        name: "mail",
        find: "SELECT NULL AS reference, created_at AS at, NULL AS name, to_addr AS email,
                      NULL AS phone, subject AS text
               FROM outbox WHERE lower(to_addr) = lower(?1)",
        erase: "DELETE FROM outbox WHERE lower(to_addr) = lower(?1) AND ?2 IS NOT NULL",
    },
];

/// The same statement with PostgreSQL's parameter marks.
pub fn for_postgres(sql: &str) -> String {
    sql.replace("?1", "$1").replace("?2", "$2")
}
