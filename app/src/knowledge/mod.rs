//! The knowledge base: articles about the city's products and services, for agents while a
//! caller talks and for citizens on `/info/…`.

pub mod domain;
pub mod editor;
pub mod pages;
pub mod search;
#[cfg(feature = "ssr")]
pub mod service;
pub mod texts;
