//! Integration tests: each drives a real app on 127.0.0.1:0 with a fresh database (`tidy`
//! checks the source tree itself).

#![allow(clippy::unwrap_used)]

mod access;
mod alerts;
mod api;
mod appointments;
mod asks;
mod complaints;
mod contacts;
mod contract;
mod crew;
mod districts;
mod feedback;
mod follow;
mod forms;
mod headers;
mod knowledge;
mod languages;
mod links;
mod mine;
mod office;
mod offline;
mod open311;
mod openapi;
mod photos;
mod places;
mod planner;
mod privacy;
mod questions;
mod replies;
mod tidy;
