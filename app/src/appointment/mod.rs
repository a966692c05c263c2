//! Appointments at city services (afspraken): services with appointment types, weekly opening
//! hours, closing days and a booking horizon. Slots are computed from these, never stored one
//! by one; a booking takes one place of one slot.

pub mod domain;
#[cfg(feature = "ssr")]
pub mod notify;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod service;
pub mod texts;
