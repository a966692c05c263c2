//! The complaints register (klachtenmanagement): complaints about the administration itself,
//! handled by complaints officers independently of the department concerned, within the
//! 10-day acknowledgement and 45-day answer terms, and reported on yearly to the council.

pub mod domain;
pub mod figures;
#[cfg(feature = "ssr")]
pub mod notify;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod service;
#[cfg(feature = "ssr")]
pub mod steps;
pub mod texts;
