//! Measuring throughput: talk metrics and text detections on the sample week's
//! longest call (44 minutes, ~470 turns), in bytes of transcript per second.
//!
//! `cargo bench --bench measure`

use std::path::Path;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};

fn measure(c: &mut Criterion) {
    let fx = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let cfg = callscore::config::ReadConfig {
        roles: callscore::roles::RoleContext {
            roster: Some(callscore::roles::Roster::load(&fx.join("roster.csv")).expect("roster")),
            manifest: Some(
                callscore::roles::Manifest::load(&fx.join("manifest.csv")).expect("manifest"),
            ),
        },
        forced_format: None,
        limits: Default::default(),
    };
    let path = fx.join("week/2026-11-16-dana-acme-hvac.vtt");
    let call = callscore::read::read_call(&path, &cfg).expect("call");
    let bytes = std::fs::metadata(&path).expect("size").len();
    let playbook =
        callscore::playbook::Playbook::load(&fx.join("playbook.toml")).expect("playbook");
    let detectors = callscore::metrics::spoken::Detectors::new(&playbook);

    let mut g = c.benchmark_group("measure");
    g.throughput(Throughput::Bytes(bytes));
    g.bench_function("talk", |b| {
        b.iter(|| {
            callscore::metrics::talk::measure(std::hint::black_box(&call), Default::default())
        })
    });
    g.bench_function("spoken", |b| {
        b.iter(|| callscore::metrics::spoken::measure(std::hint::black_box(&call), &detectors))
    });
    g.finish();
}

criterion_group!(benches, measure);
criterion_main!(benches);
