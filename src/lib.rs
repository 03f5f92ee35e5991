//! callscore: batch-score sales-call transcripts.
//!
//! The pipeline, one module per stage:
//! `ingest` (bytes -> canonical [`model::Call`]) -> `roles` (who is the rep) ->
//! `metrics` (behaviours with evidence) -> `batch` (parallel run) -> `output`.

pub mod ingest;
pub mod model;
pub mod roles;
