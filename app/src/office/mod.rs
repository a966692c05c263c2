//! The back office: contact-center intake, triage and routing, deadlines, crews' work lists,
//! notifications and administration.

#[cfg(feature = "ssr")]
pub mod admin;
pub mod admin_page;
pub mod api;
pub mod asks_ui;
pub mod domain;
#[cfg(feature = "ssr")]
pub mod links_admin;
pub mod links_page;
#[cfg(feature = "ssr")]
pub mod notify;
pub mod pages;
pub mod replies;
#[cfg(feature = "ssr")]
pub mod service;
#[cfg(feature = "ssr")]
pub mod sync;
pub mod texts;
