//! Planners: all reports on a map (clustered on the server over an in-memory index),
//! statistics, exports and the annual report.

pub mod domain;
#[cfg(feature = "ssr")]
pub mod export;
pub mod figures;
#[cfg(feature = "ssr")]
pub mod index;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod service;
pub mod texts;
