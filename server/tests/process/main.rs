//! Tests against the release binary, each server in a process of its own so that its memory
//! can be read and it can be killed: cheap attacks (`hostile`), signals, crashes and logs
//! (`faults`), backup and restore (`backup`), Prometheus metrics (`metrics`), two instances on PostgreSQL behind HAProxy (`scale`). Each server is `meldpunt serve` on a free port
//! with a fresh database.

#![allow(clippy::unwrap_used)]

mod backup;
mod common;
mod faults;
mod hostile;
mod metrics;
mod scale;
