//! callscore: batch-score sales-call transcripts.
//!
//! The pipeline, one module per stage:
//! [`batch::walk`] finds files -> [`ingest`] turns bytes into a canonical
//! [`model::Call`] -> [`roles`] decides who is the rep -> (metrics, targets,
//! aggregation and output follow) -> [`inspect`] shows a person what was read.

pub mod aggregate;
pub mod batch;
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
pub mod run;
pub mod summary;
