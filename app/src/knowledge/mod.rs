//! The knowledge base: articles about the city's products and services, for agents while a
//! caller talks and for citizens on `/info/…`.

pub mod search;
