//! The ContactCenter's register (klantcontacten): every contact by phone, at the counter, by
//! e-mail, chat or letter, with its topic, outcome and duration, and the hand-overs to
//! departments (call-back requests) with their due time.

pub mod admin_page;
pub mod domain;
pub mod figures;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod service;
pub mod texts;
