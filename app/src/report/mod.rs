//! Citizen reports: the domain, the server functions, the report form and the report pages.

pub mod alerts;
pub mod alerts_page;
pub mod api;
pub mod ask;
pub mod ask_page;
pub mod domain;
pub mod feedback;
pub mod feedback_page;
pub mod follow;
pub mod form;
pub mod mine;
pub mod mine_page;
pub mod page;
pub mod questions;
pub mod texts;
