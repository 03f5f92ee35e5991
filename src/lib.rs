//! callscore: batch-score sales-call transcripts.
//!
//! The pipeline, one module per stage:
//! [`batch::walk`] finds files -> [`ingest`] turns bytes into a canonical
//! [`model::Call`] -> [`roles`] decides who is the rep -> [`metrics`] measures
//! it -> [`rules`] judge it against the agreed behaviours -> [`output`] streams
//! the tables while [`aggregate`] and [`targets`] build the per-rep views ->
//! [`inspect`] shows a person what was read of one file.

pub mod aggregate;
pub mod batch;
pub mod check;
pub mod cli;
pub mod config;
pub mod ingest;
pub mod inspect;
pub mod metrics;
pub mod model;
pub mod output;
pub mod playbook;
pub mod read;
pub mod report;
pub mod roles;
pub mod rules;
pub mod run;
pub mod summary;
pub mod targets;
